import ProtoSchema

/// grpcurl's `-msg-template`: a JSON skeleton of a message with every field at its default, one
/// element in each repeated field and map, nested messages filled in (recursion cut where a type
/// repeats), oneof members and proto3 `optional` fields left out.
public enum MessageTemplate {
  /// The template of `type`, pretty-printed with two-space indentation.
  public static func json(for type: MessageDescriptor, in pool: DescriptorPool) -> String {
    var builder = Builder(pool: pool)
    return builder.message(type, indent: 0)
  }

  private struct Builder {
    let pool: DescriptorPool
    var stack: [String] = []

    mutating func message(_ type: MessageDescriptor, indent: Int) -> String {
      if let special = Self.wellKnown[type.fullName] { return special }
      if let wrapped = Self.wrapperValue(type) { return wrapped }
      guard !stack.contains(type.fullName) else { return "{}" }
      stack.append(type.fullName)
      defer { stack.removeLast() }
      let fields = type.fields.filter {
        $0.oneofIndex == nil && !Self.isProto3Optional($0, in: type)
      }
      guard !fields.isEmpty else { return "{}" }
      let inner = String(repeating: "  ", count: indent + 1)
      let entries = fields.map { field in
        "\(inner)\"\(field.jsonName)\": \(value(of: field, indent: indent + 1))"
      }
      return "{\n" + entries.joined(separator: ",\n") + "\n"
        + String(repeating: "  ", count: indent)
        + "}"
    }

    static func isProto3Optional(_ field: FieldDescriptor, in type: MessageDescriptor) -> Bool {
      type.proto.field.first { $0.number == field.number }?.proto3Optional ?? false
    }

    mutating func value(of field: FieldDescriptor, indent: Int) -> String {
      let inner = String(repeating: "  ", count: indent + 1)
      let closing = String(repeating: "  ", count: indent)
      if field.isRepeated, let entry = pool.message(named: field.typeName), entry.isMapEntry,
        let (key, value) = entry.mapKeyValue
      {
        let keyText = key.type == .string ? "" : (key.type == .bool ? "false" : "0")
        return "{\n\(inner)\"\(keyText)\": \(single(value, indent: indent + 1))\n\(closing)}"
      }
      if field.isRepeated {
        return "[\n\(inner)\(single(field, indent: indent + 1))\n\(closing)]"
      }
      return single(field, indent: indent)
    }

    mutating func single(_ field: FieldDescriptor, indent: Int) -> String {
      switch field.type {
      case .message, .group:
        guard let type = pool.message(named: field.typeName) else { return "{}" }
        return message(type, indent: indent)
      case .enum:
        let first = pool.enumType(named: field.typeName)?.values.first?.name ?? "0"
        return "\"\(first)\""
      case .int64, .uint64, .sint64, .fixed64, .sfixed64: return "\"0\""
      case .string, .bytes: return "\"\""
      case .bool: return "false"
      default: return "0"
      }
    }

    static let wellKnown: [String: String] = [
      "google.protobuf.Timestamp": "\"1970-01-01T00:00:00Z\"",
      "google.protobuf.Duration": "\"0s\"",
      "google.protobuf.FieldMask": "\"\"",
      "google.protobuf.Empty": "{}",
      "google.protobuf.Any": #"{"@type":"type.googleapis.com/google.protobuf.Empty","value":{}}"#,
      "google.protobuf.Struct": #"{"google.protobuf.Struct":"supports arbitrary JSON objects"}"#,
      "google.protobuf.Value": #"{"google.protobuf.Value":"supports arbitrary JSON"}"#,
      "google.protobuf.ListValue":
        #"[{"google.protobuf.ListValue":"is an array of arbitrary JSON values"}]"#,
    ]

    /// Wrapper types print as their value's default.
    static func wrapperValue(_ type: MessageDescriptor) -> String? {
      guard type.fullName.hasPrefix("google.protobuf."), type.fullName.hasSuffix("Value"),
        type.fields.count == 1, let value = type.fields.first, value.name == "value"
      else { return nil }
      switch value.type {
      case .int64, .uint64: return "\"0\""
      case .string, .bytes: return "\"\""
      case .bool: return "false"
      default: return "0"
      }
    }
  }
}
