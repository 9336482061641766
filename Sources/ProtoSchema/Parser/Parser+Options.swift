import SwiftProtobuf

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Parser {
  /// Parses `option name = value;` into an uninterpreted option. `path` is the element's path
  /// (for diagnostics), `optionsPath` the path of its options message (for source locations).
  mutating func parseOptionStatement(
    into options: inout [Google_Protobuf_UninterpretedOption],
    path: DescriptorPath,
    optionsPath: DescriptorPath
  ) throws(Recover) {
    // protoc records the statement twice: as the options message and as the option itself.
    let optionsLocation = openLocation(optionsPath)
    defer { closeLocation(optionsLocation) }
    let location = openLocation(
      optionsPath + [DescriptorField.uninterpretedOption, Int32(options.count)]
    )
    defer { closeLocation(location) }
    advance()
    let namePosition = current.position
    var option = Google_Protobuf_UninterpretedOption()
    option.name = try parseOptionName()
    try expect("=")
    recordOptionPositions(
      path: path,
      index: options.count,
      name: namePosition,
      value: current.position
    )
    try parseOptionValue(into: &option)
    options.append(option)
    try endDeclaration(";", location: location)
  }

  /// Remembers where an option's name and value are, for the option interpreter's diagnostics.
  /// Keys are the element's path followed by `OptionPosition.name`/`.value` and the option's index.
  mutating func recordOptionPositions(
    path: DescriptorPath,
    index: Int,
    name: SourcePosition,
    value: SourcePosition
  ) {
    positions[path + [OptionPosition.name, Int32(index)]] = name
    positions[path + [OptionPosition.value, Int32(index)]] = value
  }

  /// Parses `[a = 1, (b).c = "x"]` into `options`, recording a location for the brackets at
  /// `optionsPath` and one per option.
  mutating func parseBracketedOptions(
    into options: inout [Google_Protobuf_UninterpretedOption],
    optionsPath: DescriptorPath
  ) throws(Recover) {
    try parseBracketedOptionsWithPositions(optionsPath: optionsPath) {
      (p: inout Parser, option, tokens) throws(Recover) in
      p.addLocation(
        optionsPath + [DescriptorField.uninterpretedOption, Int32(options.count)],
        from: tokens.name,
        to: tokens.last
      )
      options.append(option)
    }
  }

  /// Where one bracketed option is: indexes of its first name token, first value token (a sign
  /// included) and last token.
  struct OptionTokens {
    var name: Int
    var value: Int
    var last: Int
  }

  /// As above, handing each option and its token indexes to `sink`.
  mutating func parseBracketedOptionsWithPositions(
    optionsPath: DescriptorPath,
    _ sink: (inout Parser, Google_Protobuf_UninterpretedOption, OptionTokens) throws(Recover) ->
      Void
  ) throws(Recover) {
    let location = openLocation(optionsPath)
    defer { closeLocation(location) }
    try expect("[")
    repeat {
      let nameIndex = index
      var option = Google_Protobuf_UninterpretedOption()
      option.name = try parseOptionName()
      try expect("=")
      let valueIndex = index
      try parseOptionValue(into: &option)
      try sink(&self, option, OptionTokens(name: nameIndex, value: valueIndex, last: index - 1))
    } while consume(",")
    try expect("]")
  }

  /// What is wrong with a `[default = ...]` value for a scalar field, in protoc's words.
  static func defaultValueProblem(
    _ option: Google_Protobuf_UninterpretedOption,
    for field: Google_Protobuf_FieldDescriptorProto
  ) -> String? {
    let integers: [Google_Protobuf_FieldDescriptorProto.TypeEnum] = [
      .int32, .int64, .uint32, .uint64, .sint32, .sint64, .fixed32, .fixed64, .sfixed32, .sfixed64,
    ]
    let unsigned: [Google_Protobuf_FieldDescriptorProto.TypeEnum] = [
      .uint32, .uint64, .fixed32, .fixed64,
    ]
    guard field.hasType else { return nil }
    if integers.contains(field.type) {
      if !(option.hasPositiveIntValue || option.hasNegativeIntValue) {
        return "Expected integer for field default value."
      }
      if option.hasNegativeIntValue && unsigned.contains(field.type) {
        return "Unsigned field can't have negative default value."
      }
    } else if field.type == .float || field.type == .double {
      if !(option.hasPositiveIntValue || option.hasNegativeIntValue || option.hasDoubleValue) {
        return "Expected number."
      }
    } else if field.type == .bool {
      if !(option.hasIdentifierValue && ["true", "false"].contains(option.identifierValue)) {
        return "Expected \"true\" or \"false\"."
      }
    } else if field.type == .string || field.type == .bytes {
      if !option.hasStringValue { return "Expected string for field default value." }
    }
    return nil
  }

  /// Parses a field's `[...]`, handling the pseudo-options `default` and `json_name`.
  mutating func parseFieldOptions(
    into field: inout Google_Protobuf_FieldDescriptorProto,
    path: DescriptorPath
  ) throws(Recover) {
    var options = field.options
    try parseBracketedOptionsWithPositions(optionsPath: path + [DescriptorField.fieldOptions]) {
      (p: inout Parser, option, optionTokens) throws(Recover) in
      let valueToken = p.tokens[optionTokens.value]
      let valuePosition =
        valueToken.isSymbol("-") ? p.tokens[optionTokens.value + 1].position : valueToken.position
      let simpleName =
        option.name.count == 1 && !option.name[0].isExtension ? option.name[0].namePart : nil
      switch simpleName {
      case "default":
        if field.hasDefaultValue {
          p.error("Already set option \"default\".", at: p.current.position)
        }
        if p.syntax == .proto3 {
          p.error("Explicit default values are not allowed in proto3.", at: valuePosition)
        } else if let problem = Self.defaultValueProblem(option, for: field) {
          p.error(problem, at: valuePosition)
        }
        p.positions[path + [DescriptorField.fieldDefault]] = valuePosition
        p.addLocation(
          path + [DescriptorField.fieldDefault],
          from: optionTokens.value,
          to: optionTokens.last
        )
        field.defaultValue = p.formatDefault(option, for: field)
      case "json_name":
        if field.hasJsonName {
          p.error("Already set option \"json_name\".", at: p.current.position)
        }
        guard option.hasStringValue else { throw p.fail("Expected string for json_name.") }
        field.jsonName = String(decoding: [UInt8](option.stringValue), as: UTF8.self)
        let jsonNamePath = path + [DescriptorField.fieldJSONName]
        p.addLocation(jsonNamePath, from: optionTokens.name, to: optionTokens.last)
        p.addLocation(jsonNamePath, from: optionTokens.value, to: optionTokens.last)
      default:
        p.recordOptionPositions(
          path: path,
          index: options.uninterpretedOption.count,
          name: p.tokens[optionTokens.name].position,
          value: valuePosition
        )
        p.addLocation(
          path + [
            DescriptorField.fieldOptions, DescriptorField.uninterpretedOption,
            Int32(options.uninterpretedOption.count),
          ],
          from: optionTokens.name,
          to: optionTokens.last
        )
        options.uninterpretedOption.append(option)
      }
    }
    if !options.uninterpretedOption.isEmpty { field.options = options }
  }

  /// Renders a `[default = ...]` value the way protoc stores it in `default_value`.
  func formatDefault(
    _ option: Google_Protobuf_UninterpretedOption,
    for field: Google_Protobuf_FieldDescriptorProto
  ) -> String {
    if option.hasStringValue {
      return field.type == .bytes
        ? CEscape.escape([UInt8](option.stringValue))
        : String(decoding: [UInt8](option.stringValue), as: UTF8.self)
    }
    if option.hasIdentifierValue { return option.identifierValue }
    if option.hasPositiveIntValue {
      return field.type == .double || field.type == .float
        ? DoubleFormat.format(Double(option.positiveIntValue)) : String(option.positiveIntValue)
    }
    if option.hasNegativeIntValue {
      return field.type == .double || field.type == .float
        ? DoubleFormat.format(Double(option.negativeIntValue)) : String(option.negativeIntValue)
    }
    if option.hasDoubleValue { return DoubleFormat.format(option.doubleValue) }
    return option.aggregateValue
  }

  /// Parses `name = value` where name may have parenthesised extension parts.
  mutating func parseOptionAssignment() throws(Recover) -> Google_Protobuf_UninterpretedOption {
    var option = Google_Protobuf_UninterpretedOption()
    option.name = try parseOptionName()
    try expect("=")
    try parseOptionValue(into: &option)
    return option
  }

  mutating func parseOptionName() throws(Recover) -> [Google_Protobuf_UninterpretedOption.NamePart]
  {
    var parts: [Google_Protobuf_UninterpretedOption.NamePart] = []
    repeat {
      var part = Google_Protobuf_UninterpretedOption.NamePart()
      if consume("(") {
        part.isExtension = true
        part.namePart = try parseTypeName().name
        try expect(")")
      } else {
        part.isExtension = false
        part.namePart = try expectIdentifier().text
      }
      parts.append(part)
    } while consume(".")
    return parts
  }

  mutating func parseOptionValue(
    into option: inout Google_Protobuf_UninterpretedOption
  ) throws(Recover) {
    if current.isSymbol("{") {
      option.aggregateValue = try parseAggregateText()
      return
    }
    if current.kind == .string {
      option.stringValue = Data(try expectString())
      return
    }
    let negative = consume("-")
    if !negative { _ = consume("+") }
    switch current.kind {
    case .identifier:
      let word = current.text
      advance()
      if negative || word == "inf" || word == "nan" {
        if word == "inf" || word == "nan" {
          let value = word == "inf" ? Double.infinity : Double.nan
          option.doubleValue = negative ? -value : value
        } else {
          option.identifierValue = "-" + word
        }
      } else {
        option.identifierValue = word
      }
    case .integer:
      guard let magnitude = IntegerLiteral.parse(current.text) else {
        throw fail("Integer out of range.")
      }
      advance()
      if negative {
        if magnitude <= UInt64(Int64.max) + 1 {
          option.negativeIntValue = Int64(truncatingIfNeeded: 0 &- magnitude)
        } else {
          option.doubleValue = -Double(magnitude)
        }
      } else {
        option.positiveIntValue = magnitude
      }
    case .float:
      var text = current.text
      if text.hasSuffix("f") || text.hasSuffix("F") { text.removeLast() }
      advance()
      let value = Double(text) ?? 0
      option.doubleValue = negative ? -value : value
    default:
      throw fail("Expected option value.")
    }
  }

  /// Reads a `{ ... }` message literal and flattens it to text, as protoc's `aggregate_value`.
  mutating func parseAggregateText() throws(Recover) -> String {
    try expect("{")
    var depth = 1
    var parts: [String] = []
    while depth > 0 {
      if atEnd { throw fail("Unexpected end of stream while parsing aggregate value.") }
      if current.isSymbol("{") || current.isSymbol("<") {
        depth += 1
        guard depth <= Self.maximumNesting else {
          throw fail("Aggregate value nested too deeply (more than \(Self.maximumNesting) levels).")
        }
      }
      if current.isSymbol("}") || current.isSymbol(">") {
        depth -= 1
        if depth == 0 {
          advance()
          break
        }
      }
      parts.append(current.kind == .string ? "\"\(CEscape.escape(current.bytes))\"" : current.text)
      advance()
    }
    return parts.joined(separator: " ")
  }
}

/// C-style escaping, as protoc's `CEscape` writes bytes defaults and aggregate strings.
public enum CEscape {
  /// Escapes bytes with `\n`, `\"`, octal for non-printables, as protoc does.
  public static func escape(_ bytes: [UInt8]) -> String {
    var result = ""
    for byte in bytes {
      switch byte {
      case 0x0A: result += "\\n"
      case 0x0D: result += "\\r"
      case 0x09: result += "\\t"
      case 0x22: result += "\\\""
      case 0x27: result += "\\'"
      case 0x5C: result += "\\\\"
      case 0x20 ..< 0x7F: result.append(Character(Unicode.Scalar(byte)))
      default:
        let octal = String(byte, radix: 8)
        result += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
      }
    }
    return result
  }
}

/// Formats doubles the way protoc's `SimpleDtoa` does for default values.
public enum DoubleFormat {
  /// `inf`, `-inf`, `nan`, integers without `.0`, otherwise shortest round-trip.
  public static func format(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    var text = value.description
    if text.hasSuffix(".0") { text.removeLast(2) }
    return text
  }
}

/// Pseudo path components under which option positions are recorded (never descriptor fields).
enum OptionPosition {
  static let name: Int32 = -1
  static let value: Int32 = -2
}
