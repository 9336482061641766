import ProtoSchema
import SwiftProtobuf

/// Transcodes protobuf binary into protobuf text format, as `protoc --decode` prints it: fields
/// in number order, nested messages in `{ }`, groups by their type name, extensions as
/// `[pkg.ext]`, strings C-escaped, unknown fields by number. `Any` values whose type is known
/// are expanded (`[type.googleapis.com/pkg.T] { ... }`).
public struct BinaryToText: Sendable {
  /// Options of the binary → text direction.
  public struct Options: Sendable {
    /// Everything on one line (`a: 1 b { c: 2 }`), as protoc's short debug string.
    public var singleLine: Bool
    /// Print `Any` values expanded when their type is in the pool.
    public var expandAny: Bool
    /// Print fields the schema does not know, by number (as `protoc --decode` does).
    public var printUnknownFields: Bool

    /// Creates options; the defaults print one field per line with `Any` expanded and unknown
    /// fields by number.
    public init(singleLine: Bool = false, expandAny: Bool = true, printUnknownFields: Bool = true) {
      self.singleLine = singleLine
      self.expandAny = expandAny
      self.printUnknownFields = printUnknownFields
    }
  }

  let pool: DescriptorPool
  let options: Options

  /// Creates a transcoder over a pool.
  public init(pool: DescriptorPool, options: Options = Options()) {
    self.pool = pool
    self.options = options
  }

  /// Converts one binary message of `type` to text format (multi-line output ends with a
  /// newline after each field; single-line output has none).
  public func text(_ bytes: [UInt8], as type: MessageDescriptor) throws(CodecError) -> String {
    // As a runtime holds the message after parsing (see `BinaryCanonicalizer`); malformed input
    // is printed as it is, so the error names its path.
    let canonical = (try? BinaryCanonicalizer(pool: pool).canonical(bytes, as: type)) ?? bytes
    var printer = TextPrinter(pool: pool, options: options)
    try printer.fields(of: type, data: canonical, range: canonical.indices, depth: 0)
    return printer.output
  }

  /// Each value of each known field (extensions included), in field-number order, as
  /// single-line text: `"x"`, `5`, `NAME`, or `{ a: 1 }` for messages. Repeated fields give one
  /// entry per element. Used to list options as `.proto` source writes them.
  public func fieldValues(
    _ bytes: [UInt8],
    as type: MessageDescriptor
  ) throws(CodecError) -> [(field: FieldDescriptor, text: String)] {
    var printer = TextPrinter(pool: pool, options: .init(singleLine: true, expandAny: true))
    let occurrences: [Int32: [WireOccurrence]]
    do {
      occurrences = try WireOccurrence.scan(bytes, range: bytes.indices)
    } catch {
      throw CodecError(path: "", .binary(error))
    }
    var result: [(field: FieldDescriptor, text: String)] = []
    let known = (type.fields + pool.extensions(of: type.fullName)).sorted { $0.number < $1.number }
    for field in known {
      guard let found = occurrences[field.number] else { continue }
      for text in try printer.valueTexts(field, in: type, occurrences: found, data: bytes) {
        result.append((field, text))
      }
    }
    return result
  }
}

/// The recursive worker of `BinaryToText`.
struct TextPrinter {
  let pool: DescriptorPool
  let options: BinaryToText.Options
  var output = ""
  var indent = 0
  var path: [String] = []

  init(pool: DescriptorPool, options: BinaryToText.Options) {
    self.pool = pool
    self.options = options
  }

  func error(_ reason: CodecError.Reason) -> CodecError {
    CodecError(path: CodecError.render(path: path), reason)
  }

  // MARK: - Layout

  /// Writes `name: value` as one field line.
  mutating func line(_ name: String, _ value: String) {
    open()
    output += name + ": " + value
    close()
  }

  /// Starts a nested message `name {`.
  mutating func begin(_ name: String) {
    open()
    output += name + " {"
    if !options.singleLine { output += "\n" }
    indent += 1
  }

  /// Ends a nested message.
  mutating func end() {
    indent -= 1
    open()
    output += "}"
    close()
  }

  private mutating func open() {
    if options.singleLine {
      if !output.isEmpty { output += " " }
    } else {
      output += String(repeating: "  ", count: indent)
    }
  }

  private mutating func close() {
    if !options.singleLine { output += "\n" }
  }

  // MARK: - Messages

  /// Writes the fields of a message: known fields and extensions in number order, then unknown
  /// fields in wire order.
  mutating func fields(
    of type: MessageDescriptor,
    data: [UInt8],
    range: Range<Int>,
    depth: Int
  ) throws(CodecError) {
    guard depth < 100 else { throw error(.tooDeep) }
    if options.expandAny, type.fullName == WellKnownJSON.anyTypeName,
      try expandedAny(data: data, range: range, depth: depth)
    {
      return
    }
    let ordered: [(number: Int32, occurrence: WireOccurrence)]
    do {
      ordered = try WireOccurrence.scanInOrder(data, range: range)
    } catch {
      throw self.error(.binary(error))
    }
    var occurrences: [Int32: [WireOccurrence]] = [:]
    for (number, occurrence) in ordered { occurrences[number, default: []].append(occurrence) }
    let known = (type.fields + pool.extensions(of: type.fullName)).sorted { $0.number < $1.number }
    for field in known {
      guard let found = occurrences[field.number] else { continue }
      try write(field, in: type, occurrences: found, data: data, depth: depth)
    }
    let knownNumbers = Set(known.map(\.number))
    for (number, occurrence) in ordered
    where options.printUnknownFields && !knownNumbers.contains(number) {
      try unknown(number, occurrence, data: data, depth: depth)
    }
  }

