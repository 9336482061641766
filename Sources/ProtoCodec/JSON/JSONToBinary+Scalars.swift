import ProtoSchema
import SwiftProtobuf

/// One encoded scalar, ready to be written after its tag (or into a packed run).
enum ScalarValue {
  case varint(UInt64)
  case fixed32(UInt32)
  case fixed64(UInt64)
  case lengthDelimited([UInt8])

  var wireType: WireType {
    switch self {
    case .varint: .varint
    case .fixed32: .fixed32
    case .fixed64: .fixed64
    case .lengthDelimited: .lengthDelimited
    }
  }
}

extension MessageEncoder {
  static func writeScalarValue(_ value: ScalarValue, into writer: inout BinaryWriter) {
    switch value {
    case .varint(let v): writer.writeVarint(v)
    case .fixed32(let v): writer.writeFixed32(v)
    case .fixed64(let v): writer.writeFixed64(v)
    case .lengthDelimited(let bytes): writer.writeLengthDelimited(bytes)
    }
  }

  /// Reads one scalar JSON value for `field`; `nil` for an unknown enum name that is ignored.
  mutating func scalar(_ field: FieldDescriptor) throws(CodecError) -> ScalarValue? {
    switch field.type {
    case .string:
      return .lengthDelimited(Array(try scanner.readString(path: path).utf8))
    case .bytes:
      let text = try scanner.readString(path: path)
      guard let bytes = Base64.decode(text) else {
        throw error(.invalidValue("invalid base64 data \"\(text)\""))
      }
      return .lengthDelimited(bytes)
    case .bool:
      switch scanner.readLiteral() {
      case "true": return .varint(1)
      case "false": return .varint(0)
      default: throw error(.expected("true or false", got: scanner.nextValueDescription()))
      }
    case .float, .double:
      return try floatingPoint(field.type)
    case .enum:
      return try enumValue(field)
    default:
      return try integerValue(field.type)
    }
  }

  mutating func integerValue(
    _ type: Google_Protobuf_FieldDescriptorProto.TypeEnum
  ) throws(CodecError) -> ScalarValue {
    if scanner.peek() == UInt8(ascii: "\"") {
      let text = try scanner.readString(path: path)
      return try integer(text: text, type: type, quoted: true)
    }
    guard let next = scanner.peek(), next == UInt8(ascii: "-") || (next >= 0x30 && next <= 0x39)
    else {
      throw error(.expected("an integer", got: scanner.nextValueDescription()))
    }
    let text = try scanner.readNumberText(path: path)
    return try integer(text: text, type: type, quoted: false)
  }

  /// Converts integer text (a JSON number, or the content of a JSON string) to a wire value.
  func integer(
    text: String,
    type: Google_Protobuf_FieldDescriptorProto.TypeEnum,
    quoted: Bool
  ) throws(CodecError) -> ScalarValue {
    let shown = quoted ? "\"\(text)\"" : text
    var validator = JSONScanner(Array(text.utf8))
    guard (try? validator.readNumberText(path: [])) != nil, validator.offset == text.utf8.count
    else {
      throw error(.expected("an integer", got: shown))
    }
    guard let (negative, magnitude) = ExactInteger.parse(text) else {
      if ExactInteger.isFraction(text) { throw error(.expected("an integer", got: shown)) }
      throw error(.outOfRange(value: text, type: Self.typeName(type)))
    }
    guard let value = Self.integerValue(negative: negative, magnitude: magnitude, type: type) else {
      throw error(.outOfRange(value: text, type: Self.typeName(type)))
    }
    return value
  }

  /// An integer as a wire value of `type`; nil when it does not fit.
  static func integerValue(
    negative: Bool,
    magnitude: UInt64,
    type: Google_Protobuf_FieldDescriptorProto.TypeEnum
  ) -> ScalarValue? {
    switch type {
    case .int32, .sint32, .sfixed32, .enum:
      let limit: UInt64 = negative ? 0x8000_0000 : 0x7FFF_FFFF
      guard magnitude <= limit else { return nil }
      let value = negative ? Int32(truncatingIfNeeded: 0 &- Int64(magnitude)) : Int32(magnitude)
      switch type {
      case .sint32: return .varint(BinaryWriter.zigZag(value))
      case .sfixed32: return .fixed32(UInt32(bitPattern: value))
      default: return .varint(UInt64(bitPattern: Int64(value)))
      }
    case .uint32, .fixed32:
      guard !negative || magnitude == 0, magnitude <= UInt64(UInt32.max) else { return nil }
      return type == .fixed32 ? .fixed32(UInt32(magnitude)) : .varint(magnitude)
    case .int64, .sint64, .sfixed64:
      let limit: UInt64 = negative ? 0x8000_0000_0000_0000 : 0x7FFF_FFFF_FFFF_FFFF
      guard magnitude <= limit else { return nil }
      let value = negative ? Int64(bitPattern: 0 &- magnitude) : Int64(magnitude)
      switch type {
      case .sint64: return .varint(BinaryWriter.zigZag(value))
      case .sfixed64: return .fixed64(UInt64(bitPattern: value))
      default: return .varint(UInt64(bitPattern: value))
      }
    default:
      guard !negative || magnitude == 0 else { return nil }
      return type == .fixed64 ? .fixed64(magnitude) : .varint(magnitude)
    }
  }

