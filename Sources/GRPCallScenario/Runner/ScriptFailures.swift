/// The first failure of a script, set from the request task.
actor ScriptFailures {
  private(set) var failures: [String] = []
  private(set) var requests: [String] = []

  func fail(_ message: String) { failures.append(message) }
  func sent(_ json: String) { requests.append(json) }
}

/// Stops a script at its first failure.
struct ScriptStopped: Error {}
