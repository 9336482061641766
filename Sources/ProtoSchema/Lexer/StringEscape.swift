/// Decodes one escape sequence of a `.proto` or text-format string literal, as protoc's
/// tokenizer reads them: `\n \t \\ \" \'` and friends, up to three octal digits, `\x` with one
/// or two hex digits, `\u` with four and `\U` with eight.
public enum StringEscape {
  /// One decoded escape: its bytes, how many source bytes it took after the backslash, and what
  /// is wrong with it (in protoc's words), if anything.
  public struct Decoded: Sendable, Hashable {
    public var bytes: [UInt8]
    public var length: Int
    public var problem: String?
  }

  /// Decodes the escape whose first character (after the backslash) is at `offset`.
  public static func decode(_ source: [UInt8], at offset: Int) -> Decoded {
    guard offset < source.count else {
      return Decoded(bytes: [], length: 0, problem: "Invalid escape sequence in string literal.")
    }
    let c = source[offset]
    if let mapped = simple[c] { return Decoded(bytes: [mapped], length: 1) }
    if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "7") {
      var code = 0
      var length = 0
      while length < 3, offset + length < source.count, source[offset + length] >= 0x30,
        source[offset + length] <= 0x37
      {
        code = code * 8 + Int(source[offset + length] - 0x30)
        length += 1
      }
      return Decoded(bytes: [UInt8(truncatingIfNeeded: code)], length: length)
    }
    if c == UInt8(ascii: "x") || c == UInt8(ascii: "X") {
      var code = 0
      var length = 1
      while length < 3, offset + length < source.count, let v = hexValue(source[offset + length]) {
        code = code * 16 + v
        length += 1
      }
      let problem = length == 1 ? "Expected hex digits for escape sequence." : nil
      return Decoded(bytes: [UInt8(code)], length: length, problem: problem)
    }
    if c == UInt8(ascii: "u") || c == UInt8(ascii: "U") {
      return unicode(source, at: offset, digits: c == UInt8(ascii: "u") ? 4 : 8)
    }
    return Decoded(bytes: [], length: 1, problem: "Invalid escape sequence in string literal.")
  }

  private static func unicode(_ source: [UInt8], at offset: Int, digits: Int) -> Decoded {
    var code: UInt32 = 0
    for index in 1 ... digits {
      guard offset + index < source.count, let v = hexValue(source[offset + index]) else {
        return Decoded(
          bytes: [],
          length: index,
          problem: "Expected \(digits) hex digits for escape sequence."
        )
      }
      code = code * 16 + UInt32(v)
    }
    guard let scalar = Unicode.Scalar(code) else {
      return Decoded(bytes: [], length: digits + 1, problem: "Invalid Unicode escape.")
    }
    return Decoded(bytes: Array(String(Character(scalar)).utf8), length: digits + 1)
  }

  private static let simple: [UInt8: UInt8] = [
    UInt8(ascii: "a"): 7, UInt8(ascii: "b"): 8, UInt8(ascii: "f"): 12, UInt8(ascii: "n"): 10,
    UInt8(ascii: "r"): 13, UInt8(ascii: "t"): 9, UInt8(ascii: "v"): 11, UInt8(ascii: "\\"): 92,
    UInt8(ascii: "'"): 39, UInt8(ascii: "\""): 34, UInt8(ascii: "?"): 63,
  ]

  private static func hexValue(_ byte: UInt8) -> Int? {
    switch byte {
    case UInt8(ascii: "0") ... UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a") ... UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A") ... UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
    default: nil
    }
  }
}
