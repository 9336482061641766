import ProtoSchema
import SwiftProtobuf

/// Transcodes proto3 JSON straight into protobuf binary, driven by descriptors, without building
/// an intermediate tree of values.
public struct JSONToBinary: Sendable {
  /// Options of the JSON → binary direction.
  public struct Options: Sendable {
    /// Skip unknown keys (and unknown enum names) instead of failing.
    public var ignoreUnknownFields: Bool

    /// Creates options.
    public init(ignoreUnknownFields: Bool = false) {
      self.ignoreUnknownFields = ignoreUnknownFields
    }
  }

  let pool: DescriptorPool
  let options: Options

  /// Creates a transcoder over a pool.
  public init(pool: DescriptorPool, options: Options = Options()) {
    self.pool = pool
    self.options = options
  }

  /// Encodes `json`, which must hold exactly one JSON object, as a message of `type`.
  public func encode(_ json: [UInt8], as type: MessageDescriptor) throws(CodecError) -> [UInt8] {
    var scanner = JSONScanner(json)
    guard let message = try encodeNext(from: &scanner, as: type) else {
      throw CodecError(path: "", .syntax("expected a JSON object, but the input is empty"))
    }
    guard scanner.isAtEnd() else {
      throw CodecError(
        path: "",
        .syntax("unexpected data after the message \(scanner.describeNext())")
      )
    }
    return message
  }

  /// Encodes the next top-level JSON value from a stream of concatenated messages; `nil` when only
  /// whitespace remains.
  public func encodeNext(
    from scanner: inout JSONScanner,
    as type: MessageDescriptor
  ) throws(CodecError) -> [UInt8]? {
    guard !scanner.isAtEnd() else { return nil }
    if scanner.consumeNull() { throw CodecError(path: "", .expected("a JSON object", got: "null")) }
    var encoder = MessageEncoder(pool: pool, options: options, scanner: scanner)
    let bytes = try encoder.message(type, depth: 0)
    scanner = encoder.scanner
    // What the JSON said, as a runtime would serialize it: defaults of implicit-presence fields
    // (`0`, `""`, a `null` NullValue) leave no bytes, the last oneof member wins.
    return (try? BinaryCanonicalizer(pool: pool).canonical(bytes, as: type)) ?? bytes
  }
}

/// The recursive worker of `JSONToBinary`, carrying the scanner and the current JSON path.
struct MessageEncoder {
  let pool: DescriptorPool
  let options: JSONToBinary.Options
  var scanner: JSONScanner
  var path: [String] = []

  init(pool: DescriptorPool, options: JSONToBinary.Options, scanner: JSONScanner) {
    self.pool = pool
    self.options = options
    self.scanner = scanner
  }

  var pathText: String { CodecError.render(path: path) }

  func error(_ reason: CodecError.Reason) -> CodecError { CodecError(path: pathText, reason) }

  // MARK: - Messages

  /// Encodes one JSON object as `type`; returns the message's bytes (no tag or length).
  mutating func message(_ type: MessageDescriptor, depth: Int) throws(CodecError) -> [UInt8] {
    guard depth < 100 else { throw error(.tooDeep) }
    if type.fullName.hasPrefix(WellKnownJSON.package),
      let special = try specialMessage(type, depth: depth)
    {
      return special
    }
    guard scanner.peek() == UInt8(ascii: "{") else {
      throw error(.expected("an object for \(type.fullName)", got: scanner.nextValueDescription()))
    }
    return try fields(of: type, depth: depth, skippingKey: nil)
  }

  /// A `google.protobuf` type with its own JSON form (Any, Duration, wrappers, …); nil for the
  /// package's other messages.
  mutating func specialMessage(
    _ type: MessageDescriptor,
    depth: Int
  ) throws(CodecError) -> [UInt8]? {
    if type.fullName == WellKnownJSON.anyTypeName { return try any(depth: depth) }
    if WellKnownJSON.types[type.fullName] != nil {
      let range = try scanner.skipValue(path: path)
      return try WellKnownJSON.binary(
        typeName: type.fullName,
        json: scanner.bytes[range],
        path: pathText
      )
    }
    return nil
  }

