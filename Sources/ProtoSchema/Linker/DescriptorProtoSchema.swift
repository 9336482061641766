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
