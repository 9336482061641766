import ProtoSchema
import SwiftProtobuf

/// One field occurrence on the wire: its wire type and either its scalar (varint and fixed
/// values) or the range of its payload (length-delimited fields and groups).
public struct WireOccurrence: Sendable, Hashable {
  /// How the occurrence was encoded.
  public var wireType: WireType
  /// The varint or fixed value.
  public var scalar: UInt64
  /// The payload's range in the scanned bytes.
  public var range: Range<Int>

  /// Splits a message's bytes into occurrences per field number, in wire order.
  static func scan(
    _ data: [UInt8],
    range: Range<Int>
  ) throws(BinaryDecodingError) -> [Int32: [WireOccurrence]] {
    var result: [Int32: [WireOccurrence]] = [:]
    for (number, occurrence) in try scanInOrder(data, range: range) {
      result[number, default: []].append(occurrence)
    }
    return result
  }

  /// Every field occurrence of a message, in wire order.
  static func scanInOrder(
    _ data: [UInt8],
    range: Range<Int>
  ) throws(BinaryDecodingError) -> [(number: Int32, occurrence: WireOccurrence)] {
    var reader = BinaryReader(data, range: range)
    var result: [(number: Int32, occurrence: WireOccurrence)] = []
    while !reader.isAtEnd {
      let (number, wireType) = try reader.readTag()
      var occurrence = WireOccurrence(wireType: wireType, scalar: 0, range: 0 ..< 0)
      switch wireType {
      case .varint: occurrence.scalar = try reader.readVarint()
      case .fixed32: occurrence.scalar = UInt64(try reader.readFixed32())
      case .fixed64: occurrence.scalar = try reader.readFixed64()
      case .lengthDelimited: occurrence.range = try reader.readLengthDelimited()
      case .startGroup:
        let whole = try reader.skip(.startGroup, number: number)
        let endTagLength = BinaryWriterTagLength.of(number)
        occurrence.range = whole.lowerBound ..< (whole.upperBound - endTagLength)
      case .endGroup:
        throw BinaryDecodingError.unexpectedEndGroup
      }
      result.append((number, occurrence))
    }
    return result
  }

  /// Decodes a packed run of scalars of `type`.
  static func unpack(
    _ type: Google_Protobuf_FieldDescriptorProto.TypeEnum,
    data: [UInt8],
    range: Range<Int>
  ) throws(BinaryDecodingError) -> [WireOccurrence] {
    var reader = BinaryReader(data, range: range)
    var elements: [WireOccurrence] = []
    while !reader.isAtEnd {
      switch wireType(of: type) {
      case .fixed32:
        let value = UInt64(try reader.readFixed32())
        elements.append(WireOccurrence(wireType: .fixed32, scalar: value, range: 0 ..< 0))
      case .fixed64:
        let value = try reader.readFixed64()
        elements.append(WireOccurrence(wireType: .fixed64, scalar: value, range: 0 ..< 0))
      default:
        let value = try reader.readVarint()
        elements.append(WireOccurrence(wireType: .varint, scalar: value, range: 0 ..< 0))
      }
    }
    return elements
  }

  /// The wire type a field of `type` is written with (unpacked).
  static func wireType(of type: Google_Protobuf_FieldDescriptorProto.TypeEnum) -> WireType {
    switch type {
    case .fixed32, .sfixed32, .float: .fixed32
    case .fixed64, .sfixed64, .double: .fixed64
    case .string, .bytes, .message: .lengthDelimited
    case .group: .startGroup
    default: .varint
    }
  }
}

/// The encoded length of a field's tag.
enum BinaryWriterTagLength {
  static func of(_ number: Int32) -> Int {
    var writer = BinaryWriter()
    writer.writeTag(number, .endGroup)
    return writer.bytes.count
  }
}
