/// Colours JSON text as jq does: object keys, strings, numbers, `true`/`false`, `null` and the
/// brackets each in their own style; whitespace and layout are kept byte for byte.
enum JSONColorizer {
  /// `json` with SGR escapes around each token.
  static func colorize(_ json: String) -> String {
    let bytes = Array(json.utf8)
    var output = ""
    output.reserveCapacity(bytes.count * 2)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        let end = endOfString(in: bytes, from: index)
        let token = String(decoding: bytes[index ..< end], as: UTF8.self)
        output += Colors.styled(token, isKey(bytes, after: end) ? Colors.objectKey : Colors.string)
        index = end
      case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"),
        UInt8(ascii: ","), UInt8(ascii: ":"):
        output += Colors.styled(String(UnicodeScalar(byte)), Colors.punctuation)
        index += 1
      case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
        output.unicodeScalars.append(UnicodeScalar(byte))
        index += 1
      default:
        var end = index
        while end < bytes.count, !isDelimiter(bytes[end]) { end += 1 }
        end = max(end, index + 1)
        let token = String(decoding: bytes[index ..< end], as: UTF8.self)
        output += Colors.styled(token, style(ofBare: token))
        index = end
      }
    }
    return output
  }

  /// The index just past the string that opens at `start` (escapes skipped).
  private static func endOfString(in bytes: [UInt8], from start: Int) -> Int {
    var index = start + 1
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "\\") {
        index += 2
        continue
      }
      if bytes[index] == UInt8(ascii: "\"") { return index + 1 }
      index += 1
    }
    return bytes.count
  }

  /// Whether the string ending at `end` is an object key (a `:` follows it).
  private static func isKey(_ bytes: [UInt8], after end: Int) -> Bool {
    var index = end
    while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
    return index < bytes.count && bytes[index] == UInt8(ascii: ":")
  }

  private static func isDelimiter(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"),
      UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "\""), UInt8(ascii: " "),
      UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
      true
    default: false
    }
  }

  private static func style(ofBare token: String) -> String {
    switch token {
    case "null": Colors.null
    case "true", "false": Colors.literal
    default: Colors.number
    }
  }
}
