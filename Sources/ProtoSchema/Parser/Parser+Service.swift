import SwiftProtobuf

extension Parser {
  /// Parses `service Name { rpc ...; option ...; }`.
  mutating func parseService(
    path: DescriptorPath,
    location: LocationHandle
  ) throws(Recover) -> Google_Protobuf_ServiceDescriptorProto {
    advance()
    let nameLocation = openLocation(path + [DescriptorField.fieldName])
    let name = try expectIdentifier("service name")
    closeLocation(nameLocation)
    positions[path] = name.position
    var service = Google_Protobuf_ServiceDescriptorProto()
    service.name = name.text
    try endDeclaration("{", location: location)
    while !tryEndDeclaration("}", location: nil) {
      if atEnd { throw fail("Reached end of input in service definition (missing '}').") }
      statement { (p: inout Parser) throws(Recover) in
        if p.tryEndDeclaration(";", location: nil) { return }
        if p.current.isIdentifier("option") {
          let optionsPath = path + [DescriptorField.serviceOptions]
          try p.parseOptionStatement(
            into: &service.options.uninterpretedOption,
            path: path,
            optionsPath: optionsPath
          )
          return
        }
        guard p.current.isIdentifier("rpc") else { throw p.fail("Expected \"rpc\" or \"option\".") }
        let methodPath = path + [DescriptorField.serviceMethod, Int32(service.method.count)]
        let methodLocation = p.openLocation(methodPath)
        defer { p.closeLocation(methodLocation) }
        service.method.append(try p.parseMethod(path: methodPath, location: methodLocation))
      }
    }
    return service
  }

  /// Parses `rpc Name (stream In) returns (stream Out) { options } | ;`.
  mutating func parseMethod(
    path: DescriptorPath,
    location: LocationHandle
  ) throws(Recover) -> Google_Protobuf_MethodDescriptorProto {
    advance()
    let nameLocation = openLocation(path + [DescriptorField.fieldName])
    let name = try expectIdentifier("method name")
    closeLocation(nameLocation)
    positions[path] = name.position
    var method = Google_Protobuf_MethodDescriptorProto()
    method.name = name.text
    try expect("(")
    if parseStreamKeyword(path + [DescriptorField.methodClientStreaming]) {
      method.clientStreaming = true
    }
    let input = try parseTypeName(path + [DescriptorField.methodInputType])
    method.inputType = input.name
    positions[path + [DescriptorField.methodInputType]] = input.position
    try expect(")")
    guard consumeKeyword("returns") else { throw fail("Expected \"returns\".") }
    try expect("(")
    if parseStreamKeyword(path + [DescriptorField.methodServerStreaming]) {
      method.serverStreaming = true
    }
    let output = try parseTypeName(path + [DescriptorField.methodOutputType])
    method.outputType = output.name
    positions[path + [DescriptorField.methodOutputType]] = output.position
    try expect(")")
    guard current.isSymbol("{") else {
      try endDeclaration(";", location: location)
      return method
    }
    try endDeclaration("{", location: location)
    // Like protoc, a method with a body has options, even when the body is empty.
    method.options = method.options
    while !tryEndDeclaration("}", location: nil) {
      if atEnd { throw fail("Reached end of input in method options (missing '}').") }
      statement { (p: inout Parser) throws(Recover) in
        if p.tryEndDeclaration(";", location: nil) { return }
        guard p.current.isIdentifier("option") else { throw p.fail("Expected \"option\".") }
        let optionsPath = path + [DescriptorField.methodOptions]
        try p.parseOptionStatement(
          into: &method.options.uninterpretedOption,
          path: path,
          optionsPath: optionsPath
        )
      }
    }
    return method
  }

  /// Consumes `stream` before a type name, recording its location; returns whether it was there.
  private mutating func parseStreamKeyword(_ path: DescriptorPath) -> Bool {
    guard current.isIdentifier("stream"),
      tokens[index + 1].kind == .identifier || tokens[index + 1].isSymbol(".")
    else { return false }
    let location = openLocation(path)
    advance()
    closeLocation(location)
    return true
  }

  /// Parses a type name and records its location at `path`.
  mutating func parseTypeName(
    _ path: DescriptorPath
  ) throws(Recover) -> (name: String, position: SourcePosition) {
    let location = openLocation(path)
    defer { closeLocation(location) }
    return try parseTypeName()
  }
}
