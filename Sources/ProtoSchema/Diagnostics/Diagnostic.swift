/// One error or warning found in a schema, with where it was found.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
  /// How serious a diagnostic is.
  public enum Severity: Sendable, Hashable {
    case error
    case warning
  }

  /// Where the problem is; `nil` when it concerns a whole file (e.g. "File not found.").
  public var position: SourcePosition?
  /// The file concerned when there is no position.
  public var file: String
  /// What is wrong, worded like protoc.
  public var message: String
  /// Error or warning.
  public var severity: Severity

  /// Creates a diagnostic at a position.
  public init(_ message: String, at position: SourcePosition, severity: Severity = .error) {
    self.position = position
    self.file = position.file
    self.message = message
    self.severity = severity
  }

  /// Creates a diagnostic about a whole file.
  public init(_ message: String, file: String, severity: Severity = .error) {
    self.position = nil
    self.file = file
    self.message = message
    self.severity = severity
  }

  /// `file:line:col: message`, or `file: message` without a position; warnings say so.
  public var description: String {
    let location = position?.description ?? file
    let prefix = severity == .warning ? "warning: " : ""
    return "\(location): \(prefix)\(message)"
  }
}
