import SwiftProtobuf

extension DescriptorPool {
  /// Builds the runtime views of validated files, checking every type reference as it goes.
  struct Builder {
    let symbols: SymbolTable
    var files: [Google_Protobuf_FileDescriptorProto] = []
    var messages: [String: MessageDescriptor] = [:]
    var enums: [String: EnumDescriptor] = [:]
    var services: [String: ServiceDescriptor] = [:]
    var extensions: [String: [FieldDescriptor]] = [:]
    private var fileName = ""
    private var syntax = ""

    init(symbols: SymbolTable) {
      self.symbols = symbols
    }

    mutating func add(_ input: Google_Protobuf_FileDescriptorProto) throws(SchemaError) {
      var file = input
      fileName = file.name
      syntax = file.syntax
      let features = ResolvedFeatures.defaults(for: file)
      let package = file.package
      for i in file.messageType.indices {
        try addMessage(&file.messageType[i], scope: package, features: features)
      }
      for enumType in file.enumType {
        let name = SymbolTable.join(package, enumType.name)
        enums[name] = EnumDescriptor(proto: enumType, fullName: name, features: features)
      }
      for i in file.extension.indices {
        try resolve(&file.extension[i])
        let field = FieldDescriptor(
          proto: file.extension[i],
          scope: package,
          features: features,
          inMessageSyntax: syntax
        )
        extensions[field.extendee ?? "", default: []].append(field)
      }
      for i in file.service.indices {
        for j in file.service[i].method.indices {
          try checkMessageReference(file.service[i].method[j].inputType)
          try checkMessageReference(file.service[i].method[j].outputType)
        }
        let name = SymbolTable.join(package, file.service[i].name)
        services[name] = ServiceDescriptor(
          proto: file.service[i],
          fullName: name,
          fileName: file.name
        )
      }
      files.append(file)
    }

    private mutating func addMessage(
      _ message: inout Google_Protobuf_DescriptorProto,
      scope: String,
      features inherited: ResolvedFeatures
    ) throws(SchemaError) {
      let name = SymbolTable.join(scope, message.name)
      let features = inherited.applying(message.options.features)
      var fields: [FieldDescriptor] = []
      try message.editing(\.field) {
        (items: inout [Google_Protobuf_FieldDescriptorProto]) throws(SchemaError) in
        for i in items.indices {
          try resolve(&items[i])
          if !items[i].hasJsonName {
            items[i].jsonName = JSONName.from(items[i].name)
          }
          fields.append(
            FieldDescriptor(
              proto: items[i],
              scope: name,
              features: features,
              inMessageSyntax: syntax
            )
          )
        }
      }
      try message.editing(\.extension) {
        (items: inout [Google_Protobuf_FieldDescriptorProto]) throws(SchemaError) in
        for i in items.indices {
          try resolve(&items[i])
          let field = FieldDescriptor(
            proto: items[i],
            scope: name,
            features: features,
            inMessageSyntax: syntax
          )
          extensions[field.extendee ?? "", default: []].append(field)
        }
      }
      try message.editing(\.nestedType) {
        (items: inout [Google_Protobuf_DescriptorProto]) throws(SchemaError) in
        for i in items.indices {
          try addMessage(&items[i], scope: name, features: features)
        }
      }
      for enumType in message.enumType {
        let enumName = name + "." + enumType.name
        enums[enumName] = EnumDescriptor(proto: enumType, fullName: enumName, features: features)
      }
      messages[name] = MessageDescriptor(
        proto: message,
        fullName: name,
        fileName: fileName,
        fields: fields
      )
    }

    /// Checks a field's type reference and fills in `type` when a descriptor left it out.
    private func resolve(_ field: inout Google_Protobuf_FieldDescriptorProto) throws(SchemaError) {
      if field.hasExtendee { try checkMessageReference(field.extendee) }
      guard field.hasTypeName else {
        if !field.hasType {
          throw .invalidDescriptor(
            file: fileName,
            reason: "field \"\(field.name)\" has neither a type nor a type name"
          )
        }
        return
      }
      let name = field.typeName.hasPrefix(".") ? String(field.typeName.dropFirst()) : field.typeName
      guard let symbol = symbols[name], symbol.kind == .message || symbol.kind == .enumType else {
        throw .invalidDescriptor(
          file: fileName,
          reason: "field \"\(field.name)\" refers to unknown type \"\(field.typeName)\""
        )
      }
      if !field.hasType || (field.type != .group) {
        field.type = symbol.kind == .enumType ? .enum : .message
      }
    }

    private func checkMessageReference(_ reference: String) throws(SchemaError) {
      let name = reference.hasPrefix(".") ? String(reference.dropFirst()) : reference
      guard symbols[name]?.kind == .message else {
        throw .invalidDescriptor(
          file: fileName,
          reason: "\"\(reference)\" is not a known message type"
        )
      }
    }
  }
}
