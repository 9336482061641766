/// Why a message could not be converted, with the JSON path of the offending value
/// (`users[2].age`), empty for the top level.
public struct CodecError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What went wrong.
  public enum Reason: Sendable, Hashable {
    /// The input is not well-formed JSON (or text format).
    case syntax(String)
    /// A JSON key names no field of the message.
    case unknownField(name: String, message: String)
    /// A value has the wrong JSON type, e.g. a string where a number belongs.
    case expected(String, got: String)
    /// A number does not fit the field's type.
    case outOfRange(value: String, type: String)
    /// An enum name that the enum does not declare.
    case unknownEnumValue(value: String, enumType: String)
    /// The same field was given twice (also through its other name).
    case duplicateField(String)
    /// Two members of one oneof were both set.
    case oneofConflict(oneof: String, first: String, second: String)
    /// A value that is well-typed but not acceptable (bad base64, timestamp out of range, ...).
    case invalidValue(String)
    /// Binary input is malformed.
    case binary(BinaryDecodingError)
    /// A type needed for the conversion is not in the schema.
    case unknownType(String)
    /// Nesting deeper than the recursion limit.
    case tooDeep
  }

  /// The JSON path of the value at fault; empty for the whole message.
  public var path: String
  /// What went wrong.
  public var reason: Reason

  /// Renders path components as a JSON path: `["users", "[2]", "age"]` → `users[2].age`.
  public static func render(path components: [String]) -> String {
    var text = ""
    for component in components {
      text += component.hasPrefix("[") || text.isEmpty ? component : "." + component
    }
    return text
  }

  /// Creates an error at a path.
  public init(path: String, _ reason: Reason) {
    self.path = path
    self.reason = reason
  }

  /// `path: problem`, or just the problem at the top level.
  public var description: String {
    path.isEmpty ? problem : "\(path): \(problem)"
  }

  /// The problem without its path.
  public var problem: String {
    switch reason {
    case .syntax(let text): text
    case .unknownField(let name, let message):
      "message type \(message) has no known field named \(name)"
    case .expected(let expected, let got): "expected \(expected), got \(got)"
    case .outOfRange(let value, let type): "value \(value) is out of range for type \(type)"
    case .unknownEnumValue(let value, let enumType):
      "enum \"\(enumType)\" does not have value named \"\(value)\""
    case .duplicateField(let name): "field \(name) is set more than once"
    case .oneofConflict(let oneof, let first, let second):
      "oneof \(oneof) has more than one field set (\(first) and \(second))"
    case .invalidValue(let text): text
    case .binary(let error): error.description
    case .unknownType(let name): "type \(name) is not known; add its .proto or protoset"
    case .tooDeep: "message nesting is too deep (limit 100)"
    }
  }
}
