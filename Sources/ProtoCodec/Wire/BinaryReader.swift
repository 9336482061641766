/// Reads protobuf wire-format data, rejecting truncated or malformed input.
public struct BinaryReader {
  private let bytes: [UInt8]
  private let end: Int
  /// The offset of the next byte to read.
  public private(set) var offset: Int

  /// Creates a reader over `bytes[range]`.
  public init(_ bytes: [UInt8], range: Range<Int>? = nil) {
    self.bytes = bytes
    self.offset = range?.lowerBound ?? 0
    self.end = range?.upperBound ?? bytes.count
  }

  /// Whether all input has been read.
  public var isAtEnd: Bool { offset >= end }

  /// Reads a varint of at most 10 bytes.
  public mutating func readVarint() throws(BinaryDecodingError) -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard offset < end else { throw .truncated }
      let byte = bytes[offset]
      offset += 1
      if shift == 63 && byte > 1 { throw .malformedVarint }
      result |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return result }
      shift += 7
      if shift > 63 { throw .malformedVarint }
    }
  }

  /// Reads a tag, returning the field number and wire type.
  public mutating func readTag() throws(BinaryDecodingError) -> (number: Int32, wireType: WireType)
  {
    let key = try readVarint()
    guard key <= UInt64(UInt32.max) else { throw .malformedVarint }
    let number = Int32(truncatingIfNeeded: key >> 3)
    guard let wireType = WireType(rawValue: UInt8(key & 7)) else {
      throw .invalidWireType(UInt8(key & 7))
    }
    guard number > 0 else { throw .invalidFieldNumber }
    return (number, wireType)
  }

  /// Reads 4 little-endian bytes.
  public mutating func readFixed32() throws(BinaryDecodingError) -> UInt32 {
    guard end - offset >= 4 else { throw .truncated }
    var value: UInt32 = 0
    for i in 0 ..< 4 { value |= UInt32(bytes[offset + i]) << UInt32(8 * i) }
    offset += 4
    return value
  }

  /// Reads 8 little-endian bytes.
  public mutating func readFixed64() throws(BinaryDecodingError) -> UInt64 {
    guard end - offset >= 8 else { throw .truncated }
    var value: UInt64 = 0
    for i in 0 ..< 8 { value |= UInt64(bytes[offset + i]) << UInt64(8 * i) }
    offset += 8
    return value
  }

  /// Reads a length prefix and returns the range of the payload, advancing past it.
  public mutating func readLengthDelimited() throws(BinaryDecodingError) -> Range<Int> {
    let length = try readVarint()
    guard length <= UInt64(end - offset) else { throw .truncated }
    let range = offset ..< (offset + Int(length))
    offset += Int(length)
    return range
  }

  /// Skips a field's value, returning the range it occupied (for groups: up to the end tag).
  public mutating func skip(
    _ wireType: WireType,
    number: Int32,
    depth: Int = 0
  ) throws(BinaryDecodingError) -> Range<Int> {
    let start = offset
    switch wireType {
    case .varint: _ = try readVarint()
    case .fixed64: _ = try readFixed64()
    case .fixed32: _ = try readFixed32()
    case .lengthDelimited: _ = try readLengthDelimited()
    case .startGroup:
      guard depth < 100 else { throw .tooDeep }
      while true {
        let tag = try readTag()
        if tag.wireType == .endGroup {
          guard tag.number == number else { throw .mismatchedEndGroup }
          break
        }
        _ = try skip(tag.wireType, number: tag.number, depth: depth + 1)
      }
    case .endGroup: throw .unexpectedEndGroup
    }
    return start ..< offset
  }

  /// Decodes a ZigZag-encoded 32-bit value.
  public static func zigZag32(_ value: UInt64) -> Int32 {
    let v = UInt32(truncatingIfNeeded: value)
    return Int32(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
  }

  /// Decodes a ZigZag-encoded 64-bit value.
  public static func zigZag64(_ value: UInt64) -> Int64 {
    Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
  }
}
