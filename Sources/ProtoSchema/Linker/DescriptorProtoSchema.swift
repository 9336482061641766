import SwiftProtobuf

/// descriptor.proto's own messages (decoded once from its built-in descriptor), for looking up the
/// fields behind built-in option names such as `features.field_presence`.
enum DescriptorProtoSchema {
  /// What the interpreter needs to know about one field of an options (or nested) message.
  struct Field: Sendable {
    var name: String
    var number: Int32
    var type: Google_Protobuf_FieldDescriptorProto.TypeEnum
    var isRepeated: Bool
    /// The full name of its message or enum type; nil for scalars.
    var typeName: String?
    /// The full name of the message that declares it.
    var owner: String
  }

  /// Fields by message full name, then by field name.
  static let fields: [String: [String: Field]] = tables.fields
  /// Value names of each enum, by enum full name.
  static let enumValues: [String: Set<String>] = tables.enums

  private static let tables: (fields: [String: [String: Field]], enums: [String: Set<String>]) = {
    guard let file = WellKnownProtos.descriptor(named: "google/protobuf/descriptor.proto") else {
      return ([:], [:])
    }
    var fields: [String: [String: Field]] = [:]
    var enums: [String: Set<String>] = [:]
    func add(_ message: Google_Protobuf_DescriptorProto, scope: String) {
      let owner = scope + "." + message.name
      for enumType in message.enumType {
        enums[owner + "." + enumType.name] = Set(enumType.value.map(\.name))
      }
      var byName: [String: Field] = [:]
      for field in message.field {
        byName[field.name] = Field(
          name: field.name,
          number: field.number,
          type: field.type,
          isRepeated: field.label == .repeated,
          typeName: field.hasTypeName ? String(field.typeName.dropFirst()) : nil,
          owner: owner
        )
      }
      fields[owner] = byName
      for nested in message.nestedType { add(nested, scope: owner) }
    }
    for enumType in file.enumType {
      enums["google.protobuf." + enumType.name] = Set(enumType.value.map(\.name))
    }
    for message in file.messageType { add(message, scope: "google.protobuf") }
    return (fields, enums)
  }()

  /// The field an option name ends at (`features.field_presence` in `FieldOptions` is
  /// `FeatureSet.field_presence`), with the numbers along the way; nil when a part is unknown.
  static func resolve(
    _ names: [String],
    in optionsType: String
  ) -> (field: Field, numbers: [Int32])? {
    var owner = optionsType
    var numbers: [Int32] = []
    var last: Field?
    for name in names {
      guard let field = fields[owner]?[name] else { return nil }
      numbers.append(field.number)
      last = field
      owner = field.typeName ?? ""
    }
    return last.map { ($0, numbers) }
  }

  /// The field numbers along an option name and whether the last field is repeated.
  static func fieldPath(
    of names: [String],
    in optionsType: String
  ) -> (numbers: [Int32], isRepeated: Bool)? {
    resolve(names, in: optionsType).map { ($0.numbers, $0.field.isRepeated) }
  }
}
