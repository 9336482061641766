import SwiftProtobuf

extension Parser {
  /// The scalar type keywords and their descriptor types.
  static let scalarTypes: [String: Google_Protobuf_FieldDescriptorProto.TypeEnum] = [
    "double": .double, "float": .float, "int64": .int64, "uint64": .uint64, "int32": .int32,
    "fixed64": .fixed64, "fixed32": .fixed32, "bool": .bool, "string": .string, "bytes": .bytes,
    "uint32": .uint32, "sfixed32": .sfixed32, "sfixed64": .sfixed64, "sint32": .sint32,
    "sint64": .sint64,
  ]

  /// The highest field number protobuf allows.
  static let maxFieldNumber: Int64 = 536_870_911

  /// Parses `message Name { ... }`.
  mutating func parseMessage(
    path: DescriptorPath,
    location: LocationHandle
  ) throws(Recover) -> Google_Protobuf_DescriptorProto {
    advance()
    let nameLocation = openLocation(path + [DescriptorField.messageName])
    let name = try expectIdentifier("message name")
    closeLocation(nameLocation)
    positions[path] = name.position
    var message = Google_Protobuf_DescriptorProto()
    message.name = name.text
    try parseMessageBody(into: &message, path: path, location: location)
    return message
  }

  /// Parses `{ ... }` of a message or group.
  mutating func parseMessageBody(
    into message: inout Google_Protobuf_DescriptorProto,
    path: DescriptorPath,
    location: LocationHandle
  ) throws(Recover) {
    guard nesting < Self.maximumNesting else {
      throw fail("Message nested too deeply (more than \(Self.maximumNesting) levels).")
    }
    nesting += 1
    defer { nesting -= 1 }
    try endDeclaration("{", location: location)
    var syntheticOneofs: [(field: Int, name: String)] = []
    while !tryEndDeclaration("}", location: nil) {
      if atEnd { throw fail("Reached end of input in message definition (missing '}').") }
      statement { (p: inout Parser) throws(Recover) in
        try p.parseMessageStatement(into: &message, path: path, syntheticOneofs: &syntheticOneofs)
      }
    }
    appendSyntheticOneofs(syntheticOneofs, to: &message)
  }

  /// Adds proto3 `optional` fields' synthetic oneofs after the real ones, as protoc does.
  func appendSyntheticOneofs(
    _ synthetic: [(field: Int, name: String)],
    to message: inout Google_Protobuf_DescriptorProto
  ) {
    for entry in synthetic {
      var name = "_" + entry.name
      let taken = Set(
        message.field.map(\.name) + message.nestedType.map(\.name) + message.enumType.map(\.name)
      )
      while taken.contains(name) || message.oneofDecl.contains(where: { $0.name == name }) {
        name = "X" + name
      }
      var oneof = Google_Protobuf_OneofDescriptorProto()
      oneof.name = name
      let oneofIndex = Int32(message.oneofDecl.count)
      message.editing(\.field) { $0[entry.field].oneofIndex = oneofIndex }
      message.append(oneof, to: \.oneofDecl)
    }
  }

