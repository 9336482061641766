import ProtoSchema
import SwiftProtobuf

/// Transcodes protobuf binary straight into proto3 JSON text, driven by descriptors.
public struct BinaryToJSON: Sendable {
  /// Options of the binary → JSON direction.
  public struct Options: Sendable {
    /// Write fields that hold their default value (implicit presence), empty lists and maps.
    public var emitDefaults: Bool
    /// Use the .proto field names instead of lowerCamel JSON names.
    public var useProtoNames: Bool
    /// Indentation per level; empty for compact single-line output.
    public var indent: String
    /// For an `Any` whose type is unknown, write grpcurl's `{"@error", "@type", "@value"}` object
    /// instead of failing.
    public var unresolvableAnyAsRaw: Bool

    /// Creates options; the defaults match grpcurl's output.
    public init(
      emitDefaults: Bool = false,
      useProtoNames: Bool = false,
      indent: String = "  ",
      unresolvableAnyAsRaw: Bool = false
    ) {
      self.emitDefaults = emitDefaults
      self.useProtoNames = useProtoNames
      self.indent = indent
      self.unresolvableAnyAsRaw = unresolvableAnyAsRaw
    }
  }

  let pool: DescriptorPool
  let options: Options

  /// Creates a transcoder over a pool.
  public init(pool: DescriptorPool, options: Options = Options()) {
    self.pool = pool
    self.options = options
  }

  /// Converts one binary message of `type` to JSON text (no trailing newline).
  public func json(_ bytes: [UInt8], as type: MessageDescriptor) throws(CodecError) -> String {
    // The message as a runtime holds it after parsing: the last oneof member, the last value of
    // a singular field. Malformed input is printed as it is, so the error names its path.
    let canonicalizer = BinaryCanonicalizer(pool: pool)
    var printer = MessagePrinter(pool: pool, options: options)
    if canonicalizer.isCanonical(bytes, as: type) {
      // The common case: fields in number order, each once — read in one pass, no grouping.
      printer.isInFieldOrder = true
      try printer.value(ofMessage: type, data: bytes, range: bytes.indices, depth: 0)
    } else {
      let canonical = (try? canonicalizer.reencoded(bytes, as: type)) ?? bytes
      try printer.value(ofMessage: type, data: canonical, range: canonical.indices, depth: 0)
    }
    return String(decoding: printer.writer.output, as: UTF8.self)
  }
}

/// The recursive worker of `BinaryToJSON`.
struct MessagePrinter {
  let pool: DescriptorPool
  let options: BinaryToJSON.Options
  var writer: JSONWriter
  var path: [String] = []
  /// Whether the bytes being printed are known canonical (`CanonicalFormCheck`): known fields
  /// only, in number order, repeated ones consecutive — so one in-order pass finds each field.
  var isInFieldOrder = false

  init(pool: DescriptorPool, options: BinaryToJSON.Options) {
    self.pool = pool
    self.options = options
    self.writer = JSONWriter(indent: options.indent)
  }

  func error(_ reason: CodecError.Reason) -> CodecError {
    CodecError(path: CodecError.render(path: path), reason)
  }

  typealias Occurrence = WireOccurrence

  /// Writes a message as a JSON value (object, or the special form of a well-known type).
  mutating func value(
    ofMessage type: MessageDescriptor,
    data: [UInt8],
    range: Range<Int>,
    depth: Int
  ) throws(CodecError) {
    guard depth < 100 else { throw error(.tooDeep) }
    // Only google.protobuf's types have special forms (a prefix test is cheaper than the look-up).
    let isWellKnown = type.fullName.hasPrefix(WellKnownJSON.package)
    if isWellKnown, type.fullName == WellKnownJSON.anyTypeName {
      try any(data: data, range: range, depth: depth)
      return
    }
    if isWellKnown, WellKnownJSON.types[type.fullName] != nil {
      let json = try WellKnownJSON.json(
        typeName: type.fullName,
        binary: data[range],
        path: CodecError.render(path: path)
      )
      try writer.copyValue(json)
      return
    }
    writer.beginObject()
    try fields(of: type, data: data, range: range, depth: depth)
    writer.endObject()
  }

  /// Writes the fields of a message into the current object, in field-number order.
  mutating func fields(
    of type: MessageDescriptor,
    data: [UInt8],
    range: Range<Int>,
    depth: Int
  ) throws(CodecError) {
    if isInFieldOrder {
      try fieldsInOrder(of: type, data: data, range: range, depth: depth)
      return
    }
    let occurrences = try scan(data: data, range: range)
    for field in type.fields {
      try write(
        field,
        occurrences: (occurrences[field.number] ?? [])[...],
        data: data,
        depth: depth
      )
    }
    for field in pool.extensions(of: type.fullName).sorted(by: { $0.number < $1.number }) {
      if let found = occurrences[field.number] {
        try write(field, occurrences: found[...], data: data, depth: depth)
      }
    }
  }

