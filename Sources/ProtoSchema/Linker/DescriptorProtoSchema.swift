import SwiftProtobuf

/// descriptor.proto's own messages (parsed once from the embedded source), for looking up the
/// field numbers behind built-in option names such as `features.field_presence`.
enum DescriptorProtoSchema {
  /// Every message of descriptor.proto by full name.
  static let messages: [String: Google_Protobuf_DescriptorProto] = {
    guard let source = WellKnownProtos.source(named: "google/protobuf/descriptor.proto") else {
      return [:]
    }
    let (parsed, _) = Parser.parse(fileName: "google/protobuf/descriptor.proto", source: source)
    var result: [String: Google_Protobuf_DescriptorProto] = [:]
    func add(_ message: Google_Protobuf_DescriptorProto, scope: String) {
      let name = scope + "." + message.name
      result[name] = message
      for nested in message.nestedType { add(nested, scope: name) }
    }
    for message in parsed.descriptor.messageType { add(message, scope: "google.protobuf") }
    return result
  }()

  /// The field numbers along an option name (`features.field_presence` in `FieldOptions` is
  /// `[21, 1]`) and whether the last field is repeated; nil when a part is unknown.
  static func fieldPath(
    of names: [String],
    in optionsType: String
  ) -> (numbers: [Int32], isRepeated: Bool)? {
    var typeName = optionsType
    var numbers: [Int32] = []
    var isRepeated = false
    for name in names {
      guard let field = messages[typeName]?.field.first(where: { $0.name == name }) else {
        return nil
      }
      numbers.append(field.number)
      isRepeated = field.label == .repeated
      if field.hasTypeName { typeName = resolve(field.typeName, from: typeName) ?? "" }
    }
    return (numbers, isRepeated)
  }

  /// Resolves a type name as written inside message `scope`, innermost scope first.
  private static func resolve(_ name: String, from scope: String) -> String? {
    var scope = scope
    while true {
      if messages[scope + "." + name] != nil { return scope + "." + name }
      guard let dot = scope.lastIndex(of: ".") else { return nil }
      scope = String(scope[..<dot])
    }
  }
}

extension DescriptorProtoSchema {
  /// Every enum of descriptor.proto by full name.
  static let enums: [String: Google_Protobuf_EnumDescriptorProto] = {
    var result: [String: Google_Protobuf_EnumDescriptorProto] = [:]
    guard let source = WellKnownProtos.source(named: "google/protobuf/descriptor.proto") else {
      return result
    }
    let (parsed, _) = Parser.parse(fileName: "google/protobuf/descriptor.proto", source: source)
    func add(_ message: Google_Protobuf_DescriptorProto, scope: String) {
      let name = scope + "." + message.name
      for enumType in message.enumType { result[name + "." + enumType.name] = enumType }
      for nested in message.nestedType { add(nested, scope: name) }
    }
    for enumType in parsed.descriptor.enumType {
      result["google.protobuf." + enumType.name] = enumType
    }
    for message in parsed.descriptor.messageType { add(message, scope: "google.protobuf") }
    return result
  }()

  /// The field an option name ends at, the message that declares it, and the full name of its
  /// message or enum type (nil for scalars).
  static func field(
    of names: [String],
    in optionsType: String
  ) -> (field: Google_Protobuf_FieldDescriptorProto, owner: String, typeName: String?)? {
    var owner = optionsType
    var result: (Google_Protobuf_FieldDescriptorProto, String, String?)?
    for name in names {
      guard let field = messages[owner]?.field.first(where: { $0.name == name }) else {
        return nil
      }
      let typeName = field.hasTypeName ? resolveAny(field.typeName, from: owner) : nil
      result = (field, owner, typeName)
      owner = typeName ?? ""
    }
    return result
  }

  /// Resolves a message or enum name as written inside message `scope`.
  private static func resolveAny(_ name: String, from scope: String) -> String? {
    var scope = scope
    while true {
      let candidate = scope + "." + name
      if messages[candidate] != nil || enums[candidate] != nil { return candidate }
      guard let dot = scope.lastIndex(of: ".") else { return nil }
      scope = String(scope[..<dot])
    }
  }
}