  mutating func parseMessageStatement(
    into message: inout Google_Protobuf_DescriptorProto,
    path: DescriptorPath,
    syntheticOneofs: inout [(field: Int, name: String)]
  ) throws(Recover) {
    if tryEndDeclaration(";", location: nil) { return }
    guard current.kind == .identifier || current.isSymbol(".") else {
      throw fail("Expected \"required\", \"optional\", or \"repeated\".")
    }
    let fieldPath = path + [DescriptorField.messageField, Int32(message.field.count)]
    switch current.text {
    case "message":
      let nestedPath = path + [DescriptorField.messageNestedType, Int32(message.nestedType.count)]
      let location = openLocation(nestedPath)
      defer { closeLocation(location) }
      message.append(try parseMessage(path: nestedPath, location: location), to: \.nestedType)
    case "enum":
      let enumPath = path + [DescriptorField.messageEnumType, Int32(message.enumType.count)]
      let location = openLocation(enumPath)
      defer { closeLocation(location) }
      message.append(try parseEnum(path: enumPath, location: location), to: \.enumType)
    case "option":
      let optionsPath = path + [DescriptorField.messageOptions]
      try parseOptionStatement(
        into: &message.options.uninterpretedOption,
        path: path,
        optionsPath: optionsPath
      )
    case "oneof":
      let location = openLocation(
        path + [DescriptorField.messageOneof, Int32(message.oneofDecl.count)]
      )
      defer { closeLocation(location) }
      try parseOneof(into: &message, path: path, location: location)
    case "extensions":
      let location = openLocation(path + [DescriptorField.messageExtensionRange])
      defer { closeLocation(location) }
      try parseExtensionRanges(into: &message, path: path, location: location)
    case "reserved":
      try parseReserved(into: &message, path: path)
    case "extend":
      let location = openLocation(path + [DescriptorField.messageExtension])
      defer { closeLocation(location) }
      let (fields, groups) = try parseExtend(
        location: location,
        path: path + [DescriptorField.messageExtension],
        extensionBase: message.extension.count,
        nestedPath: path + [DescriptorField.messageNestedType],
        nestedBase: message.nestedType.count
      )
      message.extension += fields
      message.nestedType += groups
    case "map" where tokens[index + 1].isSymbol("<"):
      let location = openLocation(fieldPath)
      defer { closeLocation(location) }
      try parseMapField(into: &message, path: path, location: location)
    default:
      let fieldIndex = message.field.count
      let nestedPath = path + [DescriptorField.messageNestedType, Int32(message.nestedType.count)]
      let location = openLocation(fieldPath)
      defer { closeLocation(location) }
      let (field, group) = try parseField(
        path: fieldPath,
        groupPath: nestedPath,
        inOneof: false,
        location: location
      )
      message.append(field, to: \.field)
      if let group { message.append(group, to: \.nestedType) }
      if field.proto3Optional { syntheticOneofs.append((fieldIndex, field.name)) }
    }
  }

  /// Parses one field (or group) declaration; returns the group's message type too.
  mutating func parseField(
    path: DescriptorPath,
    groupPath: DescriptorPath,
    inOneof: Bool,
    location: LocationHandle
  ) throws(Recover) -> (Google_Protobuf_FieldDescriptorProto, Google_Protobuf_DescriptorProto?) {
    var field = Google_Protobuf_FieldDescriptorProto()
    let labelToken = current
    var hasLabel = true
    switch current.text {
    case "optional": field.label = .optional
    case "required": field.label = .required
    case "repeated": field.label = .repeated
    default:
      hasLabel = false
      field.label = .optional
    }
    if hasLabel {
      addLocation(path + [DescriptorField.fieldLabel], from: index, to: index)
      advance()
      if inOneof {
        error(
          "Fields in oneofs must not have labels (required / optional / repeated).",
          at: labelToken.position
        )
      }
    }
    try checkLabel(
      hasLabel: hasLabel,
      label: labelToken,
      inOneof: inOneof,
      typePosition: current.position
    )
    if labelToken.text == "optional", syntax == .proto3 { field.proto3Optional = true }

    if current.isIdentifier("group"), tokens[index + 1].kind == .identifier,
      tokens[index + 2].isSymbol("=")
    {
      return try parseGroup(field: field, path: path, groupPath: groupPath, location: location)
    }
    let typeStart = index
    let typeName = try parseTypeName()
    if let scalar = Self.scalarTypes[typeName.name] {
      field.type = scalar
    } else {
      field.typeName = typeName.name
      positions[path + [DescriptorField.fieldTypeName]] = typeName.position
    }
    addLocation(
      path + [field.hasType ? DescriptorField.fieldType : DescriptorField.fieldTypeName],
      from: typeStart,
      to: index - 1
    )
    let name = try parseFieldName(path: path)
    field.name = name.text
    positions[path] = name.position
    guard consume("=") else { throw fail("Missing field number.") }
    field.number = try parseFieldNumber(path: path)
    if current.isSymbol("[") { try parseFieldOptions(into: &field, path: path) }
    try endDeclaration(";", location: location)
    if !field.hasJsonName { field.jsonName = JSONName.from(field.name) }
    return (field, nil)
  }

