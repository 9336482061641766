/// Collects the diagnostics of one compilation so that every error in a file is reported, not only
/// the first.
public struct DiagnosticReporter: Sendable {
  /// Everything reported so far, in order.
  public private(set) var diagnostics: [Diagnostic] = []

  /// Creates an empty reporter.
  public init() {}

  /// Whether any error (not warning) was reported.
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// Errors only.
  public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

  /// Records an error at a position.
  public mutating func error(_ message: String, at position: SourcePosition) {
    append(Diagnostic(message, at: position))
  }

  /// Records a warning at a position.
  public mutating func warning(_ message: String, at position: SourcePosition) {
    append(Diagnostic(message, at: position, severity: .warning))
  }

  /// Records a diagnostic, dropping exact repeats.
  public mutating func append(_ diagnostic: Diagnostic) {
    if !diagnostics.contains(diagnostic) {
      diagnostics.append(diagnostic)
    }
  }
}
