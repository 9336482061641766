import ProtoSchema
import SwiftProtobuf

/// Encodes protobuf text format (as `protoc --encode` reads it) into binary, driven by
/// descriptors: `name: value` or `name { ... }` / `name < ... >`, optional `,`/`;` separators,
/// repeated values as repeated keys or `[a, b]`, groups by type name, extensions as
/// `[pkg.ext]`, `Any` in expanded form `[type.googleapis.com/pkg.T] { ... }`, `#` comments.
public struct TextToBinary: Sendable {
  /// Options of the text → binary direction.
  public struct Options: Sendable {
    /// Skip fields the message does not declare instead of failing.
    public var ignoreUnknownFields: Bool

    /// Creates options; unknown fields are an error by default.
    public init(ignoreUnknownFields: Bool = false) {
      self.ignoreUnknownFields = ignoreUnknownFields
    }
  }

  let pool: DescriptorPool
  let options: Options

  /// Creates an encoder over a pool.
  public init(pool: DescriptorPool, options: Options = Options()) {
    self.pool = pool
    self.options = options
  }

  /// Encodes one message of `type` written in text format.
  public func encode(_ text: [UInt8], as type: MessageDescriptor) throws(CodecError) -> [UInt8] {
    var encoder = TextEncoder(pool: pool, options: options, scanner: try TextScanner(text))
    return try encoder.message(type, closing: nil, depth: 0)
  }
}

/// The recursive worker of `TextToBinary`.
struct TextEncoder {
  let pool: DescriptorPool
  let options: TextToBinary.Options
  var scanner: TextScanner
  var path: [String] = []

  var pathText: String { CodecError.render(path: path) }

  func failure(_ message: String) -> CodecError { scanner.failure(message, path: pathText) }

  func error(_ reason: CodecError.Reason) -> CodecError {
    CodecError(path: pathText, reason)
  }

  /// What has been written for each field of the message being encoded.
  struct Fields {
    var segments: [(number: Int32, bytes: [UInt8])] = []
    var packed: [Int32: [UInt8]] = [:]
    var seen: Set<Int32> = []
    var oneofMembers: [Int: String] = [:]
  }

  /// Encodes fields until `closing` (or the end of input at the top level).
  mutating func message(
    _ type: MessageDescriptor,
    closing: String?,
    depth: Int
  ) throws(CodecError) -> [UInt8] {
    guard depth < 100 else { throw error(.tooDeep) }
    var fields = Fields()
    while true {
      if let closing {
        if try scanner.consume(closing) { break }
        if scanner.current.kind == .end { throw failure("expected \"\(closing)\"") }
      } else if scanner.current.kind == .end {
        break
      }
      try field(of: type, into: &fields, depth: depth)
      if try !scanner.consume(",") { _ = try scanner.consume(";") }
    }
    var output = MessageEncoder.joinSorted(fields.segments)
    for (number, payload) in fields.packed.sorted(by: { $0.key < $1.key }) {
      var writer = BinaryWriter()
      writer.writeTag(number, .lengthDelimited)
      writer.writeLengthDelimited(payload)
      output += writer.bytes
    }
    return output
  }

  /// Reads one `name: value` or `name { ... }` entry.
  mutating func field(
    of type: MessageDescriptor,
    into fields: inout Fields,
    depth: Int
  ) throws(CodecError) {
    let nameToken = scanner.current
    if try scanner.consume("[") {
      let name = try bracketedName()
      if name.contains("/") {
        guard type.fullName == WellKnownJSON.anyTypeName else {
          throw failure("\"[\(name)]\" is only allowed in a google.protobuf.Any")
        }
        fields.segments += try expandedAny(typeURL: name, depth: depth)
        return
      }
      guard let field = pool.extensions(of: type.fullName).first(where: { $0.fullName == name })
      else {
        throw failure("extension \"\(name)\" of \(type.fullName) is not known")
      }
      try value(of: field, in: type, into: &fields, depth: depth)
      return
    }
    guard nameToken.kind == .identifier else {
      throw failure("expected a field name, got \"\(nameToken.text)\"")
    }
    try scanner.next()
    guard let field = Self.field(named: nameToken.text, in: type, pool: pool) else {
      guard options.ignoreUnknownFields else {
        throw CodecError(
          path: pathText,
          .syntax(
            "\(nameToken.line):\(nameToken.column): message type \(type.fullName) has no field named \(nameToken.text)"
          )
        )
      }
      try skipValue()
      return
    }
    try value(of: field, in: type, into: &fields, depth: depth)
  }

  /// A field by text-format name: the field name, or a group's type name.
  static func field(
    named name: String,
    in type: MessageDescriptor,
    pool: DescriptorPool
  ) -> FieldDescriptor? {
    if let field = type.field(named: name), field.type != .group { return field }
    let lowered = name.lowercased()
    if let field = type.field(named: lowered), field.type == .group,
      pool.message(named: field.typeName)?.fullName.split(separator: ".").last.map(String.init)
        == name
    {
      return field
    }
    return nil
  }

  /// Reads the inside of `[...]` up to `]`: an extension name or an `Any` type URL.
  mutating func bracketedName() throws(CodecError) -> String {
    var name = ""
    while !scanner.isSymbol("]") {
      let token = scanner.current
      guard
        token.kind == .identifier || token.kind == .number
          || (token.kind == .symbol && (token.text == "." || token.text == "/"))
      else {
        throw failure("expected \"]\"")
      }
      name += token.text
      try scanner.next()
    }
    try scanner.next()
    return name
  }

