/// An encoding of one protobuf message.
public enum MessageFormat: String, Sendable, CaseIterable {
  /// proto3 JSON.
  case json
  /// Protobuf binary wire format.
  case binary
  /// Protobuf text format.
  case text
}
