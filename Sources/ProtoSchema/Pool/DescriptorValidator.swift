import SwiftProtobuf

/// Checks descriptors that did not come from grpcall's own compiler — protosets and server
/// reflection — for what the compiler guarantees of its output and the rest of grpcall relies on:
/// field numbers in range, unique and outside reserved ranges; oneof indexes that exist; map
/// entries with a key and a value; enums with at least one value.
///
/// A server or a file can send any bytes, so a broken link is an error here (grpcurl: "could not
/// link field p.O.a to one-of index 5") instead of a trap in `describe`, a call or
/// `-proto-out-dir`.
enum DescriptorValidator {
  /// protoc's largest field number (2^29 - 1).
  static let maximumFieldNumber: Int32 = 536_870_911
  /// Numbers the protobuf implementation keeps for itself.
  static let implementationReserved: ClosedRange<Int32> = 19000 ... 19999

  /// Throws the first problem found in `file`.
  static func validate(_ file: Google_Protobuf_FileDescriptorProto) throws(SchemaError) {
    let check = FileCheck(fileName: file.name)
    // An explicit stack: a protoset may nest messages as deep as its decoder allows.
    var pending: [(message: Google_Protobuf_DescriptorProto, scope: String)] = file.messageType
      .map { ($0, file.package) }
    for enumType in file.enumType {
      try check.enumType(enumType, fullName: SymbolTable.join(file.package, enumType.name))
    }
    for field in file.extension {
      try check.fieldNumber(field, fullName: SymbolTable.join(file.package, field.name))
    }
    while let (message, scope) = pending.popLast() {
      let fullName = SymbolTable.join(scope, message.name)
      try check.message(message, fullName: fullName)
      pending += message.nestedType.map { ($0, fullName) }
    }
  }

  /// The checks of one file, naming it in every error.
  struct FileCheck {
    let fileName: String

    func fail(_ reason: String) -> SchemaError {
      .invalidDescriptor(file: fileName, reason: reason)
    }

    func message(
      _ message: Google_Protobuf_DescriptorProto,
      fullName: String
    ) throws(SchemaError) {
      var numbers: [Int32: String] = [:]
      var names = Set<String>()
      for field in message.field {
        let fieldName = fullName + "." + field.name
        try fieldNumber(field, fullName: fieldName)
        if let other = numbers[field.number] {
          throw fail(
            "field \(fieldName) uses number \(field.number), already used by \(fullName).\(other)"
          )
        }
        numbers[field.number] = field.name
        guard names.insert(field.name).inserted else {
          throw fail("field name \(fieldName) is defined twice")
        }
        if message.reservedRange.contains(where: {
          field.number >= $0.start && field.number < $0.end
        }) {
          throw fail("field \(fieldName) uses reserved number \(field.number)")
        }
        if field.hasOneofIndex, field.oneofIndex < 0 || field.oneofIndex >= message.oneofDecl.count
        {
          throw fail("could not link field \(fieldName) to one-of index \(field.oneofIndex)")
        }
      }
      for field in message.extension {
        try fieldNumber(field, fullName: fullName + "." + field.name)
      }
      if message.options.mapEntry { try mapEntry(message, fullName: fullName) }
      for enumType in message.enumType {
        try self.enumType(enumType, fullName: fullName + "." + enumType.name)
      }
    }

    func fieldNumber(
      _ field: Google_Protobuf_FieldDescriptorProto,
      fullName: String
    ) throws(SchemaError) {
      guard field.number >= 1, field.number <= maximumFieldNumber else {
        throw fail(
          "field \(fullName) has number \(field.number), outside 1 to \(maximumFieldNumber)"
        )
      }
      if implementationReserved.contains(field.number) {
        throw fail(
          "field \(fullName) uses number \(field.number), reserved for the protobuf implementation"
        )
      }
    }

    /// A map entry has exactly a key (number 1) and a value (number 2), the key a scalar.
    func mapEntry(
      _ message: Google_Protobuf_DescriptorProto,
      fullName: String
    ) throws(SchemaError) {
      let key = message.field.first { $0.number == 1 && $0.name == "key" }
      let value = message.field.first { $0.number == 2 && $0.name == "value" }
      guard message.field.count == 2, let key, value != nil else {
        throw fail(
          "map entry \(fullName) must have exactly two fields, key = 1 and value = 2"
        )
      }
      switch key.type {
      case .double, .float, .bytes, .message, .group, .enum:
        throw fail("map entry \(fullName) has a key of a type maps cannot have")
      default:
        if key.hasTypeName {
          throw fail("map entry \(fullName) has a key of a type maps cannot have")
        }
      }
    }

    func enumType(
      _ enumType: Google_Protobuf_EnumDescriptorProto,
      fullName: String
    ) throws(SchemaError) {
      guard !enumType.value.isEmpty else {
        throw fail("enum \(fullName) has no values")
      }
    }
  }
}
