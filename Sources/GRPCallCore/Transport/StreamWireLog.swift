import NIOCore
import Synchronization

/// The messages that crossed one HTTP/2 stream, as they were on the wire: gRPC's 5-byte prefix
/// says whether each is compressed and how long it is.
final class StreamWireLog: Sendable {
  let started: ContinuousClock.Instant
  private let state = Mutex(State())

  struct State {
    var sent = LengthPrefixReader()
    var received = LengthPrefixReader()
    var firstResponseByte: ContinuousClock.Instant?
    var sentEncoding = "identity"
    var receivedEncoding = "identity"
  }

  func recordEncoding(sent: String?, received: String?) {
    state.withLock { state in
      if let sent { state.sentEncoding = sent }
      if let received { state.receivedEncoding = received }
    }
  }

  init(started: ContinuousClock.Instant) { self.started = started }

  func recordSent(_ buffer: ByteBuffer) {
    state.withLock { $0.sent.consume(buffer) }
  }

  func recordReceived(_ buffer: ByteBuffer?) {
    state.withLock { state in
      state.firstResponseByte = state.firstResponseByte ?? .now
      if let buffer { state.received.consume(buffer) }
    }
  }

  func receivedMessage(_ index: Int) -> WireMessage? {
    state.withLock { state in
      guard index < state.received.messages.count else { return nil }
      return state.received.messages[index].encoded(by: state.receivedEncoding)
    }
  }

  var snapshot: StreamWireSummary {
    state.withLock { state in
      StreamWireSummary(
        started: started,
        firstResponseByte: state.firstResponseByte,
        sent: state.sent.messages.map { $0.encoded(by: state.sentEncoding) },
        received: state.received.messages.map { $0.encoded(by: state.receivedEncoding) }
      )
    }
  }
}

/// Follows gRPC's length-prefixed framing across DATA frames of any size.
struct LengthPrefixReader {
  private(set) var messages: [WireMessage] = []
  private var header: [UInt8] = []
  private var remaining = 0

  mutating func consume(_ buffer: ByteBuffer) {
    var buffer = buffer
    while buffer.readableBytes > 0 {
      if remaining > 0 {
        let skipped = min(remaining, buffer.readableBytes)
        buffer.moveReaderIndex(forwardBy: skipped)
        remaining -= skipped
        continue
      }
      header.append(buffer.readInteger(as: UInt8.self)!)
      guard header.count == 5 else { continue }
      let length = header[1 ... 4].reduce(0) { $0 << 8 | Int($1) }
      messages.append(WireMessage(compressed: header[0] & 1 == 1, wireBytes: length))
      remaining = length
      header.removeAll(keepingCapacity: true)
    }
  }
}

/// One message as it travelled: compressed or not, and its length on the wire (without the
/// 5-byte prefix).
public struct WireMessage: Sendable, Hashable {
  /// Whether the compressed flag was set.
  public var compressed: Bool
  /// The payload's length on the wire.
  public var wireBytes: Int
  /// `identity`, or the stream's `grpc-encoding` (gzip, deflate) when compressed.
  public var encoding = "identity"

  func encoded(by streamEncoding: String) -> WireMessage {
    var message = self
    message.encoding = compressed ? streamEncoding : "identity"
    return message
  }
}

/// What one stream carried.
public struct StreamWireSummary: Sendable {
  /// When the stream was opened.
  public var started: ContinuousClock.Instant
  /// When the first response bytes (headers or data) arrived.
  public var firstResponseByte: ContinuousClock.Instant?
  /// Request messages, in order.
  public var sent: [WireMessage]
  /// Response messages, in order.
  public var received: [WireMessage]
}

/// The connection's milestones and every stream's traffic, for `-vv`.
public struct ConnectionTimeline: Sendable {
  /// When grpcall began connecting.
  public var started: ContinuousClock.Instant
  /// When TCP (or the unix socket) connected.
  public var tcpConnected: ContinuousClock.Instant?
  /// When the TLS handshake completed (nil for plaintext).
  public var tlsHandshakeDone: ContinuousClock.Instant?
  /// When the server's first HTTP/2 bytes arrived.
  public var ready: ContinuousClock.Instant?
  /// Whether the connect timeout closed the connection.
  public var timedOut: Bool
  /// Every stream opened, in order (reflection first, then the call).
  public var streams: [StreamWireSummary]
}
