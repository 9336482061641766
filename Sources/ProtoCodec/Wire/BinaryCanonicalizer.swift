import ProtoSchema
import SwiftProtobuf

/// Re-encodes a binary message the way every protobuf runtime's parse + serialize does: fields in
/// number order, repeated scalars packed or not as the schema says, minimal varints, the last
/// member of a oneof, the last value of a singular field, repeated occurrences of a singular
/// message merged, default values of implicit-presence fields dropped, unknown fields (and
/// values of closed enums the schema does not define) kept after the known ones.
public struct BinaryCanonicalizer: Sendable {
  let pool: DescriptorPool

  /// Creates a re-encoder over a pool.
  public init(pool: DescriptorPool) {
    self.pool = pool
  }

  /// `bytes`, a message of `type`, in canonical form.
  public func canonical(
    _ bytes: [UInt8],
    as type: MessageDescriptor
  ) throws(BinaryDecodingError) -> [UInt8] {
    // Most messages come from a runtime's serializer and are canonical already: checking is a
    // walk without allocation, re-encoding allocates per field and per nested message.
    if isCanonical(bytes, as: type) { return bytes }
    return try message(bytes, range: bytes.indices, type: type, depth: 0)
  }

  /// Whether `bytes` is already what `canonical(_:as:)` would return.
  public func isCanonical(_ bytes: [UInt8], as type: MessageDescriptor) -> Bool {
    CanonicalFormCheck(pool: pool).isCanonical(bytes, range: bytes.indices, type: type, depth: 0)
  }

  /// `bytes` re-encoded even when already canonical: what `isCanonical` is checked against by the
  /// tests and the binary fuzz target.
  public func reencoded(
    _ bytes: [UInt8],
    as type: MessageDescriptor
  ) throws(BinaryDecodingError)
    -> [UInt8]
  {
    try message(bytes, range: bytes.indices, type: type, depth: 0)
  }

  /// A field's payloads collected from the wire.
  private struct Collected {
    var scalars: [WireOccurrence] = []
    var payloads: [[UInt8]] = []
  }

  private func message(
    _ data: [UInt8],
    range: Range<Int>,
    type: MessageDescriptor,
    depth: Int
  ) throws(BinaryDecodingError) -> [UInt8] {
    guard depth < 100 else { throw .tooDeep }
    var collected: [Int32: Collected] = [:]
    var unknown = BinaryWriter()
    var oneofMember: [Int: Int32] = [:]
    for (number, occurrence) in try WireOccurrence.scanInOrder(data, range: range) {
      guard let field = type.field(number: number) ?? extensionField(type, number),
        accepts(field, occurrence.wireType)
      else {
        writeUnknown(number, occurrence, data: data, into: &unknown)
        continue
      }
      if let oneof = field.oneofIndex, oneofMember[oneof] != number {
        if let previous = oneofMember[oneof] { collected[previous] = nil }
        collected[number] = nil
        oneofMember[oneof] = number
      }
      var entry = collected[number] ?? Collected()
      if field.isRepeated, occurrence.wireType == .lengthDelimited, field.isPackable {
        entry.scalars += try WireOccurrence.unpack(field.type, data: data, range: occurrence.range)
      } else if occurrence.wireType == .lengthDelimited || occurrence.wireType == .startGroup {
        let payload = Array(data[occurrence.range])
        if field.isRepeated || !field.isMessage {
          if !field.isRepeated { entry.payloads.removeAll() }
          entry.payloads.append(payload)
        } else {
          // Occurrences of a singular message merge: concatenated, they parse as one.
          entry.payloads = [(entry.payloads.first ?? []) + payload]
        }
      } else {
        if !field.isRepeated { entry.scalars.removeAll() }
        entry.scalars.append(occurrence)
      }
      collected[number] = entry
    }
    if let (key, value) = type.mapKeyValue {
      // Runtimes write a map entry's key and value always, defaults included.
      for field in [key, value] where collected[field.number] == nil {
        collected[field.number] = Self.defaultEntry(for: field)
      }
    }
    var writer = BinaryWriter()
    for number in collected.keys.sorted() {
      guard let field = type.field(number: number) ?? extensionField(type, number),
        let entry = collected[number]
      else { continue }
      try write(
        field,
        entry,
        keepsDefault: type.isMapEntry,
        into: &writer,
        unknown: &unknown,
        depth: depth
      )
    }
    writer.writeRaw(unknown.bytes)
    return writer.bytes
  }

  private func extensionField(_ type: MessageDescriptor, _ number: Int32) -> FieldDescriptor? {
    pool.extensions(of: type.fullName).first { $0.number == number }
  }

  /// Whether an occurrence's wire type can be this field's (a mismatch makes it unknown).
  private func accepts(_ field: FieldDescriptor, _ wireType: WireType) -> Bool {
    let expected = field.isDelimited ? .startGroup : WireOccurrence.wireType(of: field.type)
    if wireType == expected { return true }
    return field.isRepeated && field.isPackable && wireType == .lengthDelimited
  }

