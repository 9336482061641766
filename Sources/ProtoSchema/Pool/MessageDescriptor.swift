import SwiftProtobuf

/// A message type with its fields indexed by number and by JSON and proto name.
public final class MessageDescriptor: Sendable {
  /// The fully-qualified name, without a leading dot.
  public let fullName: String
  /// The descriptor as loaded.
  public let proto: Google_Protobuf_DescriptorProto
  /// The file that defines it.
  public let fileName: String
  /// Fields in field-number order.
  public let fields: [FieldDescriptor]
  /// Names of the real oneofs, by index.
  public let oneofNames: [String]
  /// Whether this is a synthesised map entry type.
  public let isMapEntry: Bool
  private let byNumber: [Int32: FieldDescriptor]
  private let byName: [String: FieldDescriptor]

  init(
    proto: Google_Protobuf_DescriptorProto,
    fullName: String,
    fileName: String,
    fields: [FieldDescriptor]
  ) {
    self.proto = proto
    self.fullName = fullName
    self.fileName = fileName
    self.fields = fields.sorted { $0.number < $1.number }
    self.isMapEntry = proto.options.mapEntry
    self.oneofNames = proto.oneofDecl.map(\.name)
    var byNumber: [Int32: FieldDescriptor] = [:]
    var byName: [String: FieldDescriptor] = [:]
    for field in fields {
      byNumber[field.number] = field
      byName[field.name] = field
    }
    for field in fields where byName[field.jsonName] == nil { byName[field.jsonName] = field }
    self.byNumber = byNumber
    self.byName = byName
  }

  /// The field with this number.
  public func field(number: Int32) -> FieldDescriptor? { byNumber[number] }

  /// The field with this JSON name or proto name.
  public func field(named name: String) -> FieldDescriptor? { byName[name] }

  /// For map entries: the key and value fields.
  public var mapKeyValue: (key: FieldDescriptor, value: FieldDescriptor)? {
    guard isMapEntry, let key = byNumber[1], let value = byNumber[2] else { return nil }
    return (key, value)
  }
}

/// An enum type with its values by name and by number.
public final class EnumDescriptor: Sendable {
  /// The fully-qualified name, without a leading dot.
  public let fullName: String
  /// Whether unknown numbers are rejected (proto2 / `enum_type = CLOSED`).
  public let isClosed: Bool
  /// Values in declaration order.
  public let values: [(name: String, number: Int32)]
  private let numbersByName: [String: Int32]
  private let namesByNumber: [Int32: String]

  init(proto: Google_Protobuf_EnumDescriptorProto, fullName: String, features: ResolvedFeatures) {
    self.fullName = fullName
    self.isClosed = features.applying(proto.options.features).enumType == .closed
    self.values = proto.value.map { ($0.name, $0.number) }
    var numbersByName: [String: Int32] = [:]
    var namesByNumber: [Int32: String] = [:]
    for value in proto.value {
      numbersByName[value.name] = value.number
      if namesByNumber[value.number] == nil { namesByNumber[value.number] = value.name }
    }
    self.numbersByName = numbersByName
    self.namesByNumber = namesByNumber
  }

  /// The number of a value name.
  public func number(named name: String) -> Int32? { numbersByName[name] }

  /// The first declared name for a number.
  public func name(for number: Int32) -> String? { namesByNumber[number] }
}

/// A service and its methods.
public final class ServiceDescriptor: Sendable {
  /// The fully-qualified name, without a leading dot.
  public let fullName: String
  /// Methods in declaration order.
  public let methods: [MethodDescriptor]
  /// The file that defines it.
  public let fileName: String

  init(proto: Google_Protobuf_ServiceDescriptorProto, fullName: String, fileName: String) {
    self.fullName = fullName
    self.fileName = fileName
    self.methods = proto.method.map { MethodDescriptor(proto: $0, service: fullName) }
  }

  /// The method with this name.
  public func method(named name: String) -> MethodDescriptor? { methods.first { $0.name == name } }
}

/// One RPC method.
public final class MethodDescriptor: Sendable {
  /// The method's simple name.
  public let name: String
  /// The service's full name.
  public let serviceName: String
  /// The request type's full name.
  public let inputType: String
  /// The response type's full name.
  public let outputType: String
  /// Whether the client sends a stream.
  public let clientStreaming: Bool
  /// Whether the server sends a stream.
  public let serverStreaming: Bool
  /// The descriptor as loaded.
  public let proto: Google_Protobuf_MethodDescriptorProto

  init(proto: Google_Protobuf_MethodDescriptorProto, service: String) {
    self.proto = proto
    self.name = proto.name
    self.serviceName = service
    self.inputType = String(proto.inputType.drop { $0 == "." })
    self.outputType = String(proto.outputType.drop { $0 == "." })
    self.clientStreaming = proto.clientStreaming
    self.serverStreaming = proto.serverStreaming
  }

  /// `pkg.Service.Method`.
  public var fullName: String { serviceName + "." + name }
}