  /// Reads the value of one field occurrence (or a `[...]` list of them).
  mutating func value(
    of field: FieldDescriptor,
    in type: MessageDescriptor,
    into fields: inout Fields,
    depth: Int
  ) throws(CodecError) {
    path.append(field.name)
    defer { path.removeLast() }
    try checkPresence(field, in: type, fields: &fields)
    if field.isMessage {
      _ = try scanner.consume(":")
      if field.isRepeated, try scanner.consume("[") {
        try list { (encoder: inout TextEncoder) throws(CodecError) in
          fields.segments.append((field.number, try encoder.messageValue(field, depth: depth)))
        }
      } else {
        fields.segments.append((field.number, try messageValue(field, depth: depth)))
      }
      return
    }
    guard try scanner.consume(":") else { throw failure("expected \":\" after \(field.name)") }
    if field.isRepeated, try scanner.consume("[") {
      try list { (encoder: inout TextEncoder) throws(CodecError) in
        try encoder.append(try encoder.scalar(field), of: field, to: &fields)
      }
    } else {
      try append(try scalar(field), of: field, to: &fields)
    }
  }

  /// Reads `a, b, c]` (the `[` already consumed).
  mutating func list(
    _ element: (inout TextEncoder) throws(CodecError) -> Void
  ) throws(CodecError) {
    if try scanner.consume("]") { return }
    repeat {
      try element(&self)
    } while try scanner.consume(",")
    guard try scanner.consume("]") else { throw failure("expected \"]\"") }
  }

  /// Rejects a second value for a singular field or a second member of a oneof.
  func checkPresence(
    _ field: FieldDescriptor,
    in type: MessageDescriptor,
    fields: inout Fields
  ) throws(CodecError) {
    guard !field.isRepeated else { return }
    if !fields.seen.insert(field.number).inserted {
      throw failure("non-repeated field \"\(field.name)\" is specified more than once")
    }
    if let oneof = field.oneofIndex {
      if let other = fields.oneofMembers[oneof] {
        throw failure(
          "field \"\(field.name)\" is specified along with field \"\(other)\", another member of oneof \"\(type.oneofNames[oneof])\""
        )
      }
      fields.oneofMembers[oneof] = field.name
    }
  }

  /// Appends one scalar, packed or with its own tag.
  func append(
    _ value: ScalarValue,
    of field: FieldDescriptor,
    to fields: inout Fields
  ) throws(CodecError) {
    var writer = BinaryWriter()
    if field.isPacked {
      MessageEncoder.writeScalarValue(value, into: &writer)
      fields.packed[field.number, default: []] += writer.bytes
      return
    }
    writer.writeTag(field.number, value.wireType)
    MessageEncoder.writeScalarValue(value, into: &writer)
    fields.segments.append((field.number, writer.bytes))
  }

  /// Reads `{ ... }` or `< ... >` as a message field, with its tag.
  mutating func messageValue(
    _ field: FieldDescriptor,
    depth: Int
  ) throws(CodecError) -> [UInt8] {
    guard let type = pool.message(named: field.typeName) else {
      throw error(.unknownType(field.typeName))
    }
    let closing = try openMessage(what: "message field \(field.name)")
    let body = try message(type, closing: closing, depth: depth + 1)
    var writer = BinaryWriter()
    if field.isDelimited {
      writer.writeTag(field.number, .startGroup)
      writer.writeRaw(body)
      writer.writeTag(field.number, .endGroup)
    } else {
      writer.writeTag(field.number, .lengthDelimited)
      writer.writeLengthDelimited(body)
    }
    return writer.bytes
  }

  /// `[type.googleapis.com/pkg.T] { ... }` inside an `Any`: its `type_url` and `value`.
  mutating func expandedAny(
    typeURL: String,
    depth: Int
  ) throws(CodecError) -> [(number: Int32, bytes: [UInt8])] {
    let typeName = String(typeURL[typeURL.index(after: typeURL.lastIndex(of: "/")!)...])
    guard let type = pool.message(named: typeName) else { throw error(.unknownType(typeName)) }
    _ = try scanner.consume(":")
    let closing = try openMessage(what: "[\(typeURL)]")
    let value = try message(type, closing: closing, depth: depth + 1)
    var url = BinaryWriter()
    url.writeTag(1, .lengthDelimited)
    url.writeLengthDelimited(Array(typeURL.utf8))
    var payload = BinaryWriter()
    payload.writeTag(2, .lengthDelimited)
    payload.writeLengthDelimited(value)
    return [(1, url.bytes), (2, payload.bytes)]
  }

  /// Consumes `{` or `<` and returns the matching closing symbol.
  mutating func openMessage(what: String) throws(CodecError) -> String {
    if try scanner.consume("{") { return "}" }
    if try scanner.consume("<") { return ">" }
    throw failure("expected \"{\" or \"<\" for \(what)")
  }

  /// Skips an unknown field's value (`ignoreUnknownFields`).
  mutating func skipValue() throws(CodecError) {
    _ = try scanner.consume(":")
    if try scanner.consume("{") {
      try skipNested(until: "}")
    } else if try scanner.consume("<") {
      try skipNested(until: ">")
    } else if try scanner.consume("[") {
      try skipNested(until: "]")
    } else {
      _ = try scanner.consume("-")
      try scanner.next()
      while scanner.current.kind == .string { try scanner.next() }
    }
  }

  private mutating func skipNested(until closing: String) throws(CodecError) {
    var depth = 1
    while depth > 0 {
      if scanner.current.kind == .end { throw failure("expected \"\(closing)\"") }
      let token = try scanner.next()
      if token.kind == .symbol, ["{", "<", "["].contains(token.text) { depth += 1 }
      if token.kind == .symbol, ["}", ">", "]"].contains(token.text) { depth -= 1 }
    }
  }
}
