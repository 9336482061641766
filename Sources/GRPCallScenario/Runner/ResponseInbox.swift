/// Responses of a scripted stream, taken one at a time, each with a deadline.
actor ResponseInbox {
  private var buffered: [[UInt8]] = []
  private var closed = false

  func put(_ message: [UInt8]) { buffered.append(message) }

  func close() { closed = true }

  /// The next response; nil when the stream ended or nothing came within `timeout`.
  func take(within timeout: Duration) async -> [UInt8]? {
    let deadline = ContinuousClock.now + timeout
    while true {
      if !buffered.isEmpty { return buffered.removeFirst() }
      if closed || ContinuousClock.now >= deadline { return nil }
      try? await Task.sleep(for: .milliseconds(2))
    }
  }
}

/// The first failure of a script, set from the request task.
actor ScriptFailures {
  private(set) var failures: [String] = []
  private(set) var requests: [String] = []

  func fail(_ message: String) { failures.append(message) }
  func sent(_ json: String) { requests.append(json) }
}

/// Stops a script at its first failure.
struct ScriptStopped: Error {}