  /// Checks the label rules of the file's syntax.
  mutating func checkLabel(
    hasLabel: Bool,
    label: Token,
    inOneof: Bool,
    typePosition: SourcePosition
  ) throws(Recover) {
    switch syntax {
    case .proto2:
      if !hasLabel && !inOneof {
        error("Expected \"required\", \"optional\", or \"repeated\".", at: label.position)
      }
    case .proto3:
      if label.text == "required" {
        error("Required fields are not allowed in proto3.", at: typePosition)
      }
    case .editions:
      if label.text == "required" || label.text == "optional" {
        error(
          "Label \"\(label.text)\" is not supported in editions, use \(label.text == "required" ? "features.field_presence = LEGACY_REQUIRED" : "features.field_presence = EXPLICIT (the default)").",
          at: label.position
        )
      }
    }
  }

  /// Parses a field's name, recording its location.
  mutating func parseFieldName(path: DescriptorPath) throws(Recover) -> Token {
    let name = try expectIdentifier("field name")
    addLocation(path + [DescriptorField.fieldName], from: index - 1, to: index - 1)
    return name
  }

  mutating func parseFieldNumber(path: DescriptorPath) throws(Recover) -> Int32 {
    if current.isSymbol("-") { throw fail("Expected field number.") }
    let (number, position) = try parseInteger("field number")
    addLocation(path + [DescriptorField.fieldNumber], from: index - 1, to: index - 1)
    positions[path + [DescriptorField.fieldNumber]] = position
    if number <= 0 {
      error("Field numbers must be positive integers.", at: position)
    } else if number > Self.maxFieldNumber {
      error("Field numbers cannot be greater than \(Self.maxFieldNumber).", at: position)
    }
    return Int32(clamping: number)
  }

  /// Parses `group Name = N { ... }` into a field and its nested message.
  mutating func parseGroup(
    field input: Google_Protobuf_FieldDescriptorProto,
    path: DescriptorPath,
    groupPath: DescriptorPath,
    location: LocationHandle
  ) throws(Recover) -> (Google_Protobuf_FieldDescriptorProto, Google_Protobuf_DescriptorProto?) {
    let groupKeyword = current.position
    addLocation(path + [DescriptorField.fieldType], from: index, to: index)
    advance()
    if case .proto2 = syntax {
    } else {
      error("Groups are not supported in \(syntaxName) syntax.", at: groupKeyword)
    }
    var field = input
    let nameIndex = index
    let name = try expectIdentifier("group name")
    addLocation(path + [DescriptorField.fieldName], from: nameIndex, to: nameIndex)
    if let first = name.text.first, !first.isUppercase {
      error("Group names must start with a capital letter.", at: name.position)
    }
    field.name = name.text.lowercased()
    field.type = .group
    field.typeName = name.text
    field.jsonName = JSONName.from(field.name)
    positions[path] = name.position
    positions[groupPath] = name.position
    try expect("=")
    field.number = try parseFieldNumber(path: path)
    if current.isSymbol("[") { try parseFieldOptions(into: &field, path: path) }
    // A group declares a message and a field: protoc records overlapping locations.
    let groupLocation = openLocation(groupPath)
    defer { closeLocation(groupLocation) }
    startLocation(groupLocation, asOf: location)
    addLocation(groupPath + [DescriptorField.messageName], from: nameIndex, to: nameIndex)
    addLocation(path + [DescriptorField.fieldTypeName], from: nameIndex, to: nameIndex)
    var group = Google_Protobuf_DescriptorProto()
    group.name = name.text
    try parseMessageBody(into: &group, path: groupPath, location: groupLocation)
    return (field, group)
  }

  var syntaxName: String {
    switch syntax {
    case .proto2: "proto2"
    case .proto3: "proto3"
    case .editions: "editions"
    }
  }

