import SwiftProtobuf

/// The edition features that change how a field is encoded, resolved from the edition defaults
/// through every enclosing scope's overrides.
public struct ResolvedFeatures: Sendable, Hashable {
  public var fieldPresence: Google_Protobuf_FeatureSet.FieldPresence
  public var enumType: Google_Protobuf_FeatureSet.EnumType
  public var repeatedFieldEncoding: Google_Protobuf_FeatureSet.RepeatedFieldEncoding
  public var utf8Validation: Google_Protobuf_FeatureSet.Utf8Validation
  public var messageEncoding: Google_Protobuf_FeatureSet.MessageEncoding

  /// The defaults of a file's syntax or edition.
  public static func defaults(for file: Google_Protobuf_FileDescriptorProto) -> ResolvedFeatures {
    switch file.syntax {
    case "proto3":
      return ResolvedFeatures(
        fieldPresence: .implicit,
        enumType: .open,
        repeatedFieldEncoding: .packed,
        utf8Validation: .verify,
        messageEncoding: .lengthPrefixed
      )
    case "editions":
      return ResolvedFeatures(
        fieldPresence: .explicit,
        enumType: .open,
        repeatedFieldEncoding: .packed,
        utf8Validation: .verify,
        messageEncoding: .lengthPrefixed
      ).applying(file.options.features)
    default:
      return ResolvedFeatures(
        fieldPresence: .explicit,
        enumType: .closed,
        repeatedFieldEncoding: .expanded,
        utf8Validation: .none,
        messageEncoding: .lengthPrefixed
      )
    }
  }

  /// These features with a scope's explicit overrides applied.
  public func applying(_ overrides: Google_Protobuf_FeatureSet) -> ResolvedFeatures {
    var result = self
    if overrides.hasFieldPresence { result.fieldPresence = overrides.fieldPresence }
    if overrides.hasEnumType { result.enumType = overrides.enumType }
    if overrides.hasRepeatedFieldEncoding {
      result.repeatedFieldEncoding = overrides.repeatedFieldEncoding
    }
    if overrides.hasUtf8Validation { result.utf8Validation = overrides.utf8Validation }
    if overrides.hasMessageEncoding { result.messageEncoding = overrides.messageEncoding }
    return result
  }
}
