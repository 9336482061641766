/// Why protobuf binary input could not be decoded.
public enum BinaryDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
  case truncated
  case malformedVarint
  case invalidWireType(UInt8)
  case invalidFieldNumber
  case mismatchedEndGroup
  case unexpectedEndGroup
  case wrongWireType(field: String, expected: WireType, got: WireType)
  case invalidUTF8(field: String)
  case tooDeep

  public var description: String {
    switch self {
    case .truncated: "unexpected end of input (truncated message)"
    case .malformedVarint: "malformed varint (more than 10 bytes)"
    case .invalidWireType(let type): "invalid wire type \(type)"
    case .invalidFieldNumber: "invalid field number 0"
    case .mismatchedEndGroup: "end-group tag does not match its start-group tag"
    case .unexpectedEndGroup: "end-group tag without a start-group tag"
    case .wrongWireType(let field, let expected, let got):
      "field \(field): wire type \(got.rawValue) does not match its declared type (expected \(expected.rawValue))"
    case .invalidUTF8(let field): "field \(field): string is not valid UTF-8"
    case .tooDeep: "message nesting is too deep (limit 100)"
    }
  }
}