  /// Encodes the members of a JSON object as fields of `type`, sorted by field number.
  ///
  /// Every field is written into one buffer; only members that arrive out of field-number order
  /// cost a second pass that copies the pieces into order.
  mutating func fields(
    of type: MessageDescriptor,
    depth: Int,
    skippingKey: String?
  ) throws(CodecError) -> [UInt8] {
    try scanner.expect(UInt8(ascii: "{"), path: path)
    var writer = BinaryWriter()
    // Each member's field and its bytes in `writer` (empty for `null`, kept to catch duplicates).
    var members: [(number: Int32, range: Range<Int>)] = []
    var inOrder = true
    var oneofMembers: [Int: String] = [:]
    if !scanner.consume(UInt8(ascii: "}")) {
      repeat {
        let key = try scanner.readString(path: path)
        try scanner.expect(UInt8(ascii: ":"), path: path)
        if key == skippingKey {
          _ = try scanner.skipValue(path: path)
          continue
        }
        guard let field = try resolveField(key, in: type) else {
          path.append(key)
          _ = try scanner.skipValue(path: path)
          path.removeLast()
          continue
        }
        path.append(key)
        if members.contains(where: { $0.number == field.number }) {
          throw error(.duplicateField(key))
        }
        let start = writer.bytes.count
        if try fieldValue(field, into: &writer, depth: depth), let oneof = field.oneofIndex {
          if let other = oneofMembers[oneof] {
            throw error(.oneofConflict(oneof: type.oneofNames[oneof], first: other, second: key))
          }
          oneofMembers[oneof] = key
        }
        if let last = members.last, last.number > field.number { inOrder = false }
        members.append((field.number, start ..< writer.bytes.count))
        path.removeLast()
      } while scanner.consume(UInt8(ascii: ","))
      try scanner.expect(UInt8(ascii: "}"), path: path)
    }
    return inOrder ? writer.bytes : Self.sorted(writer.bytes, members: members)
  }

