import SwiftProtobuf

extension Parser {
  /// Parses `service Name { rpc ...; option ...; }`.
  mutating func parseService(
    path: DescriptorPath
  ) throws(Recover) -> Google_Protobuf_ServiceDescriptorProto {
    advance()
    let name = try expectIdentifier("service name")
    positions[path] = name.position
    var service = Google_Protobuf_ServiceDescriptorProto()
    service.name = name.text
    try expect("{")
    while !consume("}") {
      if atEnd { throw fail("Reached end of input in service definition (missing '}').") }
      statement { (p: inout Parser) throws(Recover) in
        if p.consume(";") { return }
        if p.current.isIdentifier("option") {
          var options = service.options
          try p.parseOptionStatement(into: &options.uninterpretedOption, path: path)
          service.options = options
          return
        }
        guard p.current.isIdentifier("rpc") else { throw p.fail("Expected \"rpc\" or \"option\".") }
        let methodPath = path + [DescriptorField.serviceMethod, Int32(service.method.count)]
        service.method.append(try p.parseMethod(path: methodPath))
      }
    }
    return service
  }

  /// Parses `rpc Name (stream In) returns (stream Out) { options } | ;`.
  mutating func parseMethod(
    path: DescriptorPath
  ) throws(Recover) -> Google_Protobuf_MethodDescriptorProto {
    advance()
    let name = try expectIdentifier("method name")
    positions[path] = name.position
    var method = Google_Protobuf_MethodDescriptorProto()
    method.name = name.text
    try expect("(")
    if current.isIdentifier("stream"),
      tokens[index + 1].kind == .identifier || tokens[index + 1].isSymbol(".")
    {
      advance()
      method.clientStreaming = true
    }
    let input = try parseTypeName()
    method.inputType = input.name
    positions[path + [DescriptorField.methodInputType]] = input.position
    try expect(")")
    guard consumeKeyword("returns") else { throw fail("Expected \"returns\".") }
    try expect("(")
    if current.isIdentifier("stream"),
      tokens[index + 1].kind == .identifier || tokens[index + 1].isSymbol(".")
    {
      advance()
      method.serverStreaming = true
    }
    let output = try parseTypeName()
    method.outputType = output.name
    positions[path + [DescriptorField.methodOutputType]] = output.position
    try expect(")")
    if consume("{") {
      // Like protoc, a method with a body has options, even when the body is empty.
      method.options = method.options
      while !consume("}") {
        if atEnd { throw fail("Reached end of input in method options (missing '}').") }
        statement { (p: inout Parser) throws(Recover) in
          if p.consume(";") { return }
          guard p.current.isIdentifier("option") else { throw p.fail("Expected \"option\".") }
          var options = method.options
          try p.parseOptionStatement(into: &options.uninterpretedOption, path: path)
          method.options = options
        }
      }
    } else {
      try expect(";")
    }
    return method
  }
}