  /// Parses `map<K, V> name = N [...];` into a repeated field plus a synthesised `NameEntry` type.
  mutating func parseMapField(
    into message: inout Google_Protobuf_DescriptorProto,
    path: DescriptorPath,
    location: LocationHandle
  ) throws(Recover) {
    let mapPosition = current.position
    let fieldPath = path + [DescriptorField.messageField, Int32(message.field.count)]
    let typeLocation = openLocation(fieldPath + [DescriptorField.fieldTypeName])
    advance()
    try expect("<")
    let keyType = try parseTypeName()
    try expect(",")
    let valueType = try parseTypeName()
    try expect(">")
    closeLocation(typeLocation)
    let name = try parseFieldName(path: fieldPath)
    positions[fieldPath] = name.position
    var field = Google_Protobuf_FieldDescriptorProto()
    field.name = name.text
    field.label = .repeated
    let entryName = Self.mapEntryName(name.text)
    field.typeName = entryName
    positions[fieldPath + [DescriptorField.fieldTypeName]] = mapPosition
    try expect("=")
    field.number = try parseFieldNumber(path: fieldPath)
    if current.isSymbol("[") { try parseFieldOptions(into: &field, path: fieldPath) }
    try endDeclaration(";", location: location)
    field.jsonName = field.hasJsonName ? field.jsonName : JSONName.from(field.name)

    guard let key = Self.scalarTypes[keyType.name], key != .double, key != .float, key != .bytes
    else {
      error(
        "Key in map fields cannot be float/double, bytes or message types.",
        at: mapPosition
      )
      return
    }
    let entryPath = path + [DescriptorField.messageNestedType, Int32(message.nestedType.count)]
    var entry = Google_Protobuf_DescriptorProto()
    entry.name = entryName
    entry.options.mapEntry = true
    entry.field.append(Self.mapEntryField(name: "key", number: 1, type: key, typeName: nil))
    let valueScalar = Self.scalarTypes[valueType.name]
    entry.field.append(
      Self.mapEntryField(
        name: "value",
        number: 2,
        type: valueScalar,
        typeName: valueScalar == nil ? valueType.name : nil
      )
    )
    if valueScalar == nil {
      positions[entryPath + [DescriptorField.messageField, 1, DescriptorField.fieldTypeName]] =
        valueType.position
    }
    positions[entryPath] = name.position
    message.append(field, to: \.field)
    message.append(entry, to: \.nestedType)
  }

  static func mapEntryField(
    name: String,
    number: Int32,
    type: Google_Protobuf_FieldDescriptorProto.TypeEnum?,
    typeName: String?
  ) -> Google_Protobuf_FieldDescriptorProto {
    var field = Google_Protobuf_FieldDescriptorProto()
    field.name = name
    field.number = number
    field.label = .optional
    if let type { field.type = type }
    if let typeName { field.typeName = typeName }
    field.jsonName = name
    return field
  }

  /// protoc's `MapEntryName`: `foo_bar` → `FooBarEntry`.
  static func mapEntryName(_ fieldName: String) -> String {
    var result = ""
    var upperNext = true
    for character in fieldName {
      if character == "_" {
        upperNext = true
      } else if upperNext {
        result += character.uppercased()
        upperNext = false
      } else {
        result.append(character)
      }
    }
    return result + "Entry"
  }

