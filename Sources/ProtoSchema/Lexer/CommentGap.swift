/// The comments between two tokens, attributed the way protoc's tokenizer does
/// (`Tokenizer::NextWithComments`): a comment on the previous token's line (or on the next line,
/// followed by a blank line) trails the previous token; the block right before the next token
/// leads it; everything else is detached.
public struct CommentGap: Sendable, Hashable {
  /// The comment trailing the previous token, if any.
  public var trailing: String = ""
  /// Comments attached to neither token.
  public var detached: [String] = []
  /// The comment leading the next token, if any.
  public var leading: String = ""

  /// No comments at all.
  public static let empty = CommentGap()
}

/// Attributes the comments found in the whitespace between two tokens.
struct CommentGapScanner {
  private let bytes: ArraySlice<UInt8>
  private var offset: Int
  /// Lines advanced since the previous token.
  private var line = 0
  private var collector = Collector()

  /// Scans `bytes`, the text from the end of the previous token (or the start of the file) to
  /// the start of the next token, whose text is `next` (nil at the end of the file).
  static func scan(_ bytes: ArraySlice<UInt8>, isFileStart: Bool, next: String?) -> CommentGap {
    var scanner = CommentGapScanner(bytes: bytes)
    return scanner.run(isFileStart: isFileStart, next: next)
  }

  private init(bytes: ArraySlice<UInt8>) {
    self.bytes = bytes
    self.offset = bytes.startIndex
  }

  private func peek(_ ahead: Int = 0) -> UInt8? {
    offset + ahead < bytes.endIndex ? bytes[offset + ahead] : nil
  }

  private mutating func consume(_ byte: UInt8) -> Bool {
    guard peek() == byte else { return false }
    offset += 1
    if byte == UInt8(ascii: "\n") { line += 1 }
    return true
  }

  private mutating func skipSpaces() {
    while let byte = peek(), byte != UInt8(ascii: "\n"), byte.isSpace { offset += 1 }
  }

  private enum CommentStart { case line, block, none }

  private mutating func commentStart() -> CommentStart {
    guard peek() == UInt8(ascii: "/") else { return .none }
    if peek(1) == UInt8(ascii: "/") {
      offset += 2
      return .line
    }
    if peek(1) == UInt8(ascii: "*") {
      offset += 2
      return .block
    }
    return .none
  }

  private mutating func run(isFileStart: Bool, next: String?) -> CommentGap {
    let previousLine = isFileStart ? -1 : 0
    var trailingEndLine = -1
    if isFileStart {
      collector.canAttachToPrevious = false
    } else {
      skipSpaces()
      switch commentStart() {
      case .line:
        trailingEndLine = line
        collector.startLineComment()
        readLineComment()
        collector.flush()
      case .block:
        collector.startBlockComment()
        readBlockComment()
        trailingEndLine = line
        skipSpaces()
        collector.flush()
      case .none:
        guard consume(UInt8(ascii: "\n")) else { return collector.finish() }
      }
    }
    while true {
      skipSpaces()
      switch commentStart() {
      case .line:
        collector.startLineComment()
        readLineComment()
      case .block:
        collector.startBlockComment()
        readBlockComment()
        skipSpaces()
        _ = consume(UInt8(ascii: "\n"))
      case .none:
        if consume(UInt8(ascii: "\n")) {
          collector.flush()
          collector.canAttachToPrevious = false
          continue
        }
        if next == nil || next == "}" || next == "]" || next == ")" { collector.flush() }
        if next != nil, previousLine == line || trailingEndLine == line {
          collector.maybeDetach()
        }
        return collector.finish()
      }
    }
  }

  /// Reads a `//` comment's text up to and including its newline.
  private mutating func readLineComment() {
    let start = offset
    while let byte = peek(), byte != UInt8(ascii: "\n") { offset += 1 }
    _ = consume(UInt8(ascii: "\n"))
    collector.buffer += String(decoding: bytes[start ..< offset], as: UTF8.self)
  }

  /// Reads a `/* */` comment's text; each continuation line loses its indentation and one `*`.
  private mutating func readBlockComment() {
    var start = offset
    while true {
      while let byte = peek(), byte != UInt8(ascii: "*"), byte != UInt8(ascii: "/"),
        byte != UInt8(ascii: "\n")
      {
        offset += 1
      }
      if consume(UInt8(ascii: "\n")) {
        collector.buffer += String(decoding: bytes[start ..< offset], as: UTF8.self)
        skipSpaces()
        if consume(UInt8(ascii: "*")), consume(UInt8(ascii: "/")) { return }
        start = offset
      } else if consume(UInt8(ascii: "*")) {
        if consume(UInt8(ascii: "/")) {
          collector.buffer += String(decoding: bytes[start ..< offset - 2], as: UTF8.self)
          return
        }
      } else if consume(UInt8(ascii: "/")) {
        continue
      } else {
        collector.buffer += String(decoding: bytes[start ..< offset], as: UTF8.self)
        return
      }
    }
  }

  /// protoc's `CommentCollector`: buffers the latest comment until its place is known.
  private struct Collector {
    var buffer = ""
    var hasComment = false
    var isLineComment = false
    var canAttachToPrevious = true
    var commentCount = 0
    var hasTrailing = false
    var gap = CommentGap()

    mutating func startLineComment() {
      if hasComment && !isLineComment { flush() }
      hasComment = true
      isLineComment = true
    }

    mutating func startBlockComment() {
      if hasComment { flush() }
      hasComment = true
      isLineComment = false
    }

    mutating func flush() {
      guard hasComment else { return }
      if canAttachToPrevious {
        gap.trailing += buffer
        hasTrailing = true
        canAttachToPrevious = false
      } else {
        gap.detached.append(buffer)
      }
      buffer = ""
      hasComment = false
      commentCount += 1
    }

    /// A single comment between two tokens on one line belongs to neither.
    mutating func maybeDetach() {
      guard commentCount + (hasComment ? 1 : 0) == 1 else { return }
      if hasTrailing {
        gap.detached.insert(gap.trailing, at: 0)
        gap.trailing = ""
      }
      flush()
    }

    mutating func finish() -> CommentGap {
      if hasComment { gap.leading = buffer }
      return gap
    }
  }
}

extension UInt8 {
  /// ASCII whitespace, as C's `isspace` (newline included).
  fileprivate var isSpace: Bool {
    self == UInt8(ascii: " ") || self == UInt8(ascii: "\t") || self == UInt8(ascii: "\n")
      || self == UInt8(ascii: "\r") || self == 0x0B || self == 0x0C
  }
}
