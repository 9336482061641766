import ProtoSchema

/// Splits protobuf text format into tokens: identifiers, numbers, strings (unescaped), and
/// single-character symbols; `#` starts a comment. Tracks 1-based lines and columns.
struct TextScanner {
  /// One token of text format.
  struct Token: Equatable {
    enum Kind: Equatable {
      case identifier
      case number
      case string
      case symbol
      case end
    }

    var kind: Kind
    /// The token as written (strings: the unescaped bytes as Latin-1-free raw bytes are in
    /// `bytes`).
    var text: String
    /// For strings: the unescaped bytes.
    var bytes: [UInt8] = []
    var line: Int
    var column: Int
  }

  private let source: [UInt8]
  private var offset = 0
  private var line = 1
  private var column = 1
  /// The next token, not yet consumed.
  private(set) var current: Token

  init(_ source: [UInt8]) throws(CodecError) {
    self.source = source
    self.current = Token(kind: .end, text: "", line: 1, column: 1)
    current = try scan()
  }

  /// Where the next token starts, as `line:column`.
  var location: String { "\(current.line):\(current.column)" }

  /// Consumes the current token and returns it.
  @discardableResult
  mutating func next() throws(CodecError) -> Token {
    let token = current
    current = try scan()
    return token
  }

  /// Consumes `symbol` if it is next.
  mutating func consume(_ symbol: String) throws(CodecError) -> Bool {
    guard current.kind == .symbol, current.text == symbol else { return false }
    try next()
    return true
  }

  func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol && current.text == symbol }

  /// A syntax error at the current token.
  func failure(_ message: String, path: String) -> CodecError {
    CodecError(path: path, .syntax("\(location): \(message)"))
  }

  private func peek(_ ahead: Int = 0) -> UInt8? {
    offset + ahead < source.count ? source[offset + ahead] : nil
  }

  private mutating func advance() {
    guard let byte = peek() else { return }
    offset += 1
    if byte == UInt8(ascii: "\n") {
      line += 1
      column = 1
    } else {
      column += 1
    }
  }

  private mutating func skipSpaceAndComments() {
    while let byte = peek() {
      if byte == UInt8(ascii: "#") {
        while let b = peek(), b != UInt8(ascii: "\n") { advance() }
      } else if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
        advance()
      } else {
        return
      }
    }
  }

  private mutating func scan() throws(CodecError) -> Token {
    skipSpaceAndComments()
    let (startLine, startColumn, start) = (line, column, offset)
    guard let byte = peek() else {
      return Token(kind: .end, text: "", line: line, column: column)
    }
    var token = Token(kind: .symbol, text: "", line: startLine, column: startColumn)
    if byte.isLetter || byte == UInt8(ascii: "_") {
      while let b = peek(), b.isLetter || b.isDigit || b == UInt8(ascii: "_") { advance() }
      token.kind = .identifier
    } else if byte.isDigit || (byte == UInt8(ascii: ".") && (peek(1)?.isDigit ?? false)) {
      while let b = peek(),
        b.isLetter || b.isDigit || b == UInt8(ascii: ".")
          || ((b == UInt8(ascii: "-") || b == UInt8(ascii: "+"))
            && (source[offset - 1] | 0x20) == UInt8(ascii: "e") && !isHex(from: start))
      {
        advance()
      }
      token.kind = .number
    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
      token.kind = .string
      token.bytes = try scanString(quote: byte, line: startLine, column: startColumn)
    } else {
      advance()
    }
    token.text = String(decoding: source[start ..< offset], as: UTF8.self)
    return token
  }

  private func isHex(from start: Int) -> Bool {
    offset - start >= 2 && source[start] == UInt8(ascii: "0")
      && (source[start + 1] | 0x20) == UInt8(ascii: "x")
  }

  private mutating func scanString(
    quote: UInt8,
    line: Int,
    column: Int
  ) throws(CodecError) -> [UInt8] {
    advance()
    var bytes: [UInt8] = []
    while let byte = peek() {
      if byte == quote {
        advance()
        return bytes
      }
      if byte == UInt8(ascii: "\n") { break }
      if byte == UInt8(ascii: "\\") {
        advance()
        try scanEscape(into: &bytes)
      } else {
        bytes.append(byte)
        advance()
      }
    }
    throw CodecError(path: "", .syntax("\(line):\(column): unterminated string"))
  }

  private mutating func scanEscape(into bytes: inout [UInt8]) throws(CodecError) {
    let decoded = StringEscape.decode(source, at: offset)
    if let problem = decoded.problem { throw failureHere(problem) }
    for _ in 0 ..< decoded.length { advance() }
    bytes += decoded.bytes
  }

  private func failureHere(_ message: String) -> CodecError {
    CodecError(path: "", .syntax("\(line):\(column): \(message)"))
  }
}

extension UInt8 {
  fileprivate var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
  fileprivate var isLetter: Bool {
    (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z"))
      || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z"))
  }
}