  /// Parses `oneof name { ... }`.
  mutating func parseOneof(
    into message: inout Google_Protobuf_DescriptorProto,
    path: DescriptorPath,
    location: LocationHandle
  ) throws(Recover) {
    advance()
    let oneofIndex = Int32(message.oneofDecl.count)
    let oneofPath = path + [DescriptorField.messageOneof, oneofIndex]
    let nameLocation = openLocation(oneofPath + [DescriptorField.fieldName])
    let name = try expectIdentifier("oneof name")
    closeLocation(nameLocation)
    var oneof = Google_Protobuf_OneofDescriptorProto()
    oneof.name = name.text
    positions[oneofPath] = name.position
    try endDeclaration("{", location: location)
    var fieldCount = 0
    while !tryEndDeclaration("}", location: nil) {
      if atEnd { throw fail("Reached end of input in oneof definition (missing '}').") }
      statement { (p: inout Parser) throws(Recover) in
        if p.tryEndDeclaration(";", location: nil) { return }
        if p.current.isIdentifier("option") {
          let optionsPath = oneofPath + [DescriptorField.oneofOptions]
          try p.parseOptionStatement(
            into: &oneof.options.uninterpretedOption,
            path: oneofPath,
            optionsPath: optionsPath
          )
          return
        }
        let fieldPath = path + [DescriptorField.messageField, Int32(message.field.count)]
        let nestedPath =
          path + [DescriptorField.messageNestedType, Int32(message.nestedType.count)]
        let fieldLocation = p.openLocation(fieldPath)
        defer { p.closeLocation(fieldLocation) }
        var (field, group) = try p.parseField(
          path: fieldPath,
          groupPath: nestedPath,
          inOneof: true,
          location: fieldLocation
        )
        if field.label == .repeated { field.label = .optional }
        field.oneofIndex = oneofIndex
        message.append(field, to: \.field)
        if let group { message.append(group, to: \.nestedType) }
        fieldCount += 1
      }
    }
    if fieldCount == 0 { error("Expected type name.", at: tokens[index - 1].position) }
    message.append(oneof, to: \.oneofDecl)
  }

  /// Parses `extensions 100 to 199, 500 to max [options];`.
  mutating func parseExtensionRanges(
    into message: inout Google_Protobuf_DescriptorProto,
    path: DescriptorPath,
    location: LocationHandle
  ) throws(Recover) {
    advance()
    let first = message.extensionRange.count
    var ranges: [Google_Protobuf_DescriptorProto.ExtensionRange] = []
    repeat {
      let rangePath = path + [DescriptorField.messageExtensionRange, Int32(first + ranges.count)]
      positions[rangePath] = current.position
      let (start, end) = try parseRange(maximum: Self.maxFieldNumber, path: rangePath)
      var range = Google_Protobuf_DescriptorProto.ExtensionRange()
      range.start = start
      range.end = end
      ranges.append(range)
    } while consume(",")
    if current.isSymbol("[") {
      var options = Google_Protobuf_ExtensionRangeOptions()
      let mark = sourceLocations.count
      let rangePath = path + [DescriptorField.messageExtensionRange, Int32(first)]
      try parseBracketedOptions(
        into: &options.uninterpretedOption,
        optionsPath: rangePath + [DescriptorField.extensionRangeOptions]
      )
      for i in ranges.indices { ranges[i].options = options }
      copyOptionLocations(from: mark, toRanges: first ..< first + ranges.count, at: path.count + 1)
    }
    try endDeclaration(";", location: location)
    message.extensionRange += ranges
  }

  /// protoc parses one `[...]` for all ranges of an `extensions` statement and repeats its
  /// locations for each range.
  private mutating func copyOptionLocations(
    from mark: Int,
    toRanges ranges: Range<Int>,
    at component: Int
  ) {
    let recorded = Array(sourceLocations[mark...])
    sourceLocations.removeSubrange(mark...)
    for range in ranges {
      for var location in recorded {
        location.path[component] = Int32(range)
        sourceLocations.append(location)
      }
    }
  }

  /// Parses `reserved 1, 2 to 5;` or `reserved "a", "b";` (identifiers in editions).
  mutating func parseReserved(
    into message: inout Google_Protobuf_DescriptorProto,
    path: DescriptorPath
  ) throws(Recover) {
    let keyword = current
    advance()
    if current.kind == .string || current.kind == .identifier {
      let location = openLocation(path + [DescriptorField.messageReservedName], at: keyword)
      defer { closeLocation(location) }
      repeat {
        let position = current.position
        let nameLocation = openLocation(
          path + [DescriptorField.messageReservedName, Int32(message.reservedName.count)]
        )
        defer { closeLocation(nameLocation) }
        if current.kind == .identifier, case .editions = syntax {
          message.append(current.text, to: \.reservedName)
          advance()
        } else {
          let name = String(decoding: try expectString(), as: UTF8.self)
          if case .editions = syntax {
            error(
              "Reserved names must be identifiers in editions, not string literals.",
              at: position
            )
          }
          message.append(name, to: \.reservedName)
        }
      } while consume(",")
      try endDeclaration(";", location: location)
    } else {
      let location = openLocation(path + [DescriptorField.messageReservedRange], at: keyword)
      defer { closeLocation(location) }
      repeat {
        let rangePath =
          path + [DescriptorField.messageReservedRange, Int32(message.reservedRange.count)]
        positions[rangePath] = current.position
        let (start, end) = try parseRange(maximum: Self.maxFieldNumber, path: rangePath)
        var range = Google_Protobuf_DescriptorProto.ReservedRange()
        range.start = start
        range.end = end
        message.append(range, to: \.reservedRange)
      } while consume(",")
      try endDeclaration(";", location: location)
    }
  }