  /// A map entry's missing key or value: the type's default.
  private static func defaultEntry(for field: FieldDescriptor) -> Collected {
    var entry = Collected()
    if field.isMessage || field.type == .string || field.type == .bytes {
      entry.payloads = [[]]
    } else {
      entry.scalars = [
        WireOccurrence(wireType: WireOccurrence.wireType(of: field.type), scalar: 0, range: 0 ..< 0)
      ]
    }
    return entry
  }

  private func write(
    _ field: FieldDescriptor,
    _ entry: Collected,
    keepsDefault: Bool,
    into writer: inout BinaryWriter,
    unknown: inout BinaryWriter,
    depth: Int
  ) throws(BinaryDecodingError) {
    if field.isMessage {
      guard let type = pool.message(named: field.typeName) else { return }
      for payload in entry.payloads {
        let body = try message(payload, range: payload.indices, type: type, depth: depth + 1)
        if field.isDelimited {
          writer.writeTag(field.number, .startGroup)
          writer.writeRaw(body)
          writer.writeTag(field.number, .endGroup)
        } else {
          writer.writeTag(field.number, .lengthDelimited)
          writer.writeLengthDelimited(body)
        }
      }
      return
    }
    if field.type == .string || field.type == .bytes {
      if field.validatesUTF8,
        entry.payloads.contains(where: { !UTF8Validation.isValid($0) })
      {
        throw .invalidUTF8(field: field.name)
      }
      for payload in entry.payloads
      where keepsDefault || field.hasPresence || field.isRepeated || !payload.isEmpty {
        writer.writeTag(field.number, .lengthDelimited)
        writer.writeLengthDelimited(payload)
      }
      return
    }
    var values: [UInt64] = []
    for occurrence in entry.scalars {
      let value = Self.normalized(occurrence.scalar, field.type)
      if field.type == .enum, isUndefinedClosedEnumValue(value, field) {
        unknown.writeTag(field.number, .varint)
        unknown.writeVarint(occurrence.scalar)
        continue
      }
      values.append(value)
    }
    if !keepsDefault, !field.isRepeated, !field.hasPresence { values.removeAll { $0 == 0 } }
    guard !values.isEmpty else { return }
    let wireType = WireOccurrence.wireType(of: field.type)
    if field.isPacked {
      var packed = BinaryWriter()
      for value in values { Self.writeScalar(value, wireType, into: &packed) }
      writer.writeTag(field.number, .lengthDelimited)
      writer.writeLengthDelimited(packed.bytes)
    } else {
      for value in values {
        writer.writeTag(field.number, wireType)
        Self.writeScalar(value, wireType, into: &writer)
      }
    }
  }

  /// A varint cut to the field's width (an int32 written as 10 bytes, a bool as 2, ...), so the
  /// value is written in its minimal form. Zero stays zero, so the default check still works.
  static func normalized(
    _ value: UInt64,
    _ type: Google_Protobuf_FieldDescriptorProto.TypeEnum
  )
    -> UInt64
  {
    switch type {
    case .bool: value == 0 ? 0 : 1
    case .int32, .enum: UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: value)))
    case .uint32, .sint32: UInt64(UInt32(truncatingIfNeeded: value))
    case .float, .fixed32, .sfixed32: UInt64(UInt32(truncatingIfNeeded: value))
    default: value
    }
  }

  func isUndefinedClosedEnumValue(_ value: UInt64, _ field: FieldDescriptor) -> Bool {
    guard let enumType = pool.enumType(named: field.typeName), enumType.isClosed else {
      return false
    }
    return enumType.name(for: Int32(truncatingIfNeeded: value)) == nil
  }

  static func writeScalar(_ value: UInt64, _ wireType: WireType, into writer: inout BinaryWriter) {
    switch wireType {
    case .fixed32: writer.writeFixed32(UInt32(truncatingIfNeeded: value))
    case .fixed64: writer.writeFixed64(value)
    default: writer.writeVarint(value)
    }
  }

  private func writeUnknown(
    _ number: Int32,
    _ occurrence: WireOccurrence,
    data: [UInt8],
    into writer: inout BinaryWriter
  ) {
    writer.writeTag(number, occurrence.wireType)
    switch occurrence.wireType {
    case .varint: writer.writeVarint(occurrence.scalar)
    case .fixed32: writer.writeFixed32(UInt32(truncatingIfNeeded: occurrence.scalar))
    case .fixed64: writer.writeFixed64(occurrence.scalar)
    case .lengthDelimited: writer.writeLengthDelimited(Array(data[occurrence.range]))
    case .startGroup:
      writer.writeRaw(Array(data[occurrence.range]))
      writer.writeTag(number, .endGroup)
    case .endGroup: break
    }
  }
}

extension FieldDescriptor {
  /// Whether repeated values of this type may be packed.
  var isPackable: Bool { ![.string, .bytes, .message, .group].contains(type) }
}
