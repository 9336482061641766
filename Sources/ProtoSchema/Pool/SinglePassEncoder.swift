import SwiftProtobuf

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Protobuf binary encoding in one pass: a nested message's length is written after its bytes
/// (one byte reserved, moved up when the length needs more), where swift-protobuf's encoder sizes
/// every nested message again at each level it is nested in before writing it. For a descriptor
/// set — files holding messages holding fields holding options, and source info three levels
/// down — that was most of the work of writing it. The bytes are swift-protobuf's: the same
/// `traverse` decides the fields and their order.
///
/// Only the field kinds descriptors use are written here; any other (maps, groups, packed
/// fields other than `int32`, zig-zag and fixed-width integers, message sets) makes `encode`
/// return nil and the caller use swift-protobuf, so no unexercised path can write wrong bytes.
struct SinglePassEncoder: SwiftProtobuf.Visitor {
  /// A field kind this encoder leaves to swift-protobuf.
  struct Unsupported: Error {}

  private(set) var output: [UInt8] = []

  /// `message` encoded as `message.serializedBytes()` would, or nil when it holds a field kind
  /// this encoder leaves to swift-protobuf.
  static func encode(_ message: some SwiftProtobuf.Message) -> [UInt8]? {
    var encoder = SinglePassEncoder()
    do {
      try message.traverse(visitor: &encoder)
    } catch {
      return nil
    }
    return encoder.output
  }

  // MARK: - Wire primitives

  private mutating func varint(_ value: UInt64) {
    var value = value
    while value >= 0x80 {
      output.append(UInt8(truncatingIfNeeded: value) | 0x80)
      value >>= 7
    }
    output.append(UInt8(value))
  }

  private mutating func tag(_ fieldNumber: Int, _ wireType: UInt64) {
    varint(UInt64(fieldNumber) << 3 | wireType)
  }

  private mutating func fixed32(_ value: UInt32) {
    withUnsafeBytes(of: value.littleEndian) { output.append(contentsOf: $0) }
  }

  private mutating func fixed64(_ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { output.append(contentsOf: $0) }
  }

  private static func varintSize(_ value: UInt64) -> Int {
    value == 0 ? 1 : (64 - value.leadingZeroBitCount + 6) / 7
  }

  /// Writes what `body` writes as a length-delimited payload, its length in front.
  private mutating func lengthDelimited(_ body: (inout SinglePassEncoder) throws -> Void) rethrows {
    let lengthAt = output.count
    output.append(0)
    let start = output.count
    try body(&self)
    let length = output.count - start
    if length < 0x80 {
      output[lengthAt] = UInt8(length)
      return
    }
    output.replaceSubrange(lengthAt ..< start, with: OptionValueEncoder.varint(UInt64(length)))
  }

  private mutating func bytes(_ fieldNumber: Int, _ count: Int, _ write: (inout [UInt8]) -> Void) {
    tag(fieldNumber, 2)
    varint(UInt64(count))
    write(&output)
  }

  // MARK: - Singular fields

  mutating func visitUnknown(bytes: Data) throws { output.append(contentsOf: bytes) }

  mutating func visitSingularFloatField(value: Float, fieldNumber: Int) throws {
    tag(fieldNumber, 5)
    fixed32(value.bitPattern)
  }

  mutating func visitSingularDoubleField(value: Double, fieldNumber: Int) throws {
    tag(fieldNumber, 1)
    fixed64(value.bitPattern)
  }

  mutating func visitSingularInt32Field(value: Int32, fieldNumber: Int) throws {
    tag(fieldNumber, 0)
    varint(UInt64(bitPattern: Int64(value)))
  }

  mutating func visitSingularInt64Field(value: Int64, fieldNumber: Int) throws {
    tag(fieldNumber, 0)
    varint(UInt64(bitPattern: value))
  }

  mutating func visitSingularUInt32Field(value: UInt32, fieldNumber: Int) throws {
    tag(fieldNumber, 0)
    varint(UInt64(value))
  }