  /// `bytes` with each member's piece moved into field-number order.
  static func sorted(
    _ bytes: [UInt8],
    members: [(number: Int32, range: Range<Int>)]
  ) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    for member in members.sorted(by: { $0.number < $1.number }) {
      out += bytes[member.range]
    }
    return out
  }

  static func joinSorted(_ segments: [(number: Int32, bytes: [UInt8])]) -> [UInt8] {
    var sorted = segments
    sorted.sort { $0.number < $1.number }
    var out: [UInt8] = []
    for segment in sorted { out += segment.bytes }
    return out
  }

  /// The field a key names: json_name, proto name, or `[pkg.ext]`; `nil` for an ignored unknown key.
  func resolveField(
    _ key: String,
    in type: MessageDescriptor
  ) throws(CodecError) -> FieldDescriptor? {
    if let field = type.field(named: key) { return field }
    if key.hasPrefix("["), key.hasSuffix("]") {
      let name = String(key.dropFirst().dropLast())
      if let ext = pool.extensions(of: type.fullName).first(where: { $0.fullName == name }) {
        return ext
      }
    }
    if options.ignoreUnknownFields { return nil }
    throw error(.unknownField(name: key, message: type.fullName))
  }

  /// Writes one field's JSON value with its tags; `false` when nothing was written (`null`
  /// leaves the field unset, an ignored unknown enum name skips it).
  mutating func fieldValue(
    _ field: FieldDescriptor,
    into writer: inout BinaryWriter,
    depth: Int
  ) throws(CodecError) -> Bool {
    if scanner.peek() == UInt8(ascii: "n") {
      if !field.isRepeated, field.typeName == "google.protobuf.Value" {
        _ = scanner.consumeNull()
        writer.writeTag(field.number, .lengthDelimited)
        writer.writeLengthDelimited([0x08, 0x00])
        return true
      }
      if !field.isRepeated, field.typeName == "google.protobuf.NullValue" {
        _ = scanner.consumeNull()
        writer.writeTag(field.number, .varint)
        writer.writeVarint(0)
        return true
      }
      if scanner.consumeNull() { return false }
    }
    let start = writer.bytes.count
    if let entry = field.isRepeated && field.isMessage ? pool.message(named: field.typeName) : nil,
      entry.isMapEntry
    {
      try mapValue(field, entry: entry, into: &writer, depth: depth)
    } else if field.isRepeated {
      try repeatedValue(field, into: &writer, depth: depth)
    } else {
      return try singular(field, into: &writer, depth: depth)
    }
    return writer.bytes.count > start
  }

  mutating func repeatedValue(
    _ field: FieldDescriptor,
    into writer: inout BinaryWriter,
    depth: Int
  ) throws(CodecError) {
    guard scanner.consume(UInt8(ascii: "[")) else {
      throw error(.expected("an array", got: scanner.nextValueDescription()))
    }
    var packed = BinaryWriter()
    if !scanner.consume(UInt8(ascii: "]")) {
      var index = 0
      repeat {
        path.append("[\(index)]")
        if scanner.peek() == UInt8(ascii: "n"), field.typeName != "google.protobuf.Value" {
          throw error(.expected("a value", got: "null"))
        }
        if field.isPacked {
          if let value = try scalar(field) { Self.writeScalarValue(value, into: &packed) }
        } else {
          _ = try singular(field, into: &writer, depth: depth)
        }
        path.removeLast()
        index += 1
      } while scanner.consume(UInt8(ascii: ","))
      try scanner.expect(UInt8(ascii: "]"), path: path)
    }
    if field.isPacked, !packed.bytes.isEmpty {
      writer.writeTag(field.number, .lengthDelimited)
      writer.writeLengthDelimited(packed.bytes)
    }
  }

  mutating func mapValue(
    _ field: FieldDescriptor,
    entry: MessageDescriptor,
    into writer: inout BinaryWriter,
    depth: Int
  ) throws(CodecError) {
    guard let (keyField, valueField) = entry.mapKeyValue else {
      throw error(.unknownType(entry.fullName))
    }
    guard scanner.consume(UInt8(ascii: "{")) else {
      throw error(.expected("an object", got: scanner.nextValueDescription()))
    }
    if scanner.consume(UInt8(ascii: "}")) { return }
    var seenKeys = Set<String>()
    repeat {
      let key = try scanner.readString(path: path)
      try scanner.expect(UInt8(ascii: ":"), path: path)
      path.append("[\"\(key)\"]")
      if !seenKeys.insert(key).inserted { throw error(.duplicateField("map key \"\(key)\"")) }
      if scanner.peek() == UInt8(ascii: "n"), valueField.typeName != "google.protobuf.Value" {
        throw error(.expected("a map value", got: "null"))
      }
      var entryWriter = BinaryWriter()
      try mapKey(key, field: keyField, into: &entryWriter)
      let valueWritten = try singular(valueField, into: &entryWriter, depth: depth)
      if valueWritten || !options.ignoreUnknownFields || valueField.type != .enum {
        writer.writeTag(field.number, .lengthDelimited)
        writer.writeLengthDelimited(entryWriter.bytes)
      }
      path.removeLast()
    } while scanner.consume(UInt8(ascii: ","))
    try scanner.expect(UInt8(ascii: "}"), path: path)
  }

  mutating func mapKey(
    _ key: String,
    field: FieldDescriptor,
    into writer: inout BinaryWriter
  ) throws(CodecError) {
    let value: ScalarValue
    switch field.type {
    case .string:
      value = .lengthDelimited(Array(key.utf8))
    case .bool:
      guard key == "true" || key == "false" else {
        throw error(.expected("a map key \"true\" or \"false\"", got: "\"\(key)\""))
      }
      value = .varint(key == "true" ? 1 : 0)
    default:
      value = try integer(text: key, type: field.type, quoted: true)
    }
    writer.writeTag(field.number, value.wireType)
    Self.writeScalarValue(value, into: &writer)
  }

  /// Writes one singular value with its tag; returns `false` if it was skipped (unknown enum name
  /// with unknown fields ignored).
  mutating func singular(
    _ field: FieldDescriptor,
    into writer: inout BinaryWriter,
    depth: Int
  ) throws(CodecError) -> Bool {
    if field.isMessage {
      guard let type = pool.message(named: field.typeName) else {
        throw error(.unknownType(field.typeName))
      }
      let bytes = try message(type, depth: depth + 1)
      if field.isDelimited {
        writer.writeTag(field.number, .startGroup)
        writer.writeRaw(bytes)
        writer.writeTag(field.number, .endGroup)
      } else {
        writer.writeTag(field.number, .lengthDelimited)
        writer.writeLengthDelimited(bytes)
      }
      return true
    }
    guard let value = try scalar(field) else { return false }
    writer.writeTag(field.number, value.wireType)
    Self.writeScalarValue(value, into: &writer)
    return true
  }
}
