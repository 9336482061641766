/// Splits a stream of text-format messages separated by the ASCII record separator (0x1E), as
/// grpcurl's `-format text` reads them: every separator ends a message, and what follows the last
/// one (even nothing) is one more message.
public struct RecordSplitter: Sendable {
  /// The separator between messages.
  public static let separator: UInt8 = 0x1E
  private var pending: [UInt8] = []

  /// Creates an empty splitter.
  public init() {}

  /// Bytes held for the message not yet ended by a separator.
  public var pendingByteCount: Int { pending.count }

  /// Adds input and returns every message it completes, in order.
  public mutating func append(_ bytes: [UInt8]) -> [[UInt8]] {
    var complete: [[UInt8]] = []
    for byte in bytes {
      if byte == Self.separator {
        complete.append(pending)
        pending = []
      } else {
        pending.append(byte)
      }
    }
    return complete
  }

  /// The last message, at the end of input.
  public mutating func finish() -> [UInt8] {
    defer { pending = [] }
    return pending
  }
}
