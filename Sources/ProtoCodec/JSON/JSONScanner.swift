/// A strict JSON tokenizer over UTF-8 bytes (RFC 8259): no comments, no trailing commas, no
/// single quotes, and only valid escapes and surrogate pairs.
public struct JSONScanner {
  let bytes: [UInt8]
  /// Offset of the next unread byte.
  public var offset: Int

  /// Creates a scanner at the start of `bytes`.
  public init(_ bytes: [UInt8], offset: Int = 0) {
    self.bytes = bytes
    self.offset = offset
  }

  /// Skips JSON whitespace.
  public mutating func skipWhitespace() {
    while offset < bytes.count {
      switch bytes[offset] {
      case 0x20, 0x09, 0x0A, 0x0D: offset += 1
      default: return
      }
    }
  }

  /// Whether only whitespace remains.
  public mutating func isAtEnd() -> Bool {
    skipWhitespace()
    return offset >= bytes.count
  }

  /// The next non-whitespace byte, not consumed.
  public mutating func peek() -> UInt8? {
    skipWhitespace()
    return offset < bytes.count ? bytes[offset] : nil
  }

  /// Consumes `byte` if it is next.
  public mutating func consume(_ byte: UInt8) -> Bool {
    guard peek() == byte else { return false }
    offset += 1
    return true
  }

  /// Requires `byte` next.
  public mutating func expect(_ byte: UInt8, path: [String]) throws(CodecError) {
    guard consume(byte) else {
      throw CodecError(
        path: CodecError.render(path: path),
        .syntax("expected '\(Character(Unicode.Scalar(byte)))' \(describeNext())")
      )
    }
  }

  /// A description of what comes next, for errors: `but found "x"` or `but the input ended`.
  public mutating func describeNext() -> String {
    guard let byte = peek() else { return "but the input ended" }
    return "but found '\(Character(Unicode.Scalar(byte)))' at offset \(offset)"
  }

  /// The JSON type of the next value, for "expected X, got Y" messages.
  public mutating func nextValueDescription() -> String {
    guard let byte = peek() else { return "end of input" }
    switch byte {
    case UInt8(ascii: "{"): return "an object"
    case UInt8(ascii: "["): return "an array"
    case UInt8(ascii: "\""):
      var copy = self
      if let text = try? copy.readString(path: []) { return "\"\(text)\"" }
      return "a string"
    case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
    case UInt8(ascii: "n"): return "null"
    default:
      var copy = self
      if let number = try? copy.readNumberText(path: []) { return number }
      return "'\(Character(Unicode.Scalar(byte)))'"
    }
  }

  /// Reads `true`, `false` or `null` if next; returns which.
  public mutating func readLiteral() -> String? {
    skipWhitespace()
    for word in ["true", "false", "null"] {
      let utf8 = Array(word.utf8)
      if bytes.count - offset >= utf8.count, Array(bytes[offset ..< offset + utf8.count]) == utf8 {
        let after = offset + utf8.count
        if after < bytes.count, Self.isIdentifierByte(bytes[after]) { return nil }
        offset = after
        return word
      }
    }
    return nil
  }

  /// Consumes `null` if it is next.
  public mutating func consumeNull() -> Bool {
    var copy = self
    if copy.readLiteral() == "null" {
      self = copy
      return true
    }
    return false
  }

  private static func isIdentifierByte(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
      || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
  }

