/// A value written in a scenario file (a request, an expected response), with `${NAME}`
/// references still in its strings; resolved into a `JSONValue` when its step runs.
public indirect enum TemplateValue: Sendable {
  case null
  case bool(Bool)
  case number(String)
  case string(Template)
  case array([TemplateValue])
  case object([(String, TemplateValue)])

  /// The value with every reference expanded.
  public func resolved(_ variables: Variables) throws(ScenarioError) -> JSONValue {
    switch self {
    case .null: .null
    case .bool(let value): .bool(value)
    case .number(let text): .number(text)
    case .string(let template): .string(try template.expanded(variables))
    case .array(let items):
      .array(try items.map { item throws(ScenarioError) in try item.resolved(variables) })
    case .object(let members):
      .object(
        try members.map { member throws(ScenarioError) in
          (member.0, try member.1.resolved(variables))
        }
      )
    }
  }

  /// Every template in the value (to check references before anything runs).
  var templates: [Template] {
    switch self {
    case .string(let template): [template]
    case .array(let items): items.flatMap(\.templates)
    case .object(let members): members.flatMap(\.1.templates)
    default: []
    }
  }
}

/// A string that may hold `${NAME}` or `${NAME:-default}` references, with where it was written.
public struct Template: Sendable {
  /// The text as written.
  public var text: String
  /// Where it was written.
  public var location: SourceLocation

  /// Creates a template.
  public init(_ text: String, at location: SourceLocation) {
    self.text = text
    self.location = location
  }

  /// The names referred to, with whether each has a default.
  var references: [(name: String, hasDefault: Bool)] {
    Self.parts(of: text).compactMap { part in
      if case .reference(let name, let fallback) = part { return (name, fallback != nil) }
      return nil
    }
  }

  /// The text with every reference expanded; an unset name without a default is an error.
  public func expanded(_ variables: Variables) throws(ScenarioError) -> String {
    var result = ""
    for part in Self.parts(of: text) {
      switch part {
      case .literal(let literal): result += literal
      case .reference(let name, let fallback):
        if let value = variables[name] {
          result += value
        } else if let fallback {
          result += fallback
        } else {
          throw .unsetVariable(name, at: location)
        }
      }
    }
    return result
  }

  /// What is wrong with the template's `${...}` syntax, if anything: an unterminated `${`, an
  /// empty name, a reference inside a default (not supported).
  var syntaxProblem: String? {
    var rest = Substring(text)
    while let start = rest.range(of: "${") {
      if rest[..<start.lowerBound].hasSuffix("$") {
        rest = rest[start.upperBound...]
        continue
      }
      guard let close = rest[start.upperBound...].firstIndex(of: "}") else {
        return "'${' without a closing '}' in '\(text)' (write $${ for a literal ${)"
      }
      let inside = rest[start.upperBound ..< close]
      let name = inside.range(of: ":-").map { inside[..<$0.lowerBound] } ?? inside
      if name.isEmpty { return "'${}' names no variable in '\(text)'" }
      if inside.contains("${") {
        return "a reference inside a default is not supported in '\(text)'"
      }
      rest = rest[rest.index(after: close)...]
    }
    return nil
  }

  /// The template as a regular expression, checked with each reference standing for a plain
  /// word: what the pattern will be once expanded, as far as can be known before running.
  var regexProblem: String? {
    let sample = Self.parts(of: text).map { part -> String in
      switch part {
      case .literal(let literal): return literal
      case .reference: return "x"
      }
    }.joined()
    do {
      _ = try LinearRegex(sample)
      return nil
    } catch {
      return "'\(text)' is not a regular expression: \(error.description)"
    }
  }

  enum Part {
    case literal(String)
    case reference(String, fallback: String?)
  }

  /// Splits text into literals and `${...}` references (`$${` writes a literal `${`).
  static func parts(of text: String) -> [Part] {
    var parts: [Part] = []
    var literal = ""
    var rest = Substring(text)
    while let start = rest.range(of: "${") {
      if rest[..<start.lowerBound].hasSuffix("$") {
        literal += rest[..<rest.index(before: start.lowerBound)] + "${"
        rest = rest[start.upperBound...]
        continue
      }
      guard let close = rest[start.upperBound...].firstIndex(of: "}") else { break }
      literal += rest[..<start.lowerBound]
      let inside = rest[start.upperBound ..< close]
      if !literal.isEmpty { parts.append(.literal(literal)) }
      literal = ""
      if let separator = inside.range(of: ":-") {
        parts.append(
          .reference(
            String(inside[..<separator.lowerBound]),
            fallback: String(inside[separator.upperBound...])
          )
        )
      } else {
        parts.append(.reference(String(inside), fallback: nil))
      }
      rest = rest[rest.index(after: close)...]
    }
    literal += rest
    if !literal.isEmpty { parts.append(.literal(literal)) }
    return parts
  }
}
