import SwiftProtobuf

/// The linked messages, enums and extensions of every file compiled so far, by full name (no
/// leading dot): what the option interpreter needs to encode custom options.
public struct DescriptorIndex: Sendable {
  /// Message types by full name.
  public private(set) var messages: [String: Google_Protobuf_DescriptorProto] = [:]
  /// Enum types by full name.
  public private(set) var enums: [String: Google_Protobuf_EnumDescriptorProto] = [:]
  /// Extension fields by full name.
  public private(set) var extensions: [String: Google_Protobuf_FieldDescriptorProto] = [:]

  /// Full names of the fields and extensions written packed (`Message.field` or the extension's name).
  public private(set) var packed: Set<String> = []

  /// Creates an empty index.
  public init() {}

  /// Adds a linked file's definitions.
  public mutating func add(_ file: Google_Protobuf_FileDescriptorProto) {
    let features = ResolvedFeatures.defaults(for: file)
    for message in file.messageType { addMessage(message, scope: file.package, features: features) }
    for enumType in file.enumType {
      enums[SymbolTable.join(file.package, enumType.name)] = enumType
    }
    for field in file.extension {
      addExtension(field, name: SymbolTable.join(file.package, field.name), features: features)
    }
  }

  private mutating func addMessage(
    _ message: Google_Protobuf_DescriptorProto,
    scope: String,
    features inherited: ResolvedFeatures
  ) {
    let name = SymbolTable.join(scope, message.name)
    let features = inherited.applying(message.options.features)
    messages[name] = message
    for field in message.field where Self.isPacked(field, features) {
      packed.insert(name + "." + field.name)
    }
    for nested in message.nestedType { addMessage(nested, scope: name, features: features) }
    for enumType in message.enumType { enums[name + "." + enumType.name] = enumType }
    for field in message.extension {
      addExtension(field, name: name + "." + field.name, features: features)
    }
  }

  private mutating func addExtension(
    _ field: Google_Protobuf_FieldDescriptorProto,
    name: String,
    features: ResolvedFeatures
  ) {
    extensions[name] = field
    if Self.isPacked(field, features) { packed.insert(name) }
  }

  /// Whether a repeated scalar field is written packed under these features.
  static func isPacked(
    _ field: Google_Protobuf_FieldDescriptorProto,
    _ features: ResolvedFeatures
  ) -> Bool {
    guard field.label == .repeated, ![.string, .bytes, .message, .group].contains(field.type) else {
      return false
    }
    let options = builtInOptions(of: field)
    if options.hasPacked { return options.packed }
    return features.applying(options.features).repeatedFieldEncoding == .packed
  }

  /// The field's built-in options as they will be once interpreted: the file is indexed before
  /// its options are, so `[packed = false]` or `[features.repeated_field_encoding = EXPANDED]` may
  /// still be uninterpreted here. Read the same way `OptionInterpreter` reads them.
  static func builtInOptions(
    of field: Google_Protobuf_FieldDescriptorProto
  ) -> Google_Protobuf_FieldOptions {
    var options = field.options
    for option in options.uninterpretedOption where option.name.allSatisfy({ !$0.isExtension }) {
      guard
        let parsed = try? Google_Protobuf_FieldOptions(
          textFormatString: OptionInterpreter.textFormat(option)
        ),
        let bytes: [UInt8] = try? parsed.serializedBytes()
      else { continue }
      try? options.merge(serializedBytes: bytes)
    }
    return options
  }

}
