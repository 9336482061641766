#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `PATH OP VALUE`: `$.id matches "^u[0-9]+$"`, `$.age == 0`, `$.users.length() >= 2`,
/// `$.email exists`, `$.nickname not exists`. Values are JSON literals (`"text"`, `5`, `true`,
/// `null`, `[...]`) or bare words (strings); `${NAME}` expands in them.
public struct Assertion: Sendable {
  /// The operators.
  public enum Operator: String, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case lessOrEqual = "<="
    case greaterOrEqual = ">="
    case less = "<"
    case greater = ">"
    case matches
    case contains
    case exists
    case notExists = "not exists"
  }

  /// The path.
  public var path: JSONPath
  /// The operator.
  public var op: Operator
  /// The value compared with (nil for `exists`).
  public var value: Template?
  /// The assertion as written.
  public var text: String
  /// Where it was written.
  public var location: SourceLocation

  /// Parses an assertion; the error names what is wrong.
  public init(parsing text: String, at location: SourceLocation) throws(ScenarioError) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let space = trimmed.firstIndex(of: " ") else {
      throw .invalidValue("assertion '\(text)' needs PATH OP [VALUE]", at: location)
    }
    let pathText = String(trimmed[..<space])
    guard let path = JSONPath(pathText) else {
      throw .invalidValue(
        "'\(pathText)' is not a path (write $.field, $.list[0], $[*].x ...)",
        at: location
      )
    }
    let rest = trimmed[space...].drop { $0 == " " }
    var found: (Operator, Substring)?
    for candidate in Operator.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count })
    where rest.hasPrefix(candidate.rawValue) {
      let after = rest.dropFirst(candidate.rawValue.count)
      if candidate.rawValue.first!.isLetter, let next = after.first, next != " " { continue }
      found = (candidate, after.drop { $0 == " " })
      break
    }
    guard let (op, valueText) = found else {
      let names = Operator.allCases.map(\.rawValue).joined(separator: ", ")
      throw .invalidValue("assertion '\(text)': unknown operator (use \(names))", at: location)
    }
    self.path = path
    self.op = op
    self.text = text
    self.location = location
    if op == .exists || op == .notExists {
      guard valueText.isEmpty else {
        throw .invalidValue("assertion '\(text)': '\(op.rawValue)' takes no value", at: location)
      }
      self.value = nil
    } else {
      guard !valueText.isEmpty else {
        throw .invalidValue("assertion '\(text)': '\(op.rawValue)' needs a value", at: location)
      }
      let value = Template(String(valueText), at: location)
      if op == .matches, let problem = value.syntaxProblem ?? Self.literalRegexProblem(value) {
        throw .invalidValue("assertion '\(text)': \(problem)", at: location)
      }
      self.value = value
    }
  }

  /// `nil` when the assertion holds for `root`, else what was found instead.
  public func failure(on root: JSONValue, variables: Variables) throws(ScenarioError) -> String? {
    let found = path.evaluate(root)
    switch op {
    case .exists: return found == nil ? "\(path) does not exist" : nil
    case .notExists: return found.map { "\(path) exists: \($0)" }
    default: break
    }
    let expected = Self.literal(try value!.expanded(variables))
    guard let found else { return "\(path) does not exist (expected \(op.rawValue) \(expected))" }
    let holds: Bool
    switch op {
    case .equal: holds = Self.same(found, expected)
    case .notEqual: holds = !Self.same(found, expected)
    case .less, .lessOrEqual, .greater, .greaterOrEqual:
      let comparison = Comparison(rawValue: op.rawValue)!
      if let lhs = found.numericValue, let rhs = expected.numericValue {
        holds = comparison.holds(lhs, rhs)
      } else if case .string(let lhs) = found, case .string(let rhs) = expected {
        holds = comparison.holds(lhs < rhs ? -1 : lhs == rhs ? 0 : 1, 0)
      } else {
        return "\(path) is \(found), which cannot be compared with \(expected)"
      }
    case .matches:
      guard case .string(let text) = found else { return "\(path) is \(found), not a string" }
      let pattern = expected.plainText
      let regex: LinearRegex
      do {
        regex = try LinearRegex(pattern)
      } catch {
        throw .invalidValue(
          "'\(pattern)' is not a regular expression: \(error.description)",
          at: location
        )
      }
      holds = regex.matches(in: text)
    case .contains:
      switch found {
      case .string(let text): holds = text.contains(expected.plainText)
      case .array(let items): holds = items.contains { Self.same($0, expected) }
      case .object(let members): holds = members.contains { $0.0 == expected.plainText }
      default: holds = found.plainText.contains(expected.plainText)
      }
    case .exists, .notExists: holds = true
    }
    return holds ? nil : "\(path) is \(found)"
  }

  /// The regex problem of a `matches` value, read as the assertion will read it (a quoted JSON
  /// string is the pattern inside the quotes).
  static func literalRegexProblem(_ value: Template) -> String? {
    guard case .string(let unquoted) = literal(value.text), unquoted != value.text else {
      return value.regexProblem
    }
    return Template(unquoted, at: value.location).regexProblem
  }

  /// A value written in an assertion: a JSON literal, else the text as a string.
  static func literal(_ text: String) -> JSONValue {
    (try? JSONValue(parsing: text)) ?? .string(text)
  }

  /// Equality as proto3 JSON means it: `"5"` equals `5`, numbers by value.
  static func same(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
    if lhs == rhs { return true }
    switch (lhs, rhs) {
    case (.string, .number), (.number, .string):
      if let a = lhs.numericValue, let b = rhs.numericValue { return a == b }
      return false
    case (.array(let a), .array(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
    case (.object(let a), .object(let b)):
      return a.count == b.count
        && a.allSatisfy { key, value in b.first { $0.0 == key }.map { same(value, $0.1) } ?? false }
    default:
      return false
    }
  }
}
