import ProtoCodec
import ProtoSchema
import SwiftProtobuf

/// Prints descriptors back as `.proto` source, the way grpcurl's `describe` does: compact, type
/// references fully qualified (`.pkg.Type`), methods sorted by name, fields in number order
/// with nested types after them, and the doc (leading) comments kept when the schema has source
/// info.
struct ProtoSourcePrinter {
  let pool: DescriptorPool
  let file: Google_Protobuf_FileDescriptorProto
  let options: OptionRenderer
  private let comments: [DescriptorPath: String]
  private(set) var lines: [String] = []
  private var indent = 0
  /// Print every element in declaration order (for `-proto-out-dir`, whose files must compile
  /// back to the same descriptors), instead of `describe`'s sorted layout.
  var keepsDeclarationOrder = false

  init(pool: DescriptorPool, file: Google_Protobuf_FileDescriptorProto, options: OptionRenderer) {
    self.pool = pool
    self.file = file
    self.options = options
    var comments: [DescriptorPath: String] = [:]
    for location in file.sourceCodeInfo.location where location.hasLeadingComments {
      comments[location.path] = location.leadingComments
    }
    self.comments = comments
  }

  /// The printed source, one line per element line.
  var text: String { lines.joined(separator: "\n") }

  // MARK: - Output

  private mutating func emit(_ line: String) {
    lines.append(String(repeating: "  ", count: indent) + line)
  }

  private mutating func comment(_ path: DescriptorPath) {
    guard let text = comments[path] else { return }
    var commentLines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if commentLines.last?.isEmpty == true { commentLines.removeLast() }
    for line in commentLines {
      var trimmed = String(line)
      while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
      emit("//" + trimmed)
    }
  }

  private mutating func block(_ opening: String, _ body: (inout ProtoSourcePrinter) -> Void) {
    emit(opening + " {")
    indent += 1
    body(&self)
    indent -= 1
    emit("}")
  }

  // MARK: - Services

  mutating func service(_ service: Google_Protobuf_ServiceDescriptorProto, path: DescriptorPath) {
    comment(path)
    block("service \(service.name)") { printer in
      printer.optionStatements(service.options)
      let methods =
        printer.keepsDeclarationOrder
        ? Array(service.method.enumerated())
        : service.method.enumerated().sorted { $0.element.name < $1.element.name }
      for (index, method) in methods {
        printer.method(method, path: path + [2, Int32(index)])
      }
    }
  }

  mutating func method(_ method: Google_Protobuf_MethodDescriptorProto, path: DescriptorPath) {
    comment(path)
    let input = (method.clientStreaming ? "stream " : "") + method.inputType
    let output = (method.serverStreaming ? "stream " : "") + method.outputType
    let signature = "rpc \(method.name) ( \(input) ) returns ( \(output) )"
    let assignments = options.assignments(method.options)
    guard !assignments.isEmpty else {
      emit(signature + ";")
      return
    }
    block(signature) { printer in
      for assignment in assignments { printer.emit("option \(assignment);") }
    }
  }

  // MARK: - Messages

  mutating func message(_ message: Google_Protobuf_DescriptorProto, path: DescriptorPath) {
    comment(path)
    block("message \(message.name)") { printer in printer.messageBody(message, path: path) }
  }

