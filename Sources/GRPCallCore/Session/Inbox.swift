import NIOCore

/// Responses of a stream, handed to a reader one at a time (reflection's conversation, a
/// scenario's scripted `receive`).
public actor Inbox {
  /// Responses not taken yet (a ring buffer: taking the first is O(1)).
  private var buffered = CircularBuffer<[UInt8]>()
  private var waiter: CheckedContinuation<[UInt8]?, Never>?
  private var waiterNumber = 0
  private var closed = false

  /// An empty, open inbox.
  public init() {}

  /// Adds a response (or hands it to the waiting reader).
  public func put(_ message: [UInt8]) {
    if let waiter {
      self.waiter = nil
      waiter.resume(returning: message)
    } else {
      buffered.append(message)
    }
  }

  /// Whether the stream has ended and everything buffered was taken: a nil from `take` then
  /// means the call ended, not that the wait ran out.
  public var isDrained: Bool { closed && buffered.isEmpty }

  /// Marks the stream ended: readers get what is buffered, then nil.
  public func close() {
    closed = true
    waiter?.resume(returning: nil)
    waiter = nil
  }

  /// The next response, or nil once the stream has ended.
  public func take() async -> [UInt8]? {
    await take(within: nil)
  }

  /// The next response; nil once the stream has ended or when nothing came within `timeout`.
  public func take(within timeout: Duration?) async -> [UInt8]? {
    if !buffered.isEmpty { return buffered.removeFirst() }
    if closed { return nil }
    waiterNumber += 1
    let number = waiterNumber
    return await withCheckedContinuation { continuation in
      waiter = continuation
      if let timeout {
        Task {
          try? await Task.sleep(for: timeout)
          self.expire(number)
        }
      }
    }
  }

  private func expire(_ number: Int) {
    guard number == waiterNumber, let waiter else { return }
    self.waiter = nil
    waiter.resume(returning: nil)
  }
}
