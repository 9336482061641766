import ProtoSchema

extension MessagePrinter {
  /// Writes an Any as `{"@type": url, ...fields}` or `{"@type": url, "value": <WKT JSON>}`.
  mutating func any(data: [UInt8], range: Range<Int>, depth: Int) throws(CodecError) {
    let parts = try scan(data: data, range: range)
    let urlRange = parts[1]?.last?.range
    let valueRanges = parts[2]?.map(\.range) ?? []
    let typeURL = urlRange.map { String(decoding: data[$0], as: UTF8.self) } ?? ""
    var value: [UInt8] = []
    for range in valueRanges { value += data[range] }
    writer.beginObject()
    defer { writer.endObject() }
    if typeURL.isEmpty {
      guard value.isEmpty else {
        throw error(.invalidValue("google.protobuf.Any has a value but no type URL"))
      }
      return
    }
    let typeName = String(
      typeURL.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
    )
    guard let type = pool.message(named: typeName) else {
      guard options.unresolvableAnyAsRaw else { throw error(.unknownType(typeName)) }
      writer.key("@error")
      writer.string("\(typeName) is not recognized; see @value for raw binary message data")
      writer.key("@type")
      writer.string(typeURL)
      writer.key("@value")
      writer.string(Base64.encode(value))
      return
    }
    writer.key("@type")
    writer.string(typeURL)
    // The packed message was not checked for canonical form: its fields are grouped.
    let wasInFieldOrder = isInFieldOrder
    isInFieldOrder = false
    defer { isInFieldOrder = wasInFieldOrder }
    if WellKnownJSON.isSpecial(type.fullName) {
      writer.key("value")
      path.append("value")
      try self.value(ofMessage: type, data: value, range: value.indices, depth: depth + 1)
      path.removeLast()
    } else {
      try fields(of: type, data: value, range: value.indices, depth: depth + 1)
    }
  }
}
