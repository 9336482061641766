/// A small JSONPath: `$`, `.name`, `["name"]`, `[N]` (negative counts from the end), `[*]`, and
/// a final `.length()`. A wildcard makes the result a list of every match.
public struct JSONPath: Sendable, CustomStringConvertible {
  enum Segment: Sendable {
    case member(String)
    case index(Int)
    case wildcard
    case length
  }

  let segments: [Segment]
  /// The path as written.
  public let text: String

  /// Parses a path; `nil` when it is not one.
  public init?(_ text: String) {
    guard text.hasPrefix("$") else { return nil }
    var segments: [Segment] = []
    var rest = text.dropFirst()
    while let first = rest.first {
      if rest.hasPrefix(".length()") {
        segments.append(.length)
        rest = rest.dropFirst(".length()".count)
        guard rest.isEmpty else { return nil }
      } else if first == "." {
        rest = rest.dropFirst()
        let name = rest.prefix { $0 != "." && $0 != "[" }
        guard !name.isEmpty else { return nil }
        segments.append(name == "*" ? .wildcard : .member(String(name)))
        rest = rest.dropFirst(name.count)
      } else if first == "[" {
        guard let close = rest.firstIndex(of: "]") else { return nil }
        let inside = rest[rest.index(after: rest.startIndex) ..< close]
        if inside == "*" {
          segments.append(.wildcard)
        } else if let index = Int(inside) {
          segments.append(.index(index))
        } else if inside.count >= 2, let quote = inside.first, quote == "\"" || quote == "'",
          inside.last == quote
        {
          segments.append(.member(String(inside.dropFirst().dropLast())))
        } else {
          return nil
        }
        rest = rest[rest.index(after: close)...]
      } else {
        return nil
      }
    }
    self.segments = segments
    self.text = text
  }

  public var description: String { text }

  /// Whether the path starts by indexing (`$[0]`, `$[*]`): on a stream, that indexes the
  /// responses; otherwise `$` is the last response.
  public var indexesRoot: Bool {
    switch segments.first {
    case .index, .wildcard: true
    default: false
    }
  }

  /// The value at the path, or nil when it is missing.
  public func evaluate(_ root: JSONValue) -> JSONValue? {
    var current: [JSONValue] = [root]
    var isList = false
    for segment in segments {
      var next: [JSONValue] = []
      for value in current {
        switch segment {
        case .member(let name):
          if let member = value[name] { next.append(member) }
        case .index(let index):
          if case .array(let items) = value {
            let position = index < 0 ? items.count + index : index
            if items.indices.contains(position) { next.append(items[position]) }
          }
        case .wildcard:
          if case .array(let items) = value { next += items }
          if case .object(let members) = value { next += members.map(\.1) }
        case .length:
          switch value {
          case .array(let items): next.append(.number(String(items.count)))
          case .object(let members): next.append(.number(String(members.count)))
          case .string(let text): next.append(.number(String(text.count)))
          default: break
          }
        }
      }
      if case .wildcard = segment { isList = true }
      if case .length = segment, isList {
        return .number(String(current.count))
      }
      current = next
    }
    if isList { return .array(current) }
    return current.first
  }
}
