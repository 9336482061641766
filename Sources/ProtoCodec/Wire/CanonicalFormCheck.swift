import ProtoSchema
import SwiftProtobuf

/// Tells, without allocating, whether a message is already in the form `BinaryCanonicalizer`
/// would write, so the common case — a message a runtime serialized — skips the re-encoding.
///
/// The check is conservative: it says yes only when re-encoding would give the same bytes
/// (known fields in increasing number order, each singular field once, at most one member per
/// oneof, minimal varints, packing as the schema says, no default values of implicit-presence
/// fields, defined values of closed enums, valid UTF-8 where checked, map entries with key and
/// value, sub-messages likewise). Anything else — unknown fields, extensions, groups, malformed
/// input — answers no and takes the full re-encoding.
struct CanonicalFormCheck {
  let pool: DescriptorPool

  /// Whether `data[range]`, a message of `type`, is canonical.
  func isCanonical(_ data: [UInt8], range: Range<Int>, type: MessageDescriptor, depth: Int) -> Bool
  {
    guard depth < 100 else { return false }
    var reader = BinaryReader(data, range: range)
    var previous: Int32 = 0
    var oneofsSeen: UInt64 = 0
    var seenCount = 0
    while !reader.isAtEnd {
      let tagStart = reader.offset
      guard let (number, wireType) = try? reader.readTag(),
        reader.offset - tagStart
          == Self.varintLength(UInt64(number) << 3 | UInt64(wireType.rawValue)),
        let field = type.field(number: number),
        number > previous || (number == previous && field.isRepeated && !field.isPacked)
      else { return false }
      previous = number
      seenCount += 1
      if let oneof = field.oneofIndex {
        // A message with more than 64 oneofs is left to the full re-encoding.
        guard oneof < 64, oneofsSeen & (1 << UInt64(oneof)) == 0 else { return false }
        oneofsSeen |= 1 << UInt64(oneof)
      }
      let keepsDefault = field.hasPresence || field.isRepeated || type.isMapEntry
      guard
        isCanonicalValue(
          of: field,
          wireType,
          keepsDefault: keepsDefault,
          reader: &reader,
          data: data,
          depth: depth
        )
      else { return false }
    }
    // Runtimes write both the key and the value of a map entry.
    return !type.isMapEntry || seenCount == 2
  }

  private func isCanonicalValue(
    of field: FieldDescriptor,
    _ wireType: WireType,
    keepsDefault: Bool,
    reader: inout BinaryReader,
    data: [UInt8],
    depth: Int
  ) -> Bool {
    if field.isDelimited || wireType == .startGroup { return false }
    if field.isMessage || field.type == .string || field.type == .bytes {
      guard wireType == .lengthDelimited, let payload = Self.minimalPayload(&reader) else {
        return false
      }
      if field.isMessage {
        guard let type = pool.message(named: field.typeName) else { return false }
        return isCanonical(data, range: payload, type: type, depth: depth + 1)
      }
      if !keepsDefault && payload.isEmpty { return false }
      if field.validatesUTF8 {
        return UTF8Validation.isValid(data[payload])
      }
      return true
    }
    if field.isPacked {
      guard wireType == .lengthDelimited, let payload = Self.minimalPayload(&reader),
        !payload.isEmpty
      else { return false }
      var elements = BinaryReader(data, range: payload)
      while !elements.isAtEnd {
        guard isCanonicalScalar(of: field, reader: &elements, keepsDefault: true) else {
          return false
        }
      }
      return true
    }
    guard wireType == WireOccurrence.wireType(of: field.type) else { return false }
    return isCanonicalScalar(of: field, reader: &reader, keepsDefault: keepsDefault)
  }

  /// One scalar: minimal, within the type's width, not an implicit default, a defined value of a
  /// closed enum.
  private func isCanonicalScalar(
    of field: FieldDescriptor,
    reader: inout BinaryReader,
    keepsDefault: Bool
  ) -> Bool {
    let value: UInt64
    switch WireOccurrence.wireType(of: field.type) {
    case .fixed32:
      guard let read = try? reader.readFixed32() else { return false }
      value = UInt64(read)
    case .fixed64:
      guard let read = try? reader.readFixed64() else { return false }
      value = read
    default:
      let start = reader.offset
      guard let read = try? reader.readVarint(),
        reader.offset - start == Self.varintLength(read),
        BinaryCanonicalizer.normalized(read, field.type) == read
      else { return false }
      value = read
    }
    if !keepsDefault && value == 0 { return false }
    return field.type != .enum
      || !BinaryCanonicalizer(pool: pool).isUndefinedClosedEnumValue(value, field)
  }

  /// A length-delimited payload whose length prefix is written minimally.
  private static func minimalPayload(_ reader: inout BinaryReader) -> Range<Int>? {
    let start = reader.offset
    guard let payload = try? reader.readLengthDelimited(),
      payload.lowerBound - start == varintLength(UInt64(payload.count))
    else { return nil }
    return payload
  }

  /// The number of bytes of a minimal varint.
  private static func varintLength(_ value: UInt64) -> Int {
    value == 0 ? 1 : (64 - value.leadingZeroBitCount + 6) / 7
  }
}