  private mutating func messageBody(
    _ message: Google_Protobuf_DescriptorProto,
    path: DescriptorPath
  ) {
    optionStatements(message.options)
    var printedOneofs: Set<Int32> = []
    let fields =
      keepsDeclarationOrder
      ? Array(message.field.enumerated())
      : message.field.enumerated().sorted { $0.element.number < $1.element.number }
    let groupTypes = Set(message.field.filter { $0.type == .group }.map(\.typeName))
    func isOwnType(_ nested: Google_Protobuf_DescriptorProto) -> Bool {
      nested.options.mapEntry || groupTypes.contains(where: { $0.hasSuffix("." + nested.name) })
    }
    // In declaration order, a map entry or group type is generated where its field stands, so
    // the nested messages declared before it are printed first.
    var nextNested = 0
    func printNested(before limit: Int, _ printer: inout ProtoSourcePrinter) {
      while nextNested < min(limit, message.nestedType.count) {
        let nested = message.nestedType[nextNested]
        if !isOwnType(nested) { printer.message(nested, path: path + [3, Int32(nextNested)]) }
        nextNested += 1
      }
    }
    for (index, field) in fields {
      if keepsDeclarationOrder, field.type == .message || field.type == .group,
        let position = message.nestedType.firstIndex(where: {
          isOwnType($0) && field.typeName.hasSuffix("." + $0.name)
        })
      {
        printNested(before: position, &self)
      }
      if field.hasOneofIndex, !field.proto3Optional {
        if printedOneofs.insert(field.oneofIndex).inserted {
          oneof(in: message, index: Int(field.oneofIndex), path: path)
        }
        continue
      }
      self.field(field, in: message, path: path + [2, Int32(index)])
    }
    printNested(before: message.nestedType.count, &self)
    for (index, enumType) in message.enumType.enumerated() {
      self.enumType(enumType, path: path + [4, Int32(index)])
    }
    extensions(message.extension, path: path + [6])
    if !message.extensionRange.isEmpty {
      let ranges = message.extensionRange.map { Self.range($0.start, $0.end - 1) }
      emit("extensions \(ranges.joined(separator: ", "));")
    }
    if !message.reservedRange.isEmpty {
      let ranges = message.reservedRange.map { Self.range($0.start, $0.end - 1) }
      emit("reserved \(ranges.joined(separator: ", "));")
    }
    if !message.reservedName.isEmpty {
      emit("reserved \(message.reservedName.map { "\"\($0)\"" }.joined(separator: ", "));")
    }
  }

  static func range(_ start: Int32, _ end: Int32) -> String {
    if end >= 536_870_911 && end != start { return "\(start) to max" }
    return start == end ? "\(start)" : "\(start) to \(end)"
  }

  mutating func oneof(in message: Google_Protobuf_DescriptorProto, index: Int, path: DescriptorPath)
  {
    let oneofPath = path + [8, Int32(index)]
    comment(oneofPath)
    block("oneof \(message.oneofDecl[index].name)") { printer in
      printer.optionStatements(message.oneofDecl[index].options)
      let members = message.field.enumerated().filter {
        $0.element.hasOneofIndex && $0.element.oneofIndex == Int32(index)
      }
      let ordered =
        printer.keepsDeclarationOrder
        ? members : members.sorted(by: { $0.element.number < $1.element.number })
      for (fieldIndex, field) in ordered {
        printer.field(field, in: message, path: path + [2, Int32(fieldIndex)])
      }
    }
  }

  /// `extend .pkg.Msg { ... }` blocks, one per extendee, in declaration order.
  mutating func extensions(_ fields: [Google_Protobuf_FieldDescriptorProto], path: DescriptorPath) {
    var extendees: [String] = []
    for field in fields where !extendees.contains(field.extendee) {
      extendees.append(field.extendee)
    }
    for extendee in extendees {
      block("extend \(extendee)") { printer in
        for (index, field) in fields.enumerated() where field.extendee == extendee {
          printer.field(field, in: nil, path: path + [Int32(index)])
        }
      }
    }
  }

  // MARK: - Fields

  mutating func field(
    _ field: Google_Protobuf_FieldDescriptorProto,
    in message: Google_Protobuf_DescriptorProto?,
    path: DescriptorPath
  ) {
    comment(path)
    let declaration = fieldDeclaration(field)
    if field.type == .group, let group = groupType(of: field, in: message) {
      block(declaration) { printer in printer.messageBody(group.message, path: group.path) }
    } else {
      emit(declaration + ";")
    }
  }

  /// `[label ]type name = N[ [options]]`, without the `;`.
  func fieldDeclaration(_ field: Google_Protobuf_FieldDescriptorProto) -> String {
    var text = label(field)
    if let entry = mapEntry(of: field) {
      text += "map<\(typeText(entry.field[0])), \(typeText(entry.field[1]))> \(field.name)"
    } else if field.type == .group {
      text += "group \(field.typeName.split(separator: ".").last ?? "")"
    } else {
      text += "\(typeText(field)) \(field.name)"
    }
    text += " = \(field.number)"
    let assignments = fieldOptions(field)
    if !assignments.isEmpty { text += " [\(assignments.joined(separator: ", "))]" }
    return text
  }

  private func label(_ field: Google_Protobuf_FieldDescriptorProto) -> String {
    if mapEntry(of: field) != nil { return "" }
    if field.label == .repeated { return "repeated " }
    if field.hasOneofIndex && !field.proto3Optional { return "" }
    switch file.syntax {
    case "proto3": return field.proto3Optional ? "optional " : ""
    case "editions": return ""
    default: return field.label == .required ? "required " : "optional "
    }
  }

  private func typeText(_ field: Google_Protobuf_FieldDescriptorProto) -> String {
    switch field.type {
    case .message, .enum, .group: field.typeName
    default: Self.scalarNames[field.type] ?? "?"
    }
  }

  static let scalarNames: [Google_Protobuf_FieldDescriptorProto.TypeEnum: String] = [
    .double: "double", .float: "float", .int64: "int64", .uint64: "uint64", .int32: "int32",
    .fixed64: "fixed64", .fixed32: "fixed32", .bool: "bool", .string: "string", .bytes: "bytes",
    .uint32: "uint32", .sfixed32: "sfixed32", .sfixed64: "sfixed64", .sint32: "sint32",
    .sint64: "sint64",
  ]

  private func mapEntry(
    of field: Google_Protobuf_FieldDescriptorProto
  ) -> Google_Protobuf_DescriptorProto? {
    guard field.label == .repeated, field.type == .message,
      let entry = pool.message(named: field.typeName), entry.isMapEntry
    else { return nil }
    return entry.proto
  }

  private func groupType(
    of field: Google_Protobuf_FieldDescriptorProto,
    in message: Google_Protobuf_DescriptorProto?
  ) -> (message: Google_Protobuf_DescriptorProto, path: DescriptorPath)? {
    guard let type = pool.message(named: field.typeName),
      let symbol = pool.symbol(named: type.fullName)
    else { return nil }
    return (type.proto, symbol.path)
  }

  /// `default`, `json_name` and the field's options, built-in names sorted, then extensions.
  private func fieldOptions(_ field: Google_Protobuf_FieldDescriptorProto) -> [String] {
    var builtIn: [String] = []
    if field.hasDefaultValue { builtIn.append("default = \(defaultText(field))") }
    if field.hasJsonName, field.jsonName != JSONName.from(field.name) {
      builtIn.append("json_name = \"\(CEscape.escape(Array(field.jsonName.utf8)))\"")
    }
    let all = options.assignments(field.options, extra: builtIn)
    return all
  }

  private func defaultText(_ field: Google_Protobuf_FieldDescriptorProto) -> String {
    switch field.type {
    case .string: "\"\(CEscape.escape(Array(field.defaultValue.utf8)))\""
    case .bytes: "\"\(field.defaultValue)\""
    default: field.defaultValue
    }
  }

  // MARK: - Enums

  mutating func enumType(_ enumType: Google_Protobuf_EnumDescriptorProto, path: DescriptorPath) {
    comment(path)
    block("enum \(enumType.name)") { printer in
      printer.optionStatements(enumType.options)
      for (index, value) in enumType.value.enumerated() {
        printer.enumValue(value, path: path + [2, Int32(index)])
      }
      if !enumType.reservedRange.isEmpty {
        let ranges = enumType.reservedRange.map { Self.range($0.start, $0.end) }
        printer.emit("reserved \(ranges.joined(separator: ", "));")
      }
      if !enumType.reservedName.isEmpty {
        printer.emit(
          "reserved \(enumType.reservedName.map { "\"\($0)\"" }.joined(separator: ", "));"
        )
      }
    }
  }

  mutating func enumValue(_ value: Google_Protobuf_EnumValueDescriptorProto, path: DescriptorPath) {
    comment(path)
    let assignments = options.assignments(value.options)
    let suffix = assignments.isEmpty ? "" : " [\(assignments.joined(separator: ", "))]"
    emit("\(value.name) = \(value.number)\(suffix);")
  }

  // MARK: - Options

  /// `option name = value;` for each file option.
  mutating func fileOptions(_ options: Google_Protobuf_FileOptions) {
    optionStatements(options)
  }

  private mutating func optionStatements<Options: SwiftProtobuf.Message>(_ message: Options) {
    for assignment in options.assignments(message) { emit("option \(assignment);") }
  }
}
