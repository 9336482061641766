import SwiftProtobuf

extension Parser {
  /// Parses `enum Name { VALUE = N [options]; ... }`.
  mutating func parseEnum(
    path: DescriptorPath
  ) throws(Recover) -> Google_Protobuf_EnumDescriptorProto {
    advance()
    let name = try expectIdentifier("enum name")
    positions[path] = name.position
    var enumType = Google_Protobuf_EnumDescriptorProto()
    enumType.name = name.text
    try expect("{")
    while !consume("}") {
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
    if consume(";") { return }
    if current.isIdentifier("option") {
      var options = enumType.options
      try parseOptionStatement(into: &options.uninterpretedOption, path: path)
      enumType.options = options
      return
    }
    if current.isIdentifier("reserved") && tokens[index + 1].kind != .symbol {
      try parseEnumReserved(into: &enumType)
      return
    }
    let name = try expectIdentifier("enum constant name")
    let valuePath = path + [DescriptorField.enumValue, Int32(enumType.value.count)]
    positions[valuePath] = name.position
    try expect("=")
    let (number, position) = try parseInteger("integer")
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
      try parseBracketedOptions { (p: inout Parser, option) throws(Recover) in
        options.uninterpretedOption.append(option)
      }
      value.options = options
    }
    try expect(";")
    enumType.value.append(value)
  }

  mutating func parseEnumReserved(
    into enumType: inout Google_Protobuf_EnumDescriptorProto
  ) throws(Recover) {
    advance()
    if current.kind == .string || current.kind == .identifier {
      repeat {
        if current.kind == .identifier {
          enumType.reservedName.append(current.text)
          advance()
        } else {
          enumType.reservedName.append(String(decoding: try expectString(), as: UTF8.self))
        }
      } while consume(",")
    } else {
      repeat {
        let (start, _) = try parseInteger()
        var end = start
        if consumeKeyword("to") {
          end = consumeKeyword("max") ? Int64(Int32.max) : try parseInteger().value
        }
        var range = Google_Protobuf_EnumDescriptorProto.EnumReservedRange()
        range.start = Int32(clamping: start)
        range.end = Int32(clamping: end)
        enumType.reservedRange.append(range)
      } while consume(",")
    }
    try expect(";")
  }
}
