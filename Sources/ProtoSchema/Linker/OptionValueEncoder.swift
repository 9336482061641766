import SwiftProtobuf

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Encodes option values (scalars, enums, and message literals in text format) as protobuf wire
/// data, driven by the linked descriptors: what protoc's option interpreter does for custom options.
///
/// This is the compiler's own small encoder (varints, fixed-width and length-delimited values);
/// the full codec lives a layer up in ProtoCodec.
struct OptionValueEncoder {
  let index: DescriptorIndex

  /// Why a value could not be encoded, in protoc's words.
  struct Failure: Error {
    var message: String
  }

  // MARK: - Wire primitives

  static func varint(_ value: UInt64) -> [UInt8] {
    var bytes: [UInt8] = []
    var v = value
    while v >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
    return bytes
  }

  static func tag(_ number: Int32, _ wireType: UInt8) -> [UInt8] {
    varint(UInt64(UInt32(bitPattern: number) << 3 | UInt32(wireType)))
  }

  static func lengthDelimited(_ number: Int32, _ payload: [UInt8]) -> [UInt8] {
    tag(number, 2) + varint(UInt64(payload.count)) + payload
  }

  static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
  }

  // MARK: - Values

  /// The complete field (tag and value) for an option value given in a `.proto` file.
  func encode(
    _ option: Google_Protobuf_UninterpretedOption,
    as field: Google_Protobuf_FieldDescriptorProto,
    fullName: String,
    packed: Bool = false
  ) throws(Failure) -> [UInt8] {
    if field.type == .message || field.type == .group {
      guard option.hasAggregateValue else {
        throw Failure(
          message:
            "Option \"\(fullName)\" is a message. To set the entire message, use syntax like \"\(field.name) = { <proto text format> }\". To set fields within it, use syntax like \"\(field.name).foo = value\"."
        )
      }
      var tokens = AggregateTokens(text: option.aggregateValue)
      let payload = try message(typeName: field.typeName, tokens: &tokens, closing: nil)
      return wrap(payload, in: field)
    }
    let literal: Literal
    if option.hasIdentifierValue {
      literal = .identifier(option.identifierValue)
    } else if option.hasPositiveIntValue {
      literal = .integer(negative: false, magnitude: option.positiveIntValue)
    } else if option.hasNegativeIntValue {
      literal = .integer(
        negative: true,
        magnitude: UInt64(bitPattern: 0 &- option.negativeIntValue)
      )
    } else if option.hasDoubleValue {
      literal = .float(option.doubleValue)
    } else if option.hasStringValue {
      literal = .string([UInt8](option.stringValue))
    } else {
      throw Failure(message: "Option \"\(field.name)\" has no value.")
    }
    let encoded = try scalar(literal, field: field, displayName: fullName)
    guard packed else { return encoded }
    // A packed field carries its value(s) without a tag, in one length-delimited record.
    let tagLength = Self.tag(field.number, 0).count
    return Self.lengthDelimited(field.number, Array(encoded.dropFirst(tagLength)))
  }

  /// A message payload wrapped as `field` (length-delimited, or start/end group).
  func wrap(_ payload: [UInt8], in field: Google_Protobuf_FieldDescriptorProto) -> [UInt8] {
    if field.type == .group {
      return Self.tag(field.number, 3) + payload + Self.tag(field.number, 4)
    }
    return Self.lengthDelimited(field.number, payload)
  }

  /// A literal value as written in a `.proto` file or text format.
  enum Literal {
    case identifier(String)
    case integer(negative: Bool, magnitude: UInt64)
    case float(Double)
    case string([UInt8])
  }

  /// The complete field for one scalar or enum literal.
  func scalar(
    _ literal: Literal,
    field: Google_Protobuf_FieldDescriptorProto,
    displayName: String? = nil
  ) throws(Failure) -> [UInt8] {
    let number = field.number
    let name = displayName ?? field.name
    switch field.type {
    case .string, .bytes:
      guard case .string(let bytes) = literal else {
        throw Failure(message: "Value must be quoted string for string option \"\(name)\".")
      }
      return Self.lengthDelimited(number, bytes)
    case .bool:
      guard case .identifier(let word) = literal, word == "true" || word == "false" else {
        throw Failure(
          message: "Value must be \"true\" or \"false\" for boolean option \"\(name)\"."
        )
      }
      return Self.tag(number, 0) + [word == "true" ? 1 : 0]
    case .enum:
      guard case .identifier(let word) = literal else {
        throw Failure(message: "Value must be identifier for enum-valued option \"\(name)\".")
      }
      let enumName = String(field.typeName.drop { $0 == "." })
      guard let value = index.enums[enumName]?.value.first(where: { $0.name == word }) else {
        throw Failure(
          message:
            "Enum type \"\(enumName)\" has no value named \"\(word)\" for option \"\(name)\"."
        )
      }
      return Self.tag(number, 0) + Self.varint(UInt64(bitPattern: Int64(value.number)))
    case .float, .double:
      let value: Double
      switch literal {
      case .float(let v): value = v
      case .integer(let negative, let magnitude):
        value = negative ? -Double(magnitude) : Double(magnitude)
      case .identifier(let word)
      where ["inf", "infinity", "nan", "-inf", "-infinity"].contains(word.lowercased()):
        value =
          word.lowercased().contains("nan") ? .nan : (word.hasPrefix("-") ? -.infinity : .infinity)
      default:
        throw Failure(
          message:
            "Value must be number for \(field.type == .float ? "float" : "double") option \"\(name)\"."
        )
      }
      return field.type == .float
        ? Self.tag(number, 5) + Self.littleEndian(Float(value).bitPattern)
        : Self.tag(number, 1) + Self.littleEndian(value.bitPattern)
    default:
      return try integer(literal, field: field, displayName: name)
    }
  }

  /// protoc's range for an integer option type, by its C++ type.
  private static func range(
    _ type: Google_Protobuf_FieldDescriptorProto.TypeEnum
  ) -> (name: String, minimum: String, maximum: String) {
    switch type {
    case .int32, .sint32, .sfixed32: ("int32", String(Int32.min), String(Int32.max))
    case .int64, .sint64, .sfixed64: ("int64", String(Int64.min), String(Int64.max))
    case .uint32, .fixed32: ("uint32", "0", String(UInt32.max))
    default: ("uint64", "0", String(UInt64.max))
    }
  }

  private func integer(
    _ literal: Literal,
    field: Google_Protobuf_FieldDescriptorProto,
    displayName: String
  ) throws(Failure) -> [UInt8] {
    let (typeName, minimum, maximum) = Self.range(field.type)
    guard case .integer(let negative, let magnitude) = literal else {
      throw Failure(
        message:
          "Value must be integer, from \(minimum) to \(maximum), for \(typeName) option \"\(displayName)\"."
      )
    }
    let outOfRange = Failure(
      message:
        "Value out of range, \(minimum) to \(maximum), for \(typeName) option \"\(displayName)\"."
    )
    let number = field.number
    switch field.type {
    case .int32, .sint32, .sfixed32:
      guard magnitude <= (negative ? 0x8000_0000 : 0x7FFF_FFFF) else { throw outOfRange }
      let value = negative ? Int32(truncatingIfNeeded: 0 &- Int64(magnitude)) : Int32(magnitude)
      if field.type == .sint32 {
        return Self.tag(number, 0)
          + Self.varint(UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31))))
      }
      if field.type == .sfixed32 { return Self.tag(number, 5) + Self.littleEndian(value) }
      return Self.tag(number, 0) + Self.varint(UInt64(bitPattern: Int64(value)))
    case .int64, .sint64, .sfixed64:
      guard magnitude <= (negative ? 0x8000_0000_0000_0000 : 0x7FFF_FFFF_FFFF_FFFF) else {
        throw outOfRange
      }
      let value = negative ? Int64(bitPattern: 0 &- magnitude) : Int64(magnitude)
      if field.type == .sint64 {
        return Self.tag(number, 0) + Self.varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
      }
      if field.type == .sfixed64 { return Self.tag(number, 1) + Self.littleEndian(value) }
      return Self.tag(number, 0) + Self.varint(UInt64(bitPattern: value))
    case .uint32, .fixed32:
      guard !negative || magnitude == 0, magnitude <= UInt64(UInt32.max) else { throw outOfRange }
      return field.type == .fixed32
        ? Self.tag(number, 5) + Self.littleEndian(UInt32(magnitude))
        : Self.tag(number, 0) + Self.varint(magnitude)
    default:
      guard !negative || magnitude == 0 else { throw outOfRange }
      return field.type == .fixed64
        ? Self.tag(number, 1) + Self.littleEndian(magnitude)
        : Self.tag(number, 0) + Self.varint(magnitude)
    }
  }

  // MARK: - Message literals (text format)

  /// Encodes `{ field: value ... }` text as a message of `typeName`, fields in number order.
  func message(
    typeName: String,
    tokens: inout AggregateTokens,
    closing: String?
  ) throws(Failure) -> [UInt8] {
    let name = String(typeName.drop { $0 == "." })
    guard let type = index.messages[name] else {
      throw Failure(message: "Unknown message type \"\(name)\".")
    }
    var segments: [(number: Int32, bytes: [UInt8])] = []
    while let token = tokens.peek() {
      if let closing, token.isSymbol(closing) {
        tokens.advance()
        return Self.joined(segments)
      }
      let field = try fieldNamed(in: type, fullName: name, tokens: &tokens)
      let hasColon = tokens.consume(":")
      if tokens.peek()?.isSymbol("[") == true, hasColon {
        tokens.advance()
        if !tokens.consume("]") {
          repeat {
            segments.append((field.number, try value(for: field, tokens: &tokens)))
          } while tokens.consume(",")
          guard tokens.consume("]") else {
            throw Failure(message: "Expected \"]\" in aggregate value.")
          }
        }
      } else {
        segments.append((field.number, try value(for: field, tokens: &tokens)))
      }
      _ = tokens.consume(",") || tokens.consume(";")
    }
    guard closing == nil else { throw Failure(message: "Unexpected end of aggregate value.") }
    return Self.joined(segments)
  }

  static func joined(_ segments: [(number: Int32, bytes: [UInt8])]) -> [UInt8] {
    var sorted = segments
    sorted.sort { $0.number < $1.number }
    return sorted.flatMap(\.bytes)
  }

  private func fieldNamed(
    in type: Google_Protobuf_DescriptorProto,
    fullName: String,
    tokens: inout AggregateTokens
  ) throws(Failure) -> Google_Protobuf_FieldDescriptorProto {
    if tokens.consume("[") {
      var name = ""
      while let token = tokens.peek(), !token.isSymbol("]") {
        name += token.text
        tokens.advance()
      }
      tokens.advance()
      guard let field = index.extensions[name],
        field.extendee.drop(while: { $0 == "." }) == fullName
      else {
        throw Failure(
          message: "Extension \"\(name)\" is not defined or is not an extension of \"\(fullName)\"."
        )
      }
      return field
    }
    guard let token = tokens.peek(), token.kind == .identifier else {
      throw Failure(message: "Expected field name in aggregate value.")
    }
    tokens.advance()
    if let field = type.field.first(where: { $0.name == token.text }) { return field }
    if let group = type.field.first(where: {
      $0.type == .group && $0.typeName.hasSuffix("." + token.text)
    }) {
      return group
    }
    throw Failure(message: "Message type \"\(fullName)\" has no field named \"\(token.text)\".")
  }

  private func value(
    for field: Google_Protobuf_FieldDescriptorProto,
    tokens: inout AggregateTokens
  ) throws(Failure) -> [UInt8] {
    if field.type == .message || field.type == .group {
      let closing: String
      if tokens.consume("{") {
        closing = "}"
      } else if tokens.consume("<") {
        closing = ">"
      } else {
        throw Failure(message: "Expected \"{\" for message field \"\(field.name)\".")
      }
      return wrap(
        try message(typeName: field.typeName, tokens: &tokens, closing: closing),
        in: field
      )
    }
    return try scalar(try literal(tokens: &tokens), field: field)
  }

  private func literal(tokens: inout AggregateTokens) throws(Failure) -> Literal {
    let negative = tokens.consume("-")
    guard let token = tokens.peek() else {
      throw Failure(message: "Expected value in aggregate value.")
    }
    tokens.advance()
    switch token.kind {
    case .string:
      var bytes = token.bytes
      while let next = tokens.peek(), next.kind == .string {
        bytes += next.bytes
        tokens.advance()
      }
      return .string(bytes)
    case .integer:
      guard let magnitude = IntegerLiteral.parse(token.text) else {
        throw Failure(message: "Integer out of range.")
      }
      return .integer(negative: negative, magnitude: magnitude)
    case .float:
      var text = token.text
      if text.hasSuffix("f") || text.hasSuffix("F") { text.removeLast() }
      let value = Double(text) ?? 0
      return .float(negative ? -value : value)
    case .identifier:
      return .identifier(negative ? "-" + token.text : token.text)
    default:
      throw Failure(message: "Unexpected \"\(token.text)\" in aggregate value.")
    }
  }
}

/// The tokens of an aggregate (message literal) option value.
struct AggregateTokens {
  private let tokens: [Token]
  private var position = 0

  init(text: String) {
    var lexer = Lexer(file: "<aggregate>", source: Array(text.utf8))
    tokens = lexer.tokenize().filter { $0.kind != .endOfFile }
  }

  func peek() -> Token? { position < tokens.count ? tokens[position] : nil }

  mutating func advance() { position += 1 }

  mutating func consume(_ symbol: String) -> Bool {
    guard peek()?.isSymbol(symbol) == true else { return false }
    advance()
    return true
  }
}
