/// UTF-8 validation for string fields and JSON strings.
///
/// The standard library's `String(validating:as:)` is generic over the encoding and, called from
/// here, runs unspecialised: each call looked up `Unicode.ParseResult`'s generic metadata at run
/// time (~320 instructions, 8% of encoding a small JSON request). This is the same check —
/// well-formed UTF-8 as Unicode defines it: no overlong forms, no surrogates, nothing above
/// U+10FFFF — over contiguous bytes.
public enum UTF8Validation {
  /// Whether `bytes` are well-formed UTF-8.
  public static func isValid(_ bytes: ArraySlice<UInt8>) -> Bool {
    bytes.withUnsafeBufferPointer(isValid)
  }

  /// Whether `bytes` are well-formed UTF-8.
  public static func isValid(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer(isValid)
  }

  /// `bytes` as a string, or nil when they are not well-formed UTF-8.
  public static func string(_ bytes: ArraySlice<UInt8>) -> String? {
    bytes.withUnsafeBufferPointer { buffer in
      isValid(buffer) ? String(decoding: buffer, as: UTF8.self) : nil
    }
  }

  /// `bytes` as a string, or nil when they are not well-formed UTF-8.
  public static func string(_ bytes: [UInt8]) -> String? {
    bytes.withUnsafeBufferPointer { buffer in
      isValid(buffer) ? String(decoding: buffer, as: UTF8.self) : nil
    }
  }

  /// Whether `bytes` are well-formed UTF-8 (Unicode 15, table 3-7).
  public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = 0
    let count = bytes.count
    while index < count {
      let lead = bytes[index]
      if lead < 0x80 {
        index += 1
        continue
      }
      guard let length = sequenceLength(lead), index + length <= count else { return false }
      let second = bytes[index + 1]
      guard secondByteRange(lead).contains(second) else { return false }
      for offset in 2 ..< length where !isContinuation(bytes[index + offset]) { return false }
      index += length
    }
    return true
  }

  /// Bytes in a sequence led by `lead`, or nil for a byte that cannot lead one.
  private static func sequenceLength(_ lead: UInt8) -> Int? {
    switch lead {
    case 0xC2 ... 0xDF: return 2
    case 0xE0 ... 0xEF: return 3
    case 0xF0 ... 0xF4: return 4
    default: return nil
    }
  }

  /// The second byte's range: narrower after E0 (overlong), ED (surrogates), F0 (overlong) and
  /// F4 (above U+10FFFF).
  private static func secondByteRange(_ lead: UInt8) -> ClosedRange<UInt8> {
    switch lead {
    case 0xE0: return 0xA0 ... 0xBF
    case 0xED: return 0x80 ... 0x9F
    case 0xF0: return 0x90 ... 0xBF
    case 0xF4: return 0x80 ... 0x8F
    default: return 0x80 ... 0xBF
    }
  }

  private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}
