import GRPCCore

/// A response larger than `-max-msg-sz`. The transport reports it as `Internal` with its
/// decoder's text; grpc-go (and so grpcurl) ends such a call as `ResourceExhausted`:
/// `grpc: received message larger than max (ACTUAL vs. MAX)`, and one that inflates past the limit
/// `grpc: received message after decompression larger than max (MAX)`.
struct OversizedMessage {
  var actual: Int
  var limit: Int

  /// Whether the message was compressed and only its inflated size is over the limit.
  var afterDecompression = false

  /// Recognises the transport's decoder error, if `error` is one; `limit` is `-max-msg-sz`.
  init?(_ error: RPCError, limit configured: Int) {
    let text = ConnectionFailure.chain(of: error).map { String(describing: $0) }.joined(
      separator: " "
    )
    if text.contains("Message is too large to decompress") {
      self.actual = 0
      self.limit = configured
      self.afterDecompression = true
      return
    }
    guard text.contains("exceeded the configured maximum payload size") else { return nil }
    guard let limit = Self.number(after: "max: ", in: text),
      let actual = Self.number(after: "actual: ", in: text)
    else { return nil }
    self.actual = actual
    self.limit = limit
  }

  static func number(after label: String, in text: String) -> Int? {
    guard let range = text.range(of: label) else { return nil }
    return Int(text[range.upperBound...].prefix { $0.isNumber })
  }

  /// The status grpc-go gives the call.
  var status: CallStatus {
    CallStatus(
      code: RPCError.Code.resourceExhausted.rawValue,
      message: afterDecompression
        ? "grpc: received message after decompression larger than max (\(limit))"
        : "grpc: received message larger than max (\(actual) vs. \(limit))"
    )
  }
}
