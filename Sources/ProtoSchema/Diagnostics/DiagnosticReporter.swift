/// Collects the diagnostics of one compilation so that every error in a file is reported, not only
/// the first — up to `limit` errors; later ones are only counted (`suppressedErrors`), so input
/// with an error per token costs linear time and prints a readable report.
public struct DiagnosticReporter: Sendable {
  /// Errors beyond this many are counted, not kept (protoc also stops listing after about 100).
  public static let limit = 100

  /// Everything reported so far, in order.
  public private(set) var diagnostics: [Diagnostic] = []
  /// Errors dropped after `limit`.
  public private(set) var suppressedErrors = 0
  private var seen: Set<Diagnostic> = []
  private var errorCount = 0

  /// Creates an empty reporter.
  public init() {}

  /// Whether any error (not warning) was reported.
  public var hasErrors: Bool { errorCount > 0 }

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

  /// Records a diagnostic, dropping exact repeats and errors past the limit.
  public mutating func append(_ diagnostic: Diagnostic) {
    guard !seen.contains(diagnostic) else { return }
    if diagnostic.severity == .error {
      errorCount += 1
      guard errorCount <= Self.limit else {
        suppressedErrors += 1
        return
      }
    } else if diagnostics.count >= 2 * Self.limit {
      return
    }
    seen.insert(diagnostic)
    diagnostics.append(diagnostic)
  }

  /// Takes over another reporter's diagnostics and its count of dropped errors.
  public mutating func append(contentsOf other: DiagnosticReporter) {
    other.diagnostics.forEach { append($0) }
    suppressedErrors += other.suppressedErrors
    errorCount += other.suppressedErrors
  }

  /// The errors to report: the first `limit`, then a line counting the rest.
  public var reportedErrors: [Diagnostic] {
    guard suppressedErrors > 0, let last = errors.last else { return errors }
    let more = suppressedErrors == 1 ? "1 more error" : "\(suppressedErrors) more errors"
    return errors + [Diagnostic("… and \(more).", file: last.file)]
  }
}
