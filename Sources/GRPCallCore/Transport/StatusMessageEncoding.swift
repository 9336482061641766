/// The percent-encoding of `grpc-message` (gRPC's PROTOCOL-HTTP2: every byte outside
/// 0x20–0x7E, and `%`, as `%XX`).
enum StatusMessageEncoding {
  /// Decodes by the spec's rule for senders that got it wrong: each valid `%XX` (two hex digits)
  /// is decoded, anything else — a `%` near the end, `%ZZ` — is kept as sent, as grpc-go does.
  /// Bytes that do not form UTF-8 become U+FFFD.
  static func decode(_ value: String) -> String {
    let bytes = Array(value.utf8)
    guard bytes.contains(UInt8(ascii: "%")) else { return value }
    var decoded: [UInt8] = []
    decoded.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
        let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
      {
        decoded.append(high << 4 | low)
        index += 3
      } else {
        decoded.append(byte)
        index += 1
      }
    }
    return String(decoding: decoded, as: UTF8.self)
  }

  /// Encodes every byte outside 0x20–0x7E, and `%`, as `%XX`.
  static func encode(_ message: String) -> String {
    var encoded = ""
    encoded.reserveCapacity(message.utf8.count)
    for byte in message.utf8 {
      if (0x20 ... 0x7E).contains(byte) && byte != UInt8(ascii: "%") {
        encoded.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        encoded += "%" + hexDigit(byte >> 4) + hexDigit(byte & 0xF)
      }
    }
    return encoded
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0") ... UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a") ... UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A") ... UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  private static func hexDigit(_ nibble: UInt8) -> String {
    String(nibble, radix: 16, uppercase: true)
  }
}