  /// `fields(of:…)` for canonical bytes: the occurrences are walked once beside the fields (both
  /// in number order); canonical bytes hold no extensions.
  mutating func fieldsInOrder(
    of type: MessageDescriptor,
    data: [UInt8],
    range: Range<Int>,
    depth: Int
  ) throws(CodecError) {
    let inOrder: [(number: Int32, occurrence: Occurrence)]
    do {
      inOrder = try WireOccurrence.scanInOrder(data, range: range)
    } catch {
      throw self.error(.binary(error))
    }
    let occurrences = inOrder.map(\.occurrence)
    var next = 0
    for field in type.fields {
      let start = next
      while next < inOrder.count && inOrder[next].number == field.number { next += 1 }
      try write(field, occurrences: occurrences[start ..< next], data: data, depth: depth)
    }
  }

  /// Splits a message's bytes into occurrences per field number.
  func scan(
    data: [UInt8],
    range: Range<Int>
  ) throws(CodecError) -> [Int32: [Occurrence]] {
    do {
      return try WireOccurrence.scan(data, range: range)
    } catch {
      throw self.error(.binary(error))
    }
  }

  func key(for field: FieldDescriptor) -> String {
    if field.extendee != nil { return "[\(field.fullName)]" }
    return options.useProtoNames ? field.name : field.jsonName
  }

  mutating func write(
    _ field: FieldDescriptor,
    occurrences: ArraySlice<Occurrence>,
    data: [UInt8],
    depth: Int
  ) throws(CodecError) {
    let name = key(for: field)
    if occurrences.isEmpty {
      guard options.emitDefaults, !field.hasPresence else { return }
      writer.key(name)
      try writeDefault(field)
      return
    }
    path.append(name)
    defer { path.removeLast() }
    if field.isRepeated, field.isMessage, let entry = pool.message(named: field.typeName),
      entry.isMapEntry
    {
      writer.key(name)
      try map(field, entry: entry, occurrences: occurrences, data: data, depth: depth)
    } else if field.isRepeated {
      writer.key(name)
      try repeated(field, occurrences: occurrences, data: data, depth: depth)
    } else if field.isMessage {
      writer.key(name)
      try singularMessage(field, occurrences: occurrences, data: data, depth: depth)
    } else {
      guard let last = occurrences.last else { return }
      if field.type == .enum, try isUnknownClosedEnum(field, last) { return }
      writer.key(name)
      try scalar(field, last, data: data)
    }
  }

  func isUnknownClosedEnum(
    _ field: FieldDescriptor,
    _ occurrence: Occurrence
  ) throws(CodecError) -> Bool {
    guard let enumType = pool.enumType(named: field.typeName), enumType.isClosed else {
      return false
    }
    return enumType.name(for: Int32(truncatingIfNeeded: occurrence.scalar)) == nil
  }

  mutating func singularMessage(
    _ field: FieldDescriptor,
    occurrences: ArraySlice<Occurrence>,
    data: [UInt8],
    depth: Int
  ) throws(CodecError) {
    guard let type = pool.message(named: field.typeName) else {
      throw error(.unknownType(field.typeName))
    }
    let expected: WireType = field.isDelimited ? .startGroup : .lengthDelimited
    for occurrence in occurrences where occurrence.wireType != expected {
      throw error(
        .binary(.wrongWireType(field: field.name, expected: expected, got: occurrence.wireType))
      )
    }
    if occurrences.count == 1, let only = occurrences.first {
      try value(ofMessage: type, data: data, range: only.range, depth: depth + 1)
    } else {
      var merged: [UInt8] = []
      for occurrence in occurrences { merged += data[occurrence.range] }
      try value(ofMessage: type, data: merged, range: merged.indices, depth: depth + 1)
    }
  }

  mutating func repeated(
    _ field: FieldDescriptor,
    occurrences: ArraySlice<Occurrence>,
    data: [UInt8],
    depth: Int
  ) throws(CodecError) {
    writer.beginArray()
    var index = 0
    for position in occurrences.indices {
      let occurrence = occurrences[position]
      if field.isMessage {
        path.append("[\(index)]")
        writer.element()
        try singularMessage(
          field,
          occurrences: occurrences[position ... position],
          data: data,
          depth: depth
        )
        path.removeLast()
        index += 1
      } else if occurrence.wireType == .lengthDelimited, field.type != .string, field.type != .bytes
      {
        for element in try unpack(field, range: occurrence.range, data: data) {
          if field.type == .enum, try isUnknownClosedEnum(field, element) { continue }
          writer.element()
          try scalar(field, element, data: data)
          index += 1
        }
      } else {
        if field.type == .enum, try isUnknownClosedEnum(field, occurrence) { continue }
        writer.element()
        try scalar(field, occurrence, data: data)
        index += 1
      }
    }
    writer.endArray()
  }

  /// Decodes a packed run of scalars.
  func unpack(
    _ field: FieldDescriptor,
    range: Range<Int>,
    data: [UInt8]
  ) throws(CodecError) -> [Occurrence] {
    do {
      return try WireOccurrence.unpack(field.type, data: data, range: range)
    } catch {
      throw self.error(.binary(error))
    }
  }

  static func wireType(of type: Google_Protobuf_FieldDescriptorProto.TypeEnum) -> WireType {
    WireOccurrence.wireType(of: type)
  }
}
