import ProtoSchema

extension MessageEncoder {
  /// Encodes `{"@type": url, ...fields}` (or `{"@type": url, "value": <WKT JSON>}`) as an Any.
  mutating func any(depth: Int) throws(CodecError) -> [UInt8] {
    guard scanner.peek() == UInt8(ascii: "{") else {
      throw error(
        .expected("an object for google.protobuf.Any", got: scanner.nextValueDescription())
      )
    }
    let typeURL = try findTypeURL()
    guard let typeURL else {
      _ = try scanner.skipValue(path: path)
      return []
    }
    let typeName = String(
      typeURL.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
    )
    guard let type = pool.message(named: typeName) else { throw error(.unknownType(typeName)) }
    let value: [UInt8]
    if WellKnownJSON.isSpecial(type.fullName) {
      value = try wrappedValue(of: type, depth: depth)
    } else {
      value = try fields(of: type, depth: depth + 1, skippingKey: "@type")
    }
    var writer = BinaryWriter()
    writer.writeTag(1, .lengthDelimited)
    writer.writeLengthDelimited(Array(typeURL.utf8))
    if !value.isEmpty {
      writer.writeTag(2, .lengthDelimited)
      writer.writeLengthDelimited(value)
    }
    return writer.bytes
  }

  /// Looks ahead through the object for its `@type` (it may come after other keys); `nil` for `{}`.
  private mutating func findTypeURL() throws(CodecError) -> String? {
    var probe = scanner
    try probe.expect(UInt8(ascii: "{"), path: path)
    if probe.consume(UInt8(ascii: "}")) { return nil }
    var typeURL: String?
    repeat {
      let key = try probe.readString(path: path)
      try probe.expect(UInt8(ascii: ":"), path: path)
      if key == "@type" {
        guard typeURL == nil else { throw error(.duplicateField("@type")) }
        let url = try probe.readString(path: path)
        guard !url.isEmpty, url.contains("/") else {
          throw error(.invalidValue("invalid Any type URL \"\(url)\""))
        }
        typeURL = url
      } else {
        _ = try probe.skipValue(path: path)
      }
    } while probe.consume(UInt8(ascii: ","))
    try probe.expect(UInt8(ascii: "}"), path: path)
    guard let typeURL else {
      throw error(.invalidValue("google.protobuf.Any is missing its \"@type\""))
    }
    return typeURL
  }

  /// Reads the `value` member of an Any holding a well-known type.
  private mutating func wrappedValue(
    of type: MessageDescriptor,
    depth: Int
  ) throws(CodecError) -> [UInt8] {
    try scanner.expect(UInt8(ascii: "{"), path: path)
    var value: [UInt8]?
    repeat {
      let key = try scanner.readString(path: path)
      try scanner.expect(UInt8(ascii: ":"), path: path)
      switch key {
      case "@type":
        _ = try scanner.skipValue(path: path)
      case "value":
        guard value == nil else { throw error(.duplicateField("value")) }
        path.append("value")
        value = try message(type, depth: depth + 1)
        path.removeLast()
      default:
        throw error(.unknownField(name: key, message: type.fullName))
      }
    } while scanner.consume(UInt8(ascii: ","))
    try scanner.expect(UInt8(ascii: "}"), path: path)
    guard let value else {
      throw error(.invalidValue("google.protobuf.Any holding \(type.fullName) needs a \"value\""))
    }
    return value
  }
}
