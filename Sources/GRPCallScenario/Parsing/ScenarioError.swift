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
    case .unknownKey(let key, let context, let at): "\(at): unknown key '\(key)' in \(context)"
    case .invalidValue(let reason, let at): "\(at): \(reason)"
    case .missingKey(let key, let context, let at): "\(at): \(context) needs '\(key)'"
    case .unsetVariable(let name, let at):
      "\(at): variable '\(name)' is not set (give it in vars:, --var \(name)=..., or the environment)"
    }
  }
}
