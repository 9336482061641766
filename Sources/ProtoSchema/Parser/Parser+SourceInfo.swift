import SwiftProtobuf

/// A handle on a `SourceCodeInfo` location being recorded.
typealias LocationHandle = Int

/// Source locations, recorded the way protoc's `LocationRecorder` does: a location is added when
/// its element starts (so locations are in source order, parents first) and ends at the last
/// token the element consumed. Comments attach when a declaration ends (`;`, `{`).
extension Parser {
  /// Opens a location for `path` starting at the current token.
  mutating func openLocation(_ path: DescriptorPath) -> LocationHandle {
    openLocation(path, at: current)
  }

  /// Opens a location for `path` starting at `token`.
  mutating func openLocation(_ path: DescriptorPath, at token: Token) -> LocationHandle {
    var location = Google_Protobuf_SourceCodeInfo.Location()
    location.path = path
    location.span = [Int32(token.position.line - 1), Int32(token.position.column - 1)]
    sourceLocations.append(location)
    return sourceLocations.count - 1
  }

  /// Ends a location at the last consumed token, unless it was already ended.
  mutating func closeLocation(_ handle: LocationHandle) {
    guard sourceLocations[handle].span.count <= 2, index > 0 else { return }
    closeLocation(handle, at: tokens[index - 1])
  }

  /// Ends a location at `token`.
  mutating func closeLocation(_ handle: LocationHandle, at token: Token) {
    let line = Int32(token.end.line - 1)
    if line != sourceLocations[handle].span[0] { sourceLocations[handle].span.append(line) }
    sourceLocations[handle].span.append(Int32(token.end.column - 1))
  }

  /// Records a whole location from one token to another, after both were consumed.
  mutating func addLocation(_ path: DescriptorPath, from first: Int, to last: Int) {
    let handle = openLocation(path, at: tokens[first])
    closeLocation(handle, at: tokens[max(first, last)])
  }

  /// Moves a location's start to another location's start.
  mutating func startLocation(_ handle: LocationHandle, asOf other: LocationHandle) {
    sourceLocations[handle].span[0] = sourceLocations[other].span[0]
    sourceLocations[handle].span[1] = sourceLocations[other].span[1]
  }

  /// Requires the symbol that ends a declaration and attaches the comments around it to
  /// `location`, as protoc's `ConsumeEndOfDeclaration` does.
  mutating func endDeclaration(_ symbol: String, location: LocationHandle?) throws(Recover) {
    guard tryEndDeclaration(symbol, location: location) else {
      throw fail("Expected \"\(symbol)\".")
    }
  }

  /// Consumes `symbol` if it is next, distributing the comments that follow it: the comment
  /// trailing it and the detached and leading comments gathered before the declaration go to
  /// `location`; the comments leading the next token are kept for the next declaration.
  mutating func tryEndDeclaration(_ symbol: String, location: LocationHandle?) -> Bool {
    guard current.isSymbol(symbol) else { return false }
    advance()
    let gap = commentGaps[index]
    let leading = upcomingLeadingComment
    upcomingLeadingComment = gap.leading
    if let location {
      attachComments(
        to: location,
        leading: leading,
        trailing: gap.trailing,
        detached: upcomingDetachedComments
      )
      upcomingDetachedComments = gap.detached
    } else if symbol == "}" {
      upcomingDetachedComments = gap.detached
    } else {
      upcomingDetachedComments += gap.detached
    }
    return true
  }

  private mutating func attachComments(
    to handle: LocationHandle,
    leading: String,
    trailing: String,
    detached: [String]
  ) {
    if !leading.isEmpty { sourceLocations[handle].leadingComments = leading }
    if !trailing.isEmpty { sourceLocations[handle].trailingComments = trailing }
    sourceLocations[handle].leadingDetachedComments = detached
  }
}