  static func typeName(_ type: Google_Protobuf_FieldDescriptorProto.TypeEnum) -> String {
    switch type {
    case .int32: "int32"
    case .sint32: "sint32"
    case .sfixed32: "sfixed32"
    case .uint32: "uint32"
    case .fixed32: "fixed32"
    case .int64: "int64"
    case .sint64: "sint64"
    case .sfixed64: "sfixed64"
    case .uint64: "uint64"
    case .fixed64: "fixed64"
    case .enum: "enum"
    case .float: "float"
    default: "double"
    }
  }

  mutating func floatingPoint(
    _ type: Google_Protobuf_FieldDescriptorProto.TypeEnum
  ) throws(CodecError) -> ScalarValue {
    let isFloat = type == .float
    let (path, pathText) = (self.path, self.pathText)
    let value = try FloatingPointValue.read(&scanner, isFloat: isFloat, path: path) {
      CodecError(path: pathText, $0)
    }
    if isFloat { return .fixed32(Float(value).bitPattern) }
    return .fixed64(value.bitPattern)
  }

  mutating func enumValue(_ field: FieldDescriptor) throws(CodecError) -> ScalarValue? {
    guard let enumType = pool.enumType(named: field.typeName) else {
      throw error(.unknownType(field.typeName))
    }
    if scanner.peek() == UInt8(ascii: "\"") {
      let name = try scanner.readString(path: path)
      guard let number = enumType.number(named: name) else {
        if options.ignoreUnknownFields { return nil }
        throw error(.unknownEnumValue(value: name, enumType: enumType.fullName))
      }
      return .varint(UInt64(bitPattern: Int64(number)))
    }
    guard let next = scanner.peek(), next == UInt8(ascii: "-") || (next >= 0x30 && next <= 0x39)
    else {
      throw error(.expected("an enum name or number", got: scanner.nextValueDescription()))
    }
    let text = try scanner.readNumberText(path: path)
    return try integer(text: text, type: .enum, quoted: false)
  }
}

/// Exact integer parsing of JSON number text, accepting `1e2` and `100.0` but not `0.5`.
enum ExactInteger {
  /// The sign and magnitude, or `nil` if the text is not an integer that fits in 64 bits.
  static func parse(_ text: String) -> (negative: Bool, magnitude: UInt64)? {
    var utf8 = Substring(text)
    let negative = utf8.hasPrefix("-")
    if negative { utf8 = utf8.dropFirst() }
    var exponent = 0
    if let e = utf8.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      guard let exp = Int(utf8[utf8.index(after: e)...].replacingOccurrences(of: "+", with: ""))
      else { return nil }
      exponent = exp
      utf8 = utf8[..<e]
    }
    var digits = String(utf8)
    if let dot = digits.firstIndex(of: ".") {
      let fraction = digits[digits.index(after: dot)...]
      exponent -= fraction.count
      digits = String(digits[..<dot]) + fraction
    }
    while exponent < 0 {
      guard digits.last == "0" else { return nil }
      digits.removeLast()
      exponent += 1
    }
    guard exponent <= 20 else { return digits.allSatisfy { $0 == "0" } ? (negative, 0) : nil }
    digits += String(repeating: "0", count: exponent)
    let trimmed = digits.drop { $0 == "0" }
    guard let magnitude = UInt64(trimmed.isEmpty ? "0" : String(trimmed)) else { return nil }
    return (negative, magnitude)
  }

  /// Whether the text has a non-zero fractional part (so it is not an integer at all).
  static func isFraction(_ text: String) -> Bool {
    guard let value = Double(text) else { return false }
    return value.rounded(.towardZero) != value
  }
}

extension StringProtocol {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    String(self).split(separator: Character(target), omittingEmptySubsequences: false).joined(
      separator: replacement
    )
  }
}
