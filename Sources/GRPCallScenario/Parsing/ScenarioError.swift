/// Why a scenario file is invalid or a step could not be prepared; each names the place.
public enum ScenarioError: Error, Sendable, CustomStringConvertible {
  /// The file could not be read.
  case unreadable(file: String, reason: String)
  /// The YAML is malformed.
  case yaml(SourceLocation, String)
  /// A key the format does not have.
  case unknownKey(String, context: String, at: SourceLocation)
  /// A value of the wrong kind or out of range.
  case invalidValue(String, at: SourceLocation)
  /// A required key is missing.
  case missingKey(String, context: String, at: SourceLocation)
  /// `${NAME}` with NAME set nowhere.
  case unsetVariable(String, at: SourceLocation)

  /// Where the problem is.
  public var location: SourceLocation? {
    switch self {
    case .unreadable: nil
    case .yaml(let at, _), .unknownKey(_, _, let at), .invalidValue(_, let at),
      .missingKey(_, _, let at), .unsetVariable(_, let at):
      at
    }
  }

  public var description: String {
    switch self {
    case .unreadable(let file, let reason): "\(file): \(reason)"
    case .yaml(let at, let reason): "\(at): \(reason)"
    case .unknownKey(let key, let context, let at):
      "\(at): unknown key '\(key)' in \(context)"
        + (KeySuggestion.closest(to: key, in: context).map { " — did you mean '\($0)'?" } ?? "")
    case .invalidValue(let reason, let at): "\(at): \(reason)"
    case .missingKey(let key, let context, let at): "\(at): \(context) needs '\(key)'"
    case .unsetVariable(let name, let at):
      "\(at): variable '\(name)' is not set (give it in vars:, --var \(name)=..., or the environment)"
    }
  }
}

/// The key a misspelt one most likely meant (`reqest` → `request`), among the keys its context
/// takes.
enum KeySuggestion {
  /// The keys each context takes (the contexts `unknownKey` names).
  static func keys(of context: String) -> Set<String> {
    switch context {
    case "the scenario file": ScenarioParser.fileKeys.union(ConnectionSettings.keys)
    case "a step": ScenarioParser.stepKeys
    case "expect": ScenarioParser.expectKeys
    case "a stream action": ["send", "receive", "within", "close"]
    default: ["equals", "contains", "matches"]
    }
  }

  /// The closest key within two edits (one for short keys), if one is that close.
  static func closest(to key: String, in context: String) -> String? {
    let limit = key.count <= 4 ? 1 : 2
    let scored = keys(of: context).map { ($0, distance(key, $0)) }.filter { $0.1 <= limit }
    return scored.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
  }

  /// Levenshtein distance over characters.
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    var previous = Array(0 ... b.count)
    for i in 1 ... max(a.count, 1) where !a.isEmpty {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in stride(from: 1, through: b.count, by: 1) {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      previous = current
    }
    return previous[b.count]
  }
}
