/// Responses of a stream, handed to the conversation one at a time.
actor Inbox {
  private var buffered: [[UInt8]] = []
  private var waiter: CheckedContinuation<[UInt8]?, Never>?
  private var closed = false

  func put(_ message: [UInt8]) {
    if let waiter {
      self.waiter = nil
      waiter.resume(returning: message)
    } else {
      buffered.append(message)
    }
  }

  func close() {
    closed = true
    waiter?.resume(returning: nil)
    waiter = nil
  }

  /// The next response, or nil once the stream has ended.
  func take() async -> [UInt8]? {
    if !buffered.isEmpty { return buffered.removeFirst() }
    if closed { return nil }
    return await withCheckedContinuation { waiter = $0 }
  }
}