  /// Reads a JSON number token and returns its text, validating the grammar.
  public mutating func readNumberText(path: [String]) throws(CodecError) -> String {
    skipWhitespace()
    let start = offset
    func digits() -> Int {
      let s = offset
      while offset < bytes.count, bytes[offset] >= 0x30, bytes[offset] <= 0x39 { offset += 1 }
      return offset - s
    }
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
    let intStart = offset
    let intDigits = digits()
    let bad = { () -> CodecError in
      CodecError(path: CodecError.render(path: path), .syntax("invalid number at offset \(start)"))
    }
    guard intDigits > 0 else {
      offset = start
      throw bad()
    }
    if intDigits > 1, bytes[intStart] == UInt8(ascii: "0") {
      offset = start
      throw bad()
    }
    if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
      offset += 1
      guard digits() > 0 else {
        offset = start
        throw bad()
      }
    }
    if offset < bytes.count,
      bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E")
    {
      offset += 1
      if offset < bytes.count,
        bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-")
      {
        offset += 1
      }
      guard digits() > 0 else {
        offset = start
        throw bad()
      }
    }
    if offset < bytes.count, Self.isIdentifierByte(bytes[offset]) {
      offset = start
      throw bad()
    }
    return String(decoding: bytes[start ..< offset], as: UTF8.self)
  }

  /// Reads a JSON string, resolving escapes.
  public mutating func readString(path: [String]) throws(CodecError) -> String {
    guard consume(UInt8(ascii: "\"")) else {
      throw CodecError(
        path: CodecError.render(path: path),
        .expected("a string", got: nextValueDescription())
      )
    }
    // Most strings hold no escape: found whole, they are validated in place, not byte by byte.
    let start = offset
    while offset < bytes.count, bytes[offset] >= 0x20, bytes[offset] != UInt8(ascii: "\\") {
      if bytes[offset] == UInt8(ascii: "\"") {
        guard let string = UTF8Validation.string(bytes[start ..< offset]) else {
          throw CodecError(
            path: CodecError.render(path: path),
            .syntax("string is not valid UTF-8")
          )
        }
        offset += 1
        return string
      }
      offset += 1
    }
    var result = Array(bytes[start ..< offset])
    while offset < bytes.count {
      let byte = bytes[offset]
      offset += 1
      switch byte {
      case UInt8(ascii: "\""):
        guard let string = UTF8Validation.string(result) else {
          throw CodecError(
            path: CodecError.render(path: path),
            .syntax("string is not valid UTF-8")
          )
        }
        return string
      case UInt8(ascii: "\\"):
        try readEscape(into: &result, path: path)
      case 0 ..< 0x20:
        throw CodecError(
          path: CodecError.render(path: path),
          .syntax("control character in string at offset \(offset - 1)")
        )
      default:
        result.append(byte)
      }
    }
    throw CodecError(path: CodecError.render(path: path), .syntax("unterminated string"))
  }

  private mutating func readEscape(into result: inout [UInt8], path: [String]) throws(CodecError) {
    guard offset < bytes.count else {
      throw CodecError(path: CodecError.render(path: path), .syntax("unterminated string"))
    }
    let c = bytes[offset]
    offset += 1
    switch c {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): result.append(c)
    case UInt8(ascii: "b"): result.append(8)
    case UInt8(ascii: "f"): result.append(12)
    case UInt8(ascii: "n"): result.append(10)
    case UInt8(ascii: "r"): result.append(13)
    case UInt8(ascii: "t"): result.append(9)
    case UInt8(ascii: "u"):
      var scalar = try readHex4(path: path)
      if (0xD800 ... 0xDBFF).contains(scalar) {
        guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
          bytes[offset + 1] == UInt8(ascii: "u")
        else {
          throw CodecError(
            path: CodecError.render(path: path),
            .syntax("unpaired surrogate in string")
          )
        }
        offset += 2
        let low = try readHex4(path: path)
        guard (0xDC00 ... 0xDFFF).contains(low) else {
          throw CodecError(
            path: CodecError.render(path: path),
            .syntax("invalid surrogate pair in string")
          )
        }
        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
      } else if (0xDC00 ... 0xDFFF).contains(scalar) {
        throw CodecError(
          path: CodecError.render(path: path),
          .syntax("unpaired surrogate in string")
        )
      }
      guard let unicode = Unicode.Scalar(scalar) else {
        throw CodecError(path: CodecError.render(path: path), .syntax("invalid \\u escape"))
      }
      result += Array(String(Character(unicode)).utf8)
    default:
      throw CodecError(
        path: CodecError.render(path: path),
        .syntax("invalid escape '\\\(Character(Unicode.Scalar(c)))' in string")
      )
    }
  }

  private mutating func readHex4(path: [String]) throws(CodecError) -> UInt32 {
    guard bytes.count - offset >= 4 else {
      throw CodecError(path: CodecError.render(path: path), .syntax("invalid \\u escape"))
    }
    var value: UInt32 = 0
    for _ in 0 ..< 4 {
      let b = bytes[offset]
      let digit: UInt32
      switch b {
      case 0x30 ... 0x39: digit = UInt32(b - 0x30)
      case 0x61 ... 0x66: digit = UInt32(b - 0x61 + 10)
      case 0x41 ... 0x46: digit = UInt32(b - 0x41 + 10)
      default: throw CodecError(path: CodecError.render(path: path), .syntax("invalid \\u escape"))
      }
      value = value * 16 + digit
      offset += 1
    }
    return value
  }

  /// Skips one whole value (validating it) and returns the byte range it occupied.
  public mutating func skipValue(path: [String], depth: Int = 0) throws(CodecError) -> Range<Int> {
    guard depth < 100 else { throw CodecError(path: CodecError.render(path: path), .tooDeep) }
    guard let byte = peek() else {
      throw CodecError(path: CodecError.render(path: path), .syntax("unexpected end of input"))
    }
    let start = offset
    switch byte {
    case UInt8(ascii: "{"):
      offset += 1
      if !consume(UInt8(ascii: "}")) {
        repeat {
          _ = try readString(path: path)
          try expect(UInt8(ascii: ":"), path: path)
          _ = try skipValue(path: path, depth: depth + 1)
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"), path: path)
      }
    case UInt8(ascii: "["):
      offset += 1
      if !consume(UInt8(ascii: "]")) {
        repeat { _ = try skipValue(path: path, depth: depth + 1) } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"), path: path)
      }
    case UInt8(ascii: "\""):
      _ = try readString(path: path)
    default:
      if readLiteral() == nil { _ = try readNumberText(path: path) }
    }
    return start ..< offset
  }
}