  /// Parses `N`, `N to M` or `N to max`, returning a half-open range; its locations are recorded
  /// under `path`.
  mutating func parseRange(maximum: Int64, path: DescriptorPath) throws(Recover) -> (Int32, Int32) {
    let startPosition = current.position
    let (start, end) = try parseRangeLocations(path) { (p: inout Parser) throws(Recover) in
      try p.parseInteger("field number range").value
    } end: { (p: inout Parser) throws(Recover) in
      p.consumeKeyword("max") ? maximum : try p.parseInteger("integer").value
    }
    if start <= 0 { error("Field numbers must be positive integers.", at: startPosition) }
    if end < start {
      error("Reserved range end number must be greater than start number.", at: startPosition)
    }
    return (Int32(clamping: start), Int32(clamping: end + 1))
  }

  /// Parses `extend Foo { fields }`, returning the extension fields and any group types.
  mutating func parseExtend(
    location: LocationHandle,
    path: DescriptorPath,
    extensionBase: Int,
    nestedPath: DescriptorPath,
    nestedBase: Int
  ) throws(Recover) -> ([Google_Protobuf_FieldDescriptorProto], [Google_Protobuf_DescriptorProto]) {
    advance()
    let extendeeStart = index
    let extendee = try parseTypeName()
    let extendeeEnd = index - 1
    try endDeclaration("{", location: location)
    var extensions: [Google_Protobuf_FieldDescriptorProto] = []
    var groups: [Google_Protobuf_DescriptorProto] = []
    while !tryEndDeclaration("}", location: nil) {
      if atEnd { throw fail("Reached end of input in extend definition (missing '}').") }
      statement { (p: inout Parser) throws(Recover) in
        if p.tryEndDeclaration(";", location: nil) { return }
        let fieldPath = path + [Int32(extensionBase + extensions.count)]
        let groupPath = nestedPath + [Int32(nestedBase + groups.count)]
        let fieldLocation = p.openLocation(fieldPath)
        defer { p.closeLocation(fieldLocation) }
        p.addLocation(
          fieldPath + [DescriptorField.fieldExtendee],
          from: extendeeStart,
          to: extendeeEnd
        )
        var (field, group) = try p.parseField(
          path: fieldPath,
          groupPath: groupPath,
          inOneof: false,
          location: fieldLocation
        )
        field.extendee = extendee.name
        p.positions[fieldPath + [DescriptorField.fieldExtendee]] = extendee.position
        extensions.append(field)
        if let group { groups.append(group) }
      }
    }
    if extensions.isEmpty {
      error("Expected at least one field in extend block.", at: extendee.position)
    }
    return (extensions, groups)
  }
}

/// protoc's `ToJsonName`: drop each `_` and upper-case the letter after it.
public enum JSONName {
  /// The default JSON name of a field: each letter after an underscore upper-cased (ASCII, as
  /// protoc does), the underscores dropped.
  public static func from(_ fieldName: String) -> String {
    let underscore = UInt8(ascii: "_")
    guard fieldName.utf8.contains(underscore) else { return fieldName }
    var result: [UInt8] = []
    result.reserveCapacity(fieldName.utf8.count)
    var upperNext = false
    for byte in fieldName.utf8 {
      if byte == underscore {
        upperNext = true
      } else if upperNext {
        result.append((UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 0x20 : byte)
        upperNext = false
      } else {
        result.append(byte)
      }
    }
    return String(decoding: result, as: UTF8.self)
  }
}
