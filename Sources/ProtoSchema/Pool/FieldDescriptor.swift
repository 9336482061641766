import SwiftProtobuf

/// A field (or extension) with everything a codec needs already resolved: its wire shape,
/// presence, packing and the full name of its message or enum type.
public final class FieldDescriptor: Sendable {
  /// The field's name in the .proto file.
  public let name: String
  /// The fully-qualified name (for extensions, what goes in `[...]`).
  public let fullName: String
  /// The field number.
  public let number: Int32
  /// The lowerCamel JSON name (computed like protoc when the descriptor has none).
  public let jsonName: String
  /// The declared type.
  public let type: Google_Protobuf_FieldDescriptorProto.TypeEnum
  /// Whether the field is `repeated` (maps included).
  public let isRepeated: Bool
  /// Whether the field is required (proto2 `required` or editions `LEGACY_REQUIRED`).
  public let isRequired: Bool
  /// The message or enum type's full name, without the leading dot; empty for scalars.
  public let typeName: String
  /// Index of the real (non-synthetic) oneof this field belongs to.
  public let oneofIndex: Int?
  /// Whether the field tracks presence (so a default value is still written when set).
  public let hasPresence: Bool
  /// Whether repeated scalars are written packed.
  public let isPacked: Bool
  /// Whether a message field uses group (start/end tag) encoding.
  public let isDelimited: Bool
  /// Whether string values must be valid UTF-8 on the wire.
  public let validatesUTF8: Bool
  /// For extensions: the extended message's full name.
  public let extendee: String?
  /// The `[default = ...]` value as protoc stores it, if any.
  public let defaultValue: String?

  init(
    proto: Google_Protobuf_FieldDescriptorProto,
    scope: String,
    features: ResolvedFeatures,
    inMessageSyntax: String
  ) {
    let fieldFeatures = features.applying(proto.options.features)
    self.name = proto.name
    self.fullName = scope.isEmpty ? proto.name : scope + "." + proto.name
    self.number = proto.number
    self.jsonName = proto.hasJsonName ? proto.jsonName : JSONName.from(proto.name)
    let isDelimited =
      proto.type == .group
      || (proto.type == .message && fieldFeatures.messageEncoding == .delimited
        && inMessageSyntax == "editions")
    self.type = proto.type == .group ? .group : proto.type
    self.isDelimited = isDelimited
    self.isRepeated = proto.label == .repeated
    self.isRequired = proto.label == .required || fieldFeatures.fieldPresence == .legacyRequired
    self.typeName =
      proto.typeName.hasPrefix(".") ? String(proto.typeName.dropFirst()) : proto.typeName
    let isSyntheticOneof = proto.proto3Optional
    self.oneofIndex = proto.hasOneofIndex && !isSyntheticOneof ? Int(proto.oneofIndex) : nil
    let isMessage = proto.type == .message || proto.type == .group
    self.hasPresence =
      !isRepeated
      && (isMessage || proto.hasOneofIndex || proto.proto3Optional
        || fieldFeatures.fieldPresence != .implicit
        || proto.hasExtendee)
    let packable = ![.string, .bytes, .message, .group].contains(proto.type)
    if proto.options.hasPacked {
      self.isPacked = isRepeated && packable && proto.options.packed
    } else {
      self.isPacked = isRepeated && packable && fieldFeatures.repeatedFieldEncoding == .packed
    }
    self.validatesUTF8 = proto.type == .string && fieldFeatures.utf8Validation == .verify
    self.extendee = proto.hasExtendee ? String(proto.extendee.drop { $0 == "." }) : nil
    self.defaultValue = proto.hasDefaultValue ? proto.defaultValue : nil
  }

  /// Whether the field holds a message (or group).
  public var isMessage: Bool { type == .message || type == .group }
}