  /// The name a field is printed under.
  func name(of field: FieldDescriptor) -> String {
    if field.extendee != nil { return "[\(field.fullName)]" }
    if field.type == .group, let type = pool.message(named: field.typeName) {
      return String(type.fullName.split(separator: ".").last ?? "")
    }
    return field.name
  }

  mutating func write(
    _ field: FieldDescriptor,
    in parent: MessageDescriptor,
    occurrences: [WireOccurrence],
    data: [UInt8],
    depth: Int
  ) throws(CodecError) {
    let name = name(of: field)
    path.append(field.name)
    defer { path.removeLast() }
    if field.isMessage {
      guard let type = pool.message(named: field.typeName) else {
        throw error(.unknownType(field.typeName))
      }
      let expected: WireType = field.isDelimited ? .startGroup : .lengthDelimited
      for occurrence in occurrences {
        guard occurrence.wireType == expected else {
          throw error(
            .binary(.wrongWireType(field: field.name, expected: expected, got: occurrence.wireType))
          )
        }
      }
      var groups = field.isRepeated ? occurrences.map { [$0] } : [occurrences]
      if type.isMapEntry, let key = type.field(number: 1) {
        groups = try sortedByKey(groups.map { $0[0] }, key: key, data: data).map { [$0] }
      }
      for group in groups {
        var merged: [UInt8] = []
        for occurrence in group { merged += data[occurrence.range] }
        begin(name)
        try fields(of: type, data: merged, range: merged.indices, depth: depth + 1)
        end()
      }
      return
    }
    var values = try scalarOccurrences(field, occurrences, data: data)
    if !field.isRepeated {
      guard let last = values.last else { return }
      if !field.hasPresence, !parent.isMapEntry, isDefault(field, last, data: data) { return }
      values = [last]
    }
    for value in values {
      line(name, try scalarText(field, value, data: data))
    }
  }

  /// The values of one field as single-line text, one per element.
  mutating func valueTexts(
    _ field: FieldDescriptor,
    in parent: MessageDescriptor,
    occurrences: [WireOccurrence],
    data: [UInt8]
  ) throws(CodecError) -> [String] {
    if field.isMessage {
      guard let type = pool.message(named: field.typeName) else {
        throw error(.unknownType(field.typeName))
      }
      let groups = field.isRepeated ? occurrences.map { [$0] } : [occurrences]
      var texts: [String] = []
      for group in groups {
        var merged: [UInt8] = []
        for occurrence in group { merged += data[occurrence.range] }
        var nested = TextPrinter(pool: pool, options: options)
        try nested.fields(of: type, data: merged, range: merged.indices, depth: 1)
        texts.append(nested.output.isEmpty ? "{ }" : "{ \(nested.output) }")
      }
      return texts
    }
    var values = try scalarOccurrences(field, occurrences, data: data)
    if !field.isRepeated, let last = values.last { values = [last] }
    var texts: [String] = []
    for value in values { texts.append(try scalarText(field, value, data: data)) }
    return texts
  }

  /// Map entries ordered by key, as protoc prints them: numbers by value, strings by bytes.
  func sortedByKey(
    _ entries: [WireOccurrence],
    key: FieldDescriptor,
    data: [UInt8]
  ) throws(CodecError) -> [WireOccurrence] {
    var keyed: [(entry: WireOccurrence, key: MapKey)] = []
    for entry in entries {
      let found: WireOccurrence?
      do {
        found = try WireOccurrence.scan(data, range: entry.range)[1]?.last
      } catch {
        throw self.error(.binary(error))
      }
      keyed.append((entry, MapKey(key, found, data: data)))
    }
    return keyed.enumerated().sorted {
      $0.element.key == $1.element.key
        ? $0.offset < $1.offset : $0.element.key < $1.element.key
    }.map(\.element.entry)
  }

  /// A scalar field's values, packed runs unpacked.
  func scalarOccurrences(
    _ field: FieldDescriptor,
    _ occurrences: [WireOccurrence],
    data: [UInt8]
  ) throws(CodecError) -> [WireOccurrence] {
    var values: [WireOccurrence] = []
    for occurrence in occurrences {
      if occurrence.wireType == .lengthDelimited, field.type != .string, field.type != .bytes {
        do {
          values += try WireOccurrence.unpack(field.type, data: data, range: occurrence.range)
        } catch {
          throw self.error(.binary(error))
        }
      } else {
        values.append(occurrence)
      }
    }
    return values
  }