  mutating func visitSingularUInt64Field(value: UInt64, fieldNumber: Int) throws {
    tag(fieldNumber, 0)
    varint(value)
  }

  mutating func visitSingularBoolField(value: Bool, fieldNumber: Int) throws {
    tag(fieldNumber, 0)
    output.append(value ? 1 : 0)
  }

  mutating func visitSingularStringField(value: String, fieldNumber: Int) throws {
    var value = value
    value.withUTF8 { utf8 in bytes(fieldNumber, utf8.count) { $0.append(contentsOf: utf8) } }
  }

  mutating func visitSingularBytesField(value: Data, fieldNumber: Int) throws {
    bytes(fieldNumber, value.count) { $0.append(contentsOf: value) }
  }

  mutating func visitSingularEnumField<E: SwiftProtobuf.Enum>(value: E, fieldNumber: Int) throws {
    tag(fieldNumber, 0)
    varint(UInt64(bitPattern: Int64(value.rawValue)))
  }

  mutating func visitSingularMessageField<M: SwiftProtobuf.Message>(
    value: M,
    fieldNumber: Int
  ) throws {
    tag(fieldNumber, 2)
    try lengthDelimited { try value.traverse(visitor: &$0) }
  }

  // MARK: - Packed fields

  mutating func visitPackedInt32Field(value: [Int32], fieldNumber: Int) throws {
    guard !value.isEmpty else { return }
    tag(fieldNumber, 2)
    varint(UInt64(value.reduce(0) { $0 + Self.varintSize(UInt64(bitPattern: Int64($1))) }))
    for element in value { varint(UInt64(bitPattern: Int64(element))) }
  }

  // MARK: - Kinds descriptors do not use: left to swift-protobuf

  mutating func visitSingularSInt32Field(value: Int32, fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitSingularSInt64Field(value: Int64, fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitSingularFixed32Field(value: UInt32, fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitSingularFixed64Field(value: UInt64, fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitSingularSFixed32Field(value: Int32, fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitSingularSFixed64Field(value: Int64, fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitSingularGroupField<G: SwiftProtobuf.Message>(
    value: G,
    fieldNumber: Int
  ) throws {
    throw Unsupported()
  }

  mutating func visitPackedFloatField(value: [Float], fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitPackedDoubleField(value: [Double], fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitPackedInt64Field(value: [Int64], fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitPackedUInt32Field(value: [UInt32], fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitPackedUInt64Field(value: [UInt64], fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitPackedSInt32Field(value: [Int32], fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitPackedSInt64Field(value: [Int64], fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitPackedFixed32Field(value: [UInt32], fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitPackedFixed64Field(value: [UInt64], fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitPackedSFixed32Field(value: [Int32], fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitPackedSFixed64Field(value: [Int64], fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitPackedBoolField(value: [Bool], fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitPackedEnumField<E: SwiftProtobuf.Enum>(value: [E], fieldNumber: Int) throws {
    throw Unsupported()
  }

  mutating func visitExtensionFieldsAsMessageSet(
    fields: ExtensionFieldValueSet,
    start: Int,
    end: Int
  ) throws {
    throw Unsupported()
  }

  mutating func visitMapField<KeyType, ValueType: MapValueType>(
    fieldType: _ProtobufMap<KeyType, ValueType>.Type,
    value: _ProtobufMap<KeyType, ValueType>.BaseType,
    fieldNumber: Int
  ) throws {
    throw Unsupported()
  }

  mutating func visitMapField<KeyType, ValueType>(
    fieldType: _ProtobufEnumMap<KeyType, ValueType>.Type,
    value: _ProtobufEnumMap<KeyType, ValueType>.BaseType,
    fieldNumber: Int
  ) throws where ValueType.RawValue == Int {
    throw Unsupported()
  }

  mutating func visitMapField<KeyType, ValueType>(
    fieldType: _ProtobufMessageMap<KeyType, ValueType>.Type,
    value: _ProtobufMessageMap<KeyType, ValueType>.BaseType,
    fieldNumber: Int
  ) throws {
    throw Unsupported()
  }
}
