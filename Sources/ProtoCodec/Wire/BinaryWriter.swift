/// Appends protobuf wire-format data to a byte buffer.
public struct BinaryWriter: Sendable {
  /// The bytes written so far.
  public private(set) var bytes: [UInt8] = []

  /// Creates an empty writer.
  public init() {}

  /// Appends a base-128 varint.
  public mutating func writeVarint(_ value: UInt64) {
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }

  /// Appends a field tag.
  public mutating func writeTag(_ number: Int32, _ wireType: WireType) {
    writeVarint(UInt64(UInt32(bitPattern: number) << 3 | UInt32(wireType.rawValue)))
  }

  /// Appends 4 little-endian bytes.
  public mutating func writeFixed32(_ value: UInt32) {
    for shift in stride(from: 0, to: 32, by: 8) {
      bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
    }
  }

  /// Appends 8 little-endian bytes.
  public mutating func writeFixed64(_ value: UInt64) {
    for shift in stride(from: 0, to: 64, by: 8) {
      bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
    }
  }

  /// Appends a length prefix and the bytes.
  public mutating func writeLengthDelimited(_ payload: [UInt8]) {
    writeVarint(UInt64(payload.count))
    bytes += payload
  }

  /// Appends raw bytes.
  public mutating func writeRaw(_ payload: [UInt8]) {
    bytes += payload
  }

  /// ZigZag-encodes a signed 32-bit value.
  public static func zigZag(_ value: Int32) -> UInt64 {
    UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31)))
  }

  /// ZigZag-encodes a signed 64-bit value.
  public static func zigZag(_ value: Int64) -> UInt64 {
    UInt64(bitPattern: (value << 1) ^ (value >> 63))
  }
}
