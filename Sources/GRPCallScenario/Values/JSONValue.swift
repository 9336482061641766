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

  /// Compact JSON text.
  public var description: String {
    switch self {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .number(let text): return text
    case .string(let text): return Self.quoted(text)
    case .array(let items): return "[" + items.map(\.description).joined(separator: ",") + "]"
    case .object(let members):
      return "{" + members.map { Self.quoted($0.0) + ":" + $0.1.description }.joined(separator: ",")
        + "}"
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

  static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }
}

extension JSONValue {
  /// Parses JSON text (the codec's output, or a literal in an assertion).
  public init(parsing text: String) throws(JSONValueError) {
    var parser = JSONTextParser(Array(text.utf8))
    self = try parser.value()
    parser.skipWhitespace()
    guard parser.isAtEnd else { throw JSONValueError(offset: parser.offset, "unexpected text") }
  }
}

/// Why JSON text could not be read.
public struct JSONValueError: Error, Sendable, CustomStringConvertible {
  /// Byte offset of the problem.
  public var offset: Int
  /// What is wrong.
  public var reason: String

  init(offset: Int, _ reason: String) {
    self.offset = offset
    self.reason = reason
  }

  public var description: String { "\(reason) at offset \(offset)" }
}

/// A small recursive-descent JSON reader.
struct JSONTextParser {
  let bytes: [UInt8]
  var offset = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  var isAtEnd: Bool { offset >= bytes.count }

  mutating func skipWhitespace() {
    while offset < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[offset]) { offset += 1 }
  }

  mutating func value(depth: Int = 0) throws(JSONValueError) -> JSONValue {
    guard depth < 200 else { throw JSONValueError(offset: offset, "nesting too deep") }
    skipWhitespace()
    guard offset < bytes.count else { throw JSONValueError(offset: offset, "unexpected end") }
    switch bytes[offset] {
    case UInt8(ascii: "{"): return try object(depth: depth)
    case UInt8(ascii: "["): return try array(depth: depth)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    default: return try number()
    }
  }

  mutating func literal(_ word: String, _ value: JSONValue) throws(JSONValueError) -> JSONValue {
    let expected = Array(word.utf8)
    guard offset + expected.count <= bytes.count,
      Array(bytes[offset ..< offset + expected.count]) == expected
    else { throw JSONValueError(offset: offset, "unexpected character") }
    offset += expected.count
    return value
  }

  mutating func number() throws(JSONValueError) -> JSONValue {
    let start = offset
    while offset < bytes.count, "+-0123456789.eE".utf8.contains(bytes[offset]) { offset += 1 }
    let text = String(decoding: bytes[start ..< offset], as: UTF8.self)
    guard !text.isEmpty, Double(text) != nil else {
      throw JSONValueError(offset: start, "unexpected character")
    }
    return .number(text)
  }

  mutating func string() throws(JSONValueError) -> String {
    offset += 1
    var scalars = String.UnicodeScalarView()
    var raw: [UInt8] = []
    func flush() {
      scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
      raw.removeAll()
    }
    while offset < bytes.count {
      let byte = bytes[offset]
      offset += 1
      if byte == UInt8(ascii: "\"") {
        flush()
        return String(scalars)
      }
      guard byte == UInt8(ascii: "\\") else {
        raw.append(byte)
        continue
      }
      flush()
      guard offset < bytes.count else { break }
      let escape = bytes[offset]
      offset += 1
      switch escape {
      case UInt8(ascii: "n"): scalars.append("\n")
      case UInt8(ascii: "t"): scalars.append("\t")
      case UInt8(ascii: "r"): scalars.append("\r")
      case UInt8(ascii: "b"): scalars.append("\u{08}")
      case UInt8(ascii: "f"): scalars.append("\u{0C}")
      case UInt8(ascii: "u"):
        var code = try hex4()
        if (0xD800 ..< 0xDC00).contains(code), offset + 1 < bytes.count,
          bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u")
        {
          offset += 2
          let low = try hex4()
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
      default: scalars.append(Unicode.Scalar(escape))
      }
    }
    throw JSONValueError(offset: offset, "unterminated string")
  }

  mutating func hex4() throws(JSONValueError) -> UInt32 {
    guard offset + 4 <= bytes.count,
      let code = UInt32(String(decoding: bytes[offset ..< offset + 4], as: UTF8.self), radix: 16)
    else { throw JSONValueError(offset: offset, "bad \\u escape") }
    offset += 4
    return code
  }

  mutating func array(depth: Int) throws(JSONValueError) -> JSONValue {
    offset += 1
    var items: [JSONValue] = []
    skipWhitespace()
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
      offset += 1
      return .array(items)
    }
    while true {
      items.append(try value(depth: depth + 1))
      skipWhitespace()
      guard offset < bytes.count else { throw JSONValueError(offset: offset, "unexpected end") }
      let byte = bytes[offset]
      offset += 1
      if byte == UInt8(ascii: "]") { return .array(items) }
      guard byte == UInt8(ascii: ",") else {
        throw JSONValueError(offset: offset - 1, "expected ,")
      }
    }
  }

  mutating func object(depth: Int) throws(JSONValueError) -> JSONValue {
    offset += 1
    var members: [(String, JSONValue)] = []
    skipWhitespace()
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
      offset += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
        throw JSONValueError(offset: offset, "expected a key")
      }
      let key = try string()
      skipWhitespace()
      guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else {
        throw JSONValueError(offset: offset, "expected :")
      }
      offset += 1
      members.append((key, try value(depth: depth + 1)))
      skipWhitespace()
      guard offset < bytes.count else { throw JSONValueError(offset: offset, "unexpected end") }
      let byte = bytes[offset]
      offset += 1
      if byte == UInt8(ascii: "}") { return .object(members) }
      guard byte == UInt8(ascii: ",") else {
        throw JSONValueError(offset: offset - 1, "expected ,")
      }
    }
  }
}
