import SwiftProtobuf

/// protoc's words for a built-in option whose value does not fit its field
/// (`Value must be quoted string for string option "google.protobuf.FileOptions.java_package".`).
enum BuiltInOptionDiagnostic {
  /// The message for `option` set on `optionsType`, or nil when the value fits.
  static func message(
    for option: Google_Protobuf_UninterpretedOption,
    in optionsType: String
  ) -> String? {
    let names = option.name.map(\.namePart)
    guard let (field, _) = DescriptorProtoSchema.resolve(names, in: optionsType) else { return nil }
    let fullName = "\(field.owner).\(field.name)"
    if field.type == .message || field.type == .group {
      guard !option.hasAggregateValue else { return nil }
      let written = names.joined(separator: ".")
      return
        "Option \"\(fullName)\" is a message. To set the entire message, use syntax like \"\(written) = { <proto text format> }\". To set fields within it, use syntax like \"\(written).foo = value\"."
    }
    if field.type == .enum, let typeName = field.typeName {
      guard option.hasIdentifierValue else {
        return "Value must be identifier for enum-valued option \"\(fullName)\"."
      }
      guard DescriptorProtoSchema.enumValues[typeName]?.contains(option.identifierValue) == true
      else {
        return
          "Enum type \"\(typeName)\" has no value named \"\(option.identifierValue)\" for option \"\(fullName)\"."
      }
      return nil
    }
    return scalarMessage(option, type: field.type, fullName: fullName)
  }

  private static func scalarMessage(
    _ option: Google_Protobuf_UninterpretedOption,
    type: Google_Protobuf_FieldDescriptorProto.TypeEnum,
    fullName: String
  ) -> String? {
    switch type {
    case .string, .bytes:
      return option.hasStringValue
        ? nil : "Value must be quoted string for string option \"\(fullName)\"."
    case .bool:
      guard option.hasIdentifierValue else {
        return "Value must be identifier for boolean option \"\(fullName)\"."
      }
      return ["true", "false"].contains(option.identifierValue)
        ? nil : "Value must be \"true\" or \"false\" for boolean option \"\(fullName)\"."
    case .float, .double:
      let isNumber =
        option.hasDoubleValue || option.hasPositiveIntValue || option.hasNegativeIntValue
        || ["inf", "nan"].contains(option.identifierValue)
      return isNumber
        ? nil
        : "Value must be number for \(type == .float ? "float" : "double") option \"\(fullName)\"."
    case .int32, .sint32, .sfixed32:
      return integerMessage(option, "int32", Int64(Int32.min), UInt64(Int32.max), fullName)
    case .int64, .sint64, .sfixed64:
      return integerMessage(option, "int64", Int64.min, UInt64(Int64.max), fullName)
    case .uint32, .fixed32:
      return integerMessage(option, "uint32", 0, UInt64(UInt32.max), fullName)
    default:
      return integerMessage(option, "uint64", 0, UInt64.max, fullName)
    }
  }

  private static func integerMessage(
    _ option: Google_Protobuf_UninterpretedOption,
    _ typeName: String,
    _ minimum: Int64,
    _ maximum: UInt64,
    _ fullName: String
  ) -> String? {
    let outOfRange =
      "Value out of range, \(minimum) to \(maximum), for \(typeName) option \"\(fullName)\"."
    if option.hasPositiveIntValue {
      return option.positiveIntValue > maximum ? outOfRange : nil
    }
    if option.hasNegativeIntValue, minimum < 0 {
      return option.negativeIntValue < minimum ? outOfRange : nil
    }
    return
      "Value must be integer, from \(minimum) to \(maximum), for \(typeName) option \"\(fullName)\"."
  }
}
