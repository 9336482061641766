import SwiftProtobuf

extension Parser {
  /// Parses `enum Name { VALUE = N [options]; ... }`.
  mutating func parseEnum(
    path: DescriptorPath,
    location: LocationHandle
  ) throws(Recover) -> Google_Protobuf_EnumDescriptorProto {
    advance()
    let nameLocation = openLocation(path + [DescriptorField.fieldName])
    let name = try expectIdentifier("enum name")
    closeLocation(nameLocation)
    positions[path] = name.position
    var enumType = Google_Protobuf_EnumDescriptorProto()
    enumType.name = name.text
    try endDeclaration("{", location: location)
    while !tryEndDeclaration("}", location: nil) {
      if atEnd { throw fail("Reached end of input in enum definition (missing '}').") }
      statement { (p: inout Parser) throws(Recover) in
        try p.parseEnumStatement(into: &enumType, path: path)
      }
    }
    if enumType.value.isEmpty {
      error("Enums must contain at least one value.", at: name.position)
    }
    return enumType
  }

  mutating func parseEnumStatement(
    into enumType: inout Google_Protobuf_EnumDescriptorProto,
    path: DescriptorPath
  ) throws(Recover) {
    if tryEndDeclaration(";", location: nil) { return }
    if current.isIdentifier("option") {
      let optionsPath = path + [DescriptorField.enumOptions]
      var options = enumType.options
      try parseOptionStatement(
        into: &options.uninterpretedOption,
        path: path,
        optionsPath: optionsPath
      )
      enumType.options = options
      return
    }
    if current.isIdentifier("reserved") && tokens[index + 1].kind != .symbol {
      try parseEnumReserved(into: &enumType, path: path)
      return
    }
    let valuePath = path + [DescriptorField.enumValue, Int32(enumType.value.count)]
    let location = openLocation(valuePath)
    defer { closeLocation(location) }
    let nameLocation = openLocation(valuePath + [DescriptorField.fieldName])
    let name = try expectIdentifier("enum constant name")
    closeLocation(nameLocation)
    positions[valuePath] = name.position
    try expect("=")
    let numberLocation = openLocation(valuePath + [DescriptorField.enumValueNumber])
    let (number, position) = try parseInteger("integer")
    closeLocation(numberLocation)
    positions[valuePath + [2]] = position
    guard number >= Int64(Int32.min), number <= Int64(Int32.max) else {
      error("Integer out of range.", at: position)
      throw Recover()
    }
    var value = Google_Protobuf_EnumValueDescriptorProto()
    value.name = name.text
    value.number = Int32(number)
    if current.isSymbol("[") {
      var options = value.options
      try parseBracketedOptions(
        into: &options.uninterpretedOption,
        optionsPath: valuePath + [DescriptorField.enumValueOptions]
      )
      value.options = options
    }
    try endDeclaration(";", location: location)
    enumType.append(value, to: \.value)
  }

  mutating func parseEnumReserved(
    into enumType: inout Google_Protobuf_EnumDescriptorProto,
    path: DescriptorPath
  ) throws(Recover) {
    let keyword = current
    advance()
    if current.kind == .string || current.kind == .identifier {
      let location = openLocation(path + [DescriptorField.enumReservedName], at: keyword)
      defer { closeLocation(location) }
      repeat {
        let nameLocation = openLocation(
          path + [DescriptorField.enumReservedName, Int32(enumType.reservedName.count)]
        )
        if current.kind == .identifier {
          enumType.append(current.text, to: \.reservedName)
          advance()
        } else {
          enumType.append(String(decoding: try expectString(), as: UTF8.self), to: \.reservedName)
        }
        closeLocation(nameLocation)
      } while consume(",")
      try endDeclaration(";", location: location)
    } else {
      let location = openLocation(path + [DescriptorField.enumReservedRange], at: keyword)
      defer { closeLocation(location) }
      repeat {
        let rangePath =
          path + [DescriptorField.enumReservedRange, Int32(enumType.reservedRange.count)]
        let (start, end) = try parseRangeLocations(rangePath) { (p: inout Parser) throws(Recover) in
          try p.parseInteger().value
        } end: { (p: inout Parser) throws(Recover) in
          p.consumeKeyword("max") ? Int64(Int32.max) : try p.parseInteger().value
        }
        var range = Google_Protobuf_EnumDescriptorProto.EnumReservedRange()
        range.start = Int32(clamping: start)
        range.end = Int32(clamping: end)
        enumType.append(range, to: \.reservedRange)
      } while consume(",")
      try endDeclaration(";", location: location)
    }
  }

  /// Parses `N` or `N to M` recording the range's locations (`start`, `end`) under `rangePath`;
  /// a single number's `end` location is the number itself, as protoc records it.
  mutating func parseRangeLocations(
    _ rangePath: DescriptorPath,
    start: (inout Parser) throws(Recover) -> Int64,
    end: (inout Parser) throws(Recover) -> Int64
  ) throws(Recover) -> (Int64, Int64) {
    let location = openLocation(rangePath)
    defer { closeLocation(location) }
    let startToken = current
    let startLocation = openLocation(rangePath + [DescriptorField.rangeStart])
    let first = try start(&self)
    closeLocation(startLocation)
    guard consumeKeyword("to") else {
      let endLocation = openLocation(rangePath + [DescriptorField.rangeEnd], at: startToken)
      closeLocation(endLocation, at: startToken)
      return (first, first)
    }
    let endLocation = openLocation(rangePath + [DescriptorField.rangeEnd])
    defer { closeLocation(endLocation) }
    return (first, try end(&self))
  }
}