  /// Whether a value of an implicit-presence field is its default (protoc does not print it).
  func isDefault(_ field: FieldDescriptor, _ occurrence: WireOccurrence, data: [UInt8]) -> Bool {
    switch field.type {
    case .string, .bytes: occurrence.range.isEmpty
    case .float: Float(bitPattern: UInt32(truncatingIfNeeded: occurrence.scalar)).bitPattern == 0
    default: occurrence.scalar == 0
    }
  }

  /// One scalar value as text.
  func scalarText(
    _ field: FieldDescriptor,
    _ occurrence: WireOccurrence,
    data: [UInt8]
  ) throws(CodecError) -> String {
    let expected = WireOccurrence.wireType(of: field.type)
    guard occurrence.wireType == expected else {
      throw error(
        .binary(.wrongWireType(field: field.name, expected: expected, got: occurrence.wireType))
      )
    }
    let v = occurrence.scalar
    switch field.type {
    case .int32, .sfixed32: return String(Int32(truncatingIfNeeded: v))
    case .uint32, .fixed32: return String(UInt32(truncatingIfNeeded: v))
    case .sint32: return String(BinaryReader.zigZag32(v))
    case .int64, .sfixed64: return String(Int64(bitPattern: v))
    case .uint64, .fixed64: return String(v)
    case .sint64: return String(BinaryReader.zigZag64(v))
    case .bool: return v != 0 ? "true" : "false"
    case .float:
      return TextFloat.format(
        Double(Float(bitPattern: UInt32(truncatingIfNeeded: v))),
        single: true
      )
    case .double: return TextFloat.format(Double(bitPattern: v), single: false)
    case .string:
      let bytes = data[occurrence.range]
      if field.validatesUTF8, !UTF8Validation.isValid(bytes) {
        throw error(.binary(.invalidUTF8(field: field.name)))
      }
      return "\"" + CEscape.escape(Array(bytes)) + "\""
    case .bytes:
      return "\"" + CEscape.escape(Array(data[occurrence.range])) + "\""
    case .enum:
      let number = Int32(truncatingIfNeeded: v)
      return pool.enumType(named: field.typeName)?.name(for: number) ?? String(number)
    default:
      throw error(.invalidValue("field \(field.name) has no scalar type"))
    }
  }

  /// Writes an `Any` as `[type_url] { ... }`; returns false when it cannot be expanded.
  mutating func expandedAny(
    data: [UInt8],
    range: Range<Int>,
    depth: Int
  ) throws(CodecError) -> Bool {
    guard let occurrences = try? WireOccurrence.scan(data, range: range),
      occurrences.keys.allSatisfy({ $0 == 1 || $0 == 2 }),
      let url = occurrences[1]?.last, url.wireType == .lengthDelimited
    else { return false }
    let typeURL = String(decoding: data[url.range], as: UTF8.self)
    guard let slash = typeURL.lastIndex(of: "/"),
      let type = pool.message(named: String(typeURL[typeURL.index(after: slash)...]))
    else { return false }
    var value: [UInt8] = []
    for occurrence in occurrences[2] ?? [] where occurrence.wireType == .lengthDelimited {
      value += data[occurrence.range]
    }
    begin("[\(typeURL)]")
    try fields(of: type, data: value, range: value.indices, depth: depth + 1)
    end()
    return true
  }

  /// An unknown field, as protoc prints it: by number; fixed values in hex; length-delimited
  /// payloads as a message when they parse as one, otherwise as a string.
  mutating func unknown(
    _ number: Int32,
    _ occurrence: WireOccurrence,
    data: [UInt8],
    depth: Int
  ) throws(CodecError) {
    let name = String(number)
    switch occurrence.wireType {
    case .varint: line(name, String(occurrence.scalar))
    case .fixed32: line(name, "0x" + Self.hex(occurrence.scalar, digits: 8))
    case .fixed64: line(name, "0x" + Self.hex(occurrence.scalar, digits: 16))
    case .lengthDelimited, .startGroup:
      if occurrence.wireType == .startGroup || Self.parsesAsMessage(data, occurrence.range) {
        begin(name)
        let nested = Array(data[occurrence.range])
        let entries: [(number: Int32, occurrence: WireOccurrence)]
        do {
          entries = try WireOccurrence.scanInOrder(nested, range: nested.indices)
        } catch {
          throw self.error(.binary(error))
        }
        for (inner, value) in entries {
          try unknown(inner, value, data: nested, depth: depth + 1)
        }
        end()
      } else {
        line(name, "\"" + CEscape.escape(Array(data[occurrence.range])) + "\"")
      }
    case .endGroup:
      throw error(.binary(.unexpectedEndGroup))
    }
  }

  static func parsesAsMessage(_ data: [UInt8], _ range: Range<Int>) -> Bool {
    !range.isEmpty && (try? WireOccurrence.scanInOrder(data, range: range)) != nil
  }

  static func hex(_ value: UInt64, digits: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
  }
}
