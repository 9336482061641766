import GRPCallCore

/// The first failure of a script, set from the request task.
actor ScriptFailures {
  private(set) var failures: [String] = []
  private(set) var requests: [String] = []
  /// Where a `receive:` found the call already ended: said with the call's status once known.
  private(set) var endedBeforeReceive: SourceLocation?

  func fail(_ message: String) { failures.append(message) }

  /// A `receive:` at `location` found the call ended.
  func callEnded(at location: SourceLocation) {
    if endedBeforeReceive == nil { endedBeforeReceive = location }
  }

  /// The failures, with a call that ended before a `receive:` said with its status.
  func failures(ending status: CallStatus) -> [String] {
    guard let at = endedBeforeReceive else { return failures }
    let reason = status.isOK ? "OK" : "\(status.codeName): \(status.message)"
    return ["\(at): receive: the call ended (\(reason)) before a response"] + failures
  }
  /// Requests sent and responses received, in the order they happened (true: sent).
  private(set) var order: [Bool] = []

  func sent(_ json: String) {
    requests.append(json)
    order.append(true)
  }

  /// A response arrived.
  func received() { order.append(false) }
}

/// Stops a script at its first failure.
struct ScriptStopped: Error {}
