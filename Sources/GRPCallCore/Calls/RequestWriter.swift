import GRPCCore

/// Anything request messages can be written to.
public protocol RequestSink: Sendable {
  /// Sends one encoded message.
  func write(_ message: [UInt8]) async throws
}

/// Sends request messages (already encoded) on a call.
public struct RequestWriter: RequestSink {
  let writer: RPCWriter<[UInt8]>

  /// Sends one message.
  public func write(_ message: [UInt8]) async throws {
    try await writer.write(message)
  }
}
