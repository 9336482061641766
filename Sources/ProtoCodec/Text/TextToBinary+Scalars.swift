import ProtoSchema
import SwiftProtobuf

extension TextEncoder {
  /// Reads one scalar value for `field` as text format writes it.
  mutating func scalar(_ field: FieldDescriptor) throws(CodecError) -> ScalarValue {
    switch field.type {
    case .string:
      let bytes = try strings()
      if field.validatesUTF8, !UTF8Validation.isValid(bytes) {
        throw failure("string field \(field.name) is not valid UTF-8")
      }
      return .lengthDelimited(bytes)
    case .bytes:
      return .lengthDelimited(try strings())
    case .bool:
      return try bool()
    case .float, .double:
      return try floatingPoint(field.type)
    case .enum:
      return try enumValue(field)
    default:
      let (negative, token) = try signedNumber()
      return try integer(token, negative: negative, type: field.type)
    }
  }

  /// One or more adjacent string literals, concatenated.
  mutating func strings() throws(CodecError) -> [UInt8] {
    guard scanner.current.kind == .string else {
      throw failure("expected a string, got \(describe(scanner.current))")
    }
    var bytes: [UInt8] = []
    while scanner.current.kind == .string { bytes += try scanner.next().bytes }
    return bytes
  }

  mutating func bool() throws(CodecError) -> ScalarValue {
    let token = try scanner.next()
    switch token.text {
    case "true", "True", "t", "1": return .varint(1)
    case "false", "False", "f", "0": return .varint(0)
    default: throw failure("expected true or false, got \(describe(token))")
    }
  }

  /// An optional `-` and a number token.
  mutating func signedNumber() throws(CodecError) -> (Bool, TextScanner.Token) {
    let negative = try scanner.consume("-")
    guard scanner.current.kind == .number else {
      throw failure("expected a number, got \(describe(scanner.current))")
    }
    return (negative, try scanner.next())
  }

  /// Integer text in decimal, `0x` hex or leading-zero octal.
  func integer(
    _ token: TextScanner.Token,
    negative: Bool,
    type: Google_Protobuf_FieldDescriptorProto.TypeEnum
  ) throws(CodecError) -> ScalarValue {
    let text = token.text
    let magnitude: UInt64?
    if text.hasPrefix("0x") || text.hasPrefix("0X") {
      magnitude = UInt64(text.dropFirst(2), radix: 16)
    } else if text.count > 1, text.hasPrefix("0") {
      magnitude = UInt64(text.dropFirst(), radix: 8)
    } else {
      magnitude = UInt64(text)
    }
    let shown = (negative ? "-" : "") + text
    guard let magnitude else {
      if text.allSatisfy({ $0.isNumber }) {
        throw error(.outOfRange(value: shown, type: MessageEncoder.typeName(type)))
      }
      throw failure("expected an integer, got \(shown)")
    }
    guard
      let value = MessageEncoder.integerValue(negative: negative, magnitude: magnitude, type: type)
    else {
      throw error(.outOfRange(value: shown, type: MessageEncoder.typeName(type)))
    }
    return value
  }

  mutating func floatingPoint(
    _ type: Google_Protobuf_FieldDescriptorProto.TypeEnum
  ) throws(CodecError) -> ScalarValue {
    let negative = try scanner.consume("-")
    let token = try scanner.next()
    var value: Double
    switch token.kind {
    case .identifier:
      switch token.text.lowercased() {
      case "inf", "infinity": value = .infinity
      case "nan": value = .nan
      default: throw failure("expected a number, got \(describe(token))")
      }
    case .number:
      var text = token.text
      if text.hasPrefix("0x") || text.hasPrefix("0X") {
        guard let integer = UInt64(text.dropFirst(2), radix: 16) else {
          throw failure("expected a number, got \(text)")
        }
        value = Double(integer)
      } else {
        if text.hasSuffix("f") || text.hasSuffix("F") { text.removeLast() }
        guard let parsed = Double(text) else { throw failure("expected a number, got \(text)") }
        value = parsed
      }
    default:
      throw failure("expected a number, got \(describe(token))")
    }
    if negative { value = -value }
    if type == .float { return .fixed32(Float(value).bitPattern) }
    return .fixed64(value.bitPattern)
  }

  mutating func enumValue(_ field: FieldDescriptor) throws(CodecError) -> ScalarValue {
    guard let enumType = pool.enumType(named: field.typeName) else {
      throw error(.unknownType(field.typeName))
    }
    if scanner.current.kind == .identifier {
      let name = try scanner.next().text
      guard let number = enumType.number(named: name) else {
        throw error(.unknownEnumValue(value: name, enumType: enumType.fullName))
      }
      return .varint(UInt64(bitPattern: Int64(number)))
    }
    let (negative, token) = try signedNumber()
    let value = try integer(token, negative: negative, type: .int32)
    if enumType.isClosed, case .varint(let raw) = value,
      enumType.name(for: Int32(truncatingIfNeeded: raw)) == nil
    {
      throw error(
        .unknownEnumValue(value: (negative ? "-" : "") + token.text, enumType: enumType.fullName)
      )
    }
    return value
  }

  func describe(_ token: TextScanner.Token) -> String {
    token.kind == .end ? "end of input" : "\"\(token.text)\""
  }
}
