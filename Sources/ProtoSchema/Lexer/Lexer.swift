/// Splits `.proto` source into tokens, tracking positions the way protoc does (1-based lines and
/// columns, tabs advancing to the next multiple of 8).
public struct Lexer: Sendable {
  private let file: String
  private let source: [UInt8]
  private var offset = 0
  private var line = 1
  private var column = 1

  /// For each token, the comments in the whitespace before it, attributed as protoc does.
  public private(set) var gaps: [CommentGap] = []
  /// Where the token being read starts (a byte offset).
  private var tokenStart = 0
  /// Lexical errors (bad escapes, unterminated strings, stray characters).
  public private(set) var diagnostics: [Diagnostic] = []

  /// Creates a lexer over a file's bytes.
  public init(file: String, source: [UInt8]) {
    self.file = file
    self.source = source
    if source.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
  }

  /// Reads every token; the last one is `.endOfFile`.
  public mutating func tokenize() -> [Token] {
    var tokens: [Token] = []
    while true {
      let gapStart = offset
      let token = next()
      gaps.append(
        CommentGapScanner.scan(
          source[gapStart ..< tokenStart],
          isFileStart: tokens.isEmpty,
          next: token.kind == .endOfFile ? nil : token.text
        )
      )
      tokens.append(token)
      if token.kind == .endOfFile { return tokens }
    }
  }

  private var position: SourcePosition { SourcePosition(file: file, line: line, column: column) }

  private func peek(_ ahead: Int = 0) -> UInt8? {
    offset + ahead < source.count ? source[offset + ahead] : nil
  }

  private mutating func advance() {
    guard let byte = peek() else { return }
    offset += 1
    switch byte {
    case UInt8(ascii: "\n"):
      line += 1
      column = 1
    case UInt8(ascii: "\t"):
      column += 8 - (column - 1) % 8
    default:
      column += 1
    }
  }

  private mutating func next() -> Token {
    skipWhitespaceAndComments()
    // Control characters are reported and skipped (a loop, not recursion: a file may hold
    // thousands of them); one report per run of them.
    while let byte = peek(), byte < 0x20 || byte == 0x7F {
      diagnostics.append(
        Diagnostic("Invalid control characters encountered in text.", at: position)
      )
      while let next = peek(), next < 0x09 || (0x0E ..< 0x20).contains(next) || next == 0x7F {
        advance()
      }
      skipWhitespaceAndComments()
    }
    let start = position
    let startOffset = offset
    tokenStart = offset
    guard let byte = peek() else {
      return Token(kind: .endOfFile, text: "", position: start, end: start)
    }
    let kind: Token.Kind
    var bytes: [UInt8] = []
    if byte.isIdentifierStart {
      while let b = peek(), b.isIdentifierStart || b.isDigit { advance() }
      kind = .identifier
    } else if byte.isDigit || (byte == UInt8(ascii: ".") && (peek(1)?.isDigit ?? false)) {
      kind = scanNumber()
    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
      bytes = scanString(quote: byte)
      kind = .string
    } else {
      advance()
      kind = .symbol
    }
    let text = String(decoding: source[startOffset ..< offset], as: UTF8.self)
    return Token(kind: kind, text: text, bytes: bytes, position: start, end: position)
  }

  private mutating func skipWhitespaceAndComments() {
    while let byte = peek() {
      if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
        || byte == UInt8(ascii: "\r") || byte == 0x0B || byte == 0x0C
      {
        advance()
      } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") {
        scanLineComment()
      } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
        scanBlockComment()
      } else {
        return
      }
    }
  }

  private mutating func scanLineComment() {
    while let b = peek(), b != UInt8(ascii: "\n") { advance() }
    advance()
  }

  private mutating func scanBlockComment() {
    advance()
    advance()
    while peek() != nil, !(peek() == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/")) {
      advance()
    }
    guard peek() != nil else {
      diagnostics.append(Diagnostic("End-of-file inside block comment.", at: position))
      return
    }
    advance()
    advance()
  }

  private mutating func scanNumber() -> Token.Kind {
    var isFloat = false
    if peek() == UInt8(ascii: "0"), let x = peek(1),
      x == UInt8(ascii: "x") || x == UInt8(ascii: "X")
    {
      advance()
      advance()
      while let b = peek(), b.isHexDigit { advance() }
      return .integer
    }
    while let b = peek(), b.isDigit { advance() }
    if peek() == UInt8(ascii: ".") {
      isFloat = true
      advance()
      while let b = peek(), b.isDigit { advance() }
    }
    if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
      isFloat = true
      advance()
      if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { advance() }
      while let b = peek(), b.isDigit { advance() }
    }
    if let f = peek(), f == UInt8(ascii: "f") || f == UInt8(ascii: "F"), isFloat { advance() }
    if let b = peek(), b.isIdentifierStart {
      diagnostics.append(Diagnostic("Need space between number and identifier.", at: position))
    }
    return isFloat ? .float : .integer
  }

  private mutating func scanString(quote: UInt8) -> [UInt8] {
    advance()
    var value: [UInt8] = []
    while let byte = peek() {
      if byte == quote {
        advance()
        return value
      }
      if byte == UInt8(ascii: "\n") {
        diagnostics.append(
          Diagnostic("Multiline strings are not allowed. Did you miss a \"?.", at: position)
        )
        return value
      }
      if byte == UInt8(ascii: "\\") {
        scanEscape(into: &value)
      } else {
        value.append(byte)
        advance()
      }
    }
    diagnostics.append(Diagnostic("Unexpected end of string.", at: position))
    return value
  }

  private mutating func scanEscape(into value: inout [UInt8]) {
    let escapePosition = position
    advance()
    let decoded = StringEscape.decode(source, at: offset)
    for _ in 0 ..< decoded.length { advance() }
    value += decoded.bytes
    if let problem = decoded.problem {
      diagnostics.append(Diagnostic(problem, at: escapePosition))
    }
  }
}

extension UInt8 {
  fileprivate var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
  fileprivate var isHexDigit: Bool { hexValue != nil }
  fileprivate var isIdentifierStart: Bool {
    (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z"))
      || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z"))
      || self == UInt8(ascii: "_")
  }
  fileprivate var isPunctuation: Bool {
    Array("{}()[]<>;,=.-+:/".utf8).contains(self)
  }
  fileprivate var hexValue: Int? {
    switch self {
    case UInt8(ascii: "0") ... UInt8(ascii: "9"): return Int(self - UInt8(ascii: "0"))
    case UInt8(ascii: "a") ... UInt8(ascii: "f"): return Int(self - UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A") ... UInt8(ascii: "F"): return Int(self - UInt8(ascii: "A")) + 10
    default: return nil
    }
  }
}
