import GRPCallCore

/// How one step went.
public struct StepResult: Sendable {
  /// The step's name.
  public var name: String
  /// Where the step is written.
  public var location: SourceLocation
  /// What did not match; empty when the step passed.
  public var failures: [String] = []
  /// How long the call took.
  public var duration: Duration = .zero
  /// The requests sent, as JSON (for `-v`).
  public var requests: [String] = []
  /// The responses received, as JSON (for `-v`).
  public var responses: [String] = []
  /// For a scripted stream: which came first, message by message (true: a request sent, false: a
  /// response received), so `-v` shows the exchange in order; empty for other steps.
  public var order: [Bool] = []
  /// The status the call ended with (nil when no call was made).
  public var status: CallOutcomeStatus?

  /// Whether every expectation held.
  public var passed: Bool { failures.isEmpty }

  /// A result for the step at `location`, passing until a failure is added.
  public init(name: String, location: SourceLocation, failures: [String] = []) {
    self.name = name
    self.location = location
    self.failures = failures
  }
}

/// A call's final status, as scenarios name it.
public struct CallOutcomeStatus: Sendable {
  /// The code.
  public var code: Int
  /// The message.
  public var message: String

  /// `NOT_FOUND: user nope not found`.
  public var description: String {
    message.isEmpty
      ? CallStatus.canonicalName(of: code) : "\(CallStatus.canonicalName(of: code)): \(message)"
  }
}

/// How one scenario file went.
public struct ScenarioResult: Sendable {
  /// The file.
  public var file: String
  /// The scenario's name.
  public var name: String
  /// Each step, in order (steps not run after `--fail-fast` are left out).
  public var steps: [StepResult] = []
  /// From the first step to the last.
  public var duration: Duration = .zero

  /// How many steps failed.
  public var failureCount: Int { steps.filter { !$0.passed }.count }

  /// A result for one file, with no steps yet.
  public init(file: String, name: String) {
    self.file = file
    self.name = name
  }
}

/// What the runner reports as it goes, so the console shows each step as it ends.
public enum RunEvent: Sendable {
  /// A step finished.
  case stepFinished(scenario: String, StepResult)
}
