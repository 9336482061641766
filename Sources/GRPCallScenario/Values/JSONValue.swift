import ProtoCodec

/// A JSON value, as the codec writes responses and as scenario files write requests and
/// expectations. Numbers keep their text, so 64-bit integers never lose digits.
public indirect enum JSONValue: Sendable, Hashable, CustomStringConvertible {
  case null
  case bool(Bool)
  case number(String)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): true
    case (.bool(let a), .bool(let b)): a == b
    case (.number(let a), .number(let b)): a == b || Double(a) == Double(b)
    case (.string(let a), .string(let b)): a == b
    case (.array(let a), .array(let b)): a == b
    case (.object(let a), .object(let b)):
      a.count == b.count && a.allSatisfy { key, value in b.first { $0.0 == key }?.1 == value }
    default: false
    }
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(description)
  }

  /// The member `key` of an object.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  /// Compact JSON text, written by the codec's `JSONWriter`.
  public var description: String {
    var writer = JSONWriter(indent: "")
    write(into: &writer)
    return String(decoding: writer.output, as: UTF8.self)
  }

  func write(into writer: inout JSONWriter) {
    switch self {
    case .null: writer.raw("null")
    case .bool(let value): writer.raw(value ? "true" : "false")
    case .number(let text): writer.raw(text)
    case .string(let text): writer.string(text)
    case .array(let items):
      writer.beginArray()
      for item in items {
        writer.element()
        item.write(into: &writer)
      }
      writer.endArray()
    case .object(let members):
      writer.beginObject()
      for (key, value) in members {
        writer.key(key)
        value.write(into: &writer)
      }
      writer.endObject()
    }
  }

  /// The value as a user reads it in a message: strings without quotes.
  public var plainText: String {
    if case .string(let text) = self { return text }
    return description
  }

  /// The number this value stands for: a JSON number, or a string holding one (proto3 JSON
  /// writes 64-bit integers as strings, so `"5"` and `5` are the same value).
  public var numericValue: Double? {
    switch self {
    case .number(let text): Double(text)
    case .string(let text): Double(text)
    default: nil
    }
  }
}

extension JSONValue {
  /// Parses JSON text (the codec's output, or a literal in an assertion) with the codec's
  /// `JSONScanner`.
  public init(parsing text: String) throws(CodecError) {
    var scanner = JSONScanner(Array(text.utf8))
    self = try Self.read(&scanner, depth: 0)
    guard scanner.isAtEnd() else {
      throw CodecError(
        path: "",
        .syntax("unexpected data after the value \(scanner.describeNext())")
      )
    }
  }

  static func read(_ scanner: inout JSONScanner, depth: Int) throws(CodecError) -> JSONValue {
    guard depth < 100 else { throw CodecError(path: "", .tooDeep) }
    switch scanner.peek() {
    case UInt8(ascii: "{"):
      _ = scanner.consume(UInt8(ascii: "{"))
      var members: [(String, JSONValue)] = []
      if !scanner.consume(UInt8(ascii: "}")) {
        repeat {
          let key = try scanner.readString(path: [])
          try scanner.expect(UInt8(ascii: ":"), path: [])
          members.append((key, try read(&scanner, depth: depth + 1)))
        } while scanner.consume(UInt8(ascii: ","))
        try scanner.expect(UInt8(ascii: "}"), path: [])
      }
      return .object(members)
    case UInt8(ascii: "["):
      _ = scanner.consume(UInt8(ascii: "["))
      var items: [JSONValue] = []
      if !scanner.consume(UInt8(ascii: "]")) {
        repeat {
          items.append(try read(&scanner, depth: depth + 1))
        } while scanner.consume(UInt8(ascii: ","))
        try scanner.expect(UInt8(ascii: "]"), path: [])
      }
      return .array(items)
    case UInt8(ascii: "\""):
      return .string(try scanner.readString(path: []))
    default:
      switch scanner.readLiteral() {
      case "true": return .bool(true)
      case "false": return .bool(false)
      case "null": return .null
      default: return .number(try scanner.readNumberText(path: []))
      }
    }
  }
}
