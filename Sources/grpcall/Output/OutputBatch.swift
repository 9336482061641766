import GRPCallCore
import Synchronization

/// Standard output for a stream of responses: responses rendered while more are already queued
/// go out in one `write(2)`, and whatever is held is written before the receiving task waits for
/// the next response, so nothing received is ever held back.
///
/// The flush is scheduled on the connection's event loop behind the responses already delivered
/// (`DynamicClient.afterDeliveredResponses`): it runs exactly when the receiving task runs out of
/// queued responses.
final class OutputBatch: Sendable {
  private struct State {
    var pending: [UInt8] = []
    var flushScheduled = false
  }

  private let state = Mutex(State())
  /// Beyond this many bytes the batch is written at once.
  private let limit = 64 * 1024

  /// Adds text to the batch.
  func append(_ text: String) {
    let (needsSchedule, isFull) = state.withLock { state in
      state.pending.append(contentsOf: text.utf8)
      defer { state.flushScheduled = true }
      return (!state.flushScheduled, state.pending.count >= limit)
    }
    if needsSchedule { DynamicClient.afterDeliveredResponses { self.flush() } }
    if isFull { flush() }
  }

  /// Writes everything held, in order.
  func flush() {
    state.withLock { state in
      state.flushScheduled = false
      guard !state.pending.isEmpty else { return }
      Terminal.outBytes(state.pending)
      state.pending.removeAll(keepingCapacity: true)
    }
  }
}
