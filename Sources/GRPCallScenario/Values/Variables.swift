/// The values `${NAME}` expands to, looked up in order: captures of earlier steps, `--var`
/// values, the file's `vars`, then the environment.
public struct Variables: Sendable {
  /// Values captured from earlier steps' responses.
  public var captures: [String: String] = [:]
  /// `--var NAME=VALUE` from the command line.
  public var overrides: [String: String]
  /// The file's `vars:` (already expanded).
  public var fileVariables: [String: String] = [:]
  /// The process environment.
  public var environment: [String: String]

  /// Creates the variables of a run.
  public init(overrides: [String: String] = [:], environment: [String: String] = [:]) {
    self.overrides = overrides
    self.environment = environment
  }

  /// The value of `name`, if it is set anywhere.
  public subscript(name: String) -> String? {
    captures[name] ?? overrides[name] ?? fileVariables[name] ?? environment[name]
  }
}
