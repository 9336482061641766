import NIOCore
import NIOHTTP2
import NIOSSL
import NIOTLS
import Synchronization

/// Watches the connection grpcall makes, from inside the transport's channel pipelines: when TCP
/// connected, when the TLS handshake finished, when the server's first HTTP/2 bytes arrived (the
/// connection is usable), and the size and compression of every message on every stream. It also
/// enforces the connect timeout and can rewrite `:authority` when the TLS name differs from it.
public final class ConnectionObserver: Sendable {
  /// What has been seen so far.
  struct State {
    var tcpConnected: ContinuousClock.Instant?
    var tlsHandshakeDone: ContinuousClock.Instant?
    var ready: ContinuousClock.Instant?
    var timedOut = false
    var certificateProblem: String?
    /// The first bytes the server sent above TLS (at most 64), to tell a peer that is not
    /// speaking HTTP/2.
    var firstBytes: [UInt8]?
    /// The server's first HTTP/2 bytes as far as they decide when its SETTINGS frame is whole.
    var preface = ServerPrefaceWatch()
    /// The first HTTP/2 protocol error the server caused, in words.
    var protocolProblem: String?
    /// The server's SETTINGS_MAX_HEADER_LIST_SIZE, if it sent one.
    var serverMaxHeaderListSize: Int?
    var streams: [StreamWireLog] = []
  }

  let started = ContinuousClock.now
  let connectTimeout: Duration
  let authorityOverride: String?
  /// Whether streams log their messages (sizes, encodings, first byte).
  let recordsTraffic: Bool
  /// The DNS name the server's certificate must cover (nil without verification or for IPs).
  let verifiedName: String?
  private let state = Mutex(State())

  /// Creates an observer; `authorityOverride` replaces `:authority` on every stream.
  init(
    connectTimeout: Duration,
    authorityOverride: String?,
    recordsTraffic: Bool = false,
    verifiedName: String? = nil
  ) {
    self.connectTimeout = connectTimeout
    self.authorityOverride = authorityOverride
    self.recordsTraffic = recordsTraffic
    self.verifiedName = verifiedName
  }

  func update(_ body: (inout State) -> Void) {
    state.withLock { body(&$0) }
  }

  /// A copy of what has been seen.
  var snapshot: ConnectionTimeline {
    state.withLock { state in
      ConnectionTimeline(
        started: started,
        tcpConnected: state.tcpConnected,
        tlsHandshakeDone: state.tlsHandshakeDone,
        ready: state.ready,
        timedOut: state.timedOut,
        streams: state.streams.map(\.snapshot)
      )
    }
  }

  /// How many streams have been opened.
  var streamCount: Int { state.withLock { $0.streams.count } }

  /// How response `index` of stream `stream` travelled (without copying the whole timeline).
  func receivedMessage(stream: Int, index: Int) -> WireMessage? {
    let log = state.withLock { stream < $0.streams.count ? $0.streams[stream] : nil }
    return log?.receivedMessage(index)
  }

  /// Whether the connection was closed because it did not become ready in time.
  var timedOut: Bool { state.withLock { $0.timedOut } }

  /// Why the connection failed when the server answered with something that is not HTTP/2:
  /// `server is not speaking HTTP/2 (got "HTTP/1.1 200 OK")`. Nil when its first bytes are an
  /// HTTP/2 SETTINGS frame, or nothing arrived.
  var notHTTP2Problem: String? {
    guard let bytes = state.withLock({ $0.firstBytes }), !bytes.isEmpty else { return nil }
    // Every HTTP/2 server starts with a SETTINGS frame (type 4) on stream 0; the first bytes of
    // one are not a problem, however few arrived (a server that trickles them times out).
    let typeIsSettings = bytes.count < 4 || bytes[3] == 4
    let streamIsZero = bytes.count < 6 || bytes[5 ..< min(9, bytes.count)].allSatisfy { $0 == 0 }
    if typeIsSettings && streamIsZero { return nil }
    let firstLine = bytes.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
    var shown = ""
    for byte in firstLine.prefix(40) {
      if (0x20 ..< 0x7F).contains(byte) && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "\"")
      {
        shown.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        let hex = String(byte, radix: 16, uppercase: true)
        shown += "\\x" + (hex.count < 2 ? "0" + hex : hex)
      }
    }
    return "server is not speaking HTTP/2 (got \"\(shown)\(firstLine.count > 40 ? "…" : "")\")"
  }

  /// Keeps the server's first bytes (see `notHTTP2Problem`) and marks the connection ready once
  /// the server's whole first SETTINGS frame arrived, however slowly its bytes come: until then
  /// the connect timeout runs. Returns whether it is ready.
  func sawServerBytes(_ buffer: ByteBuffer) -> Bool {
    update { state in
      guard state.ready == nil else { return }
      let bytes = buffer.readableBytesView
      let kept = state.firstBytes ?? []
      if kept.count < 64 { state.firstBytes = kept + bytes.prefix(64 - kept.count) }
      if state.preface.feed(bytes) { state.ready = .now }
    }
    return state.withLock { $0.ready != nil }
  }

  /// The first HTTP/2 protocol error the server caused, in words.
  var protocolProblem: String? { state.withLock { $0.protocolProblem } }

  /// The largest header list the server said it takes (SETTINGS_MAX_HEADER_LIST_SIZE), if it did.
  var serverMaxHeaderListSize: Int? { state.withLock { $0.serverMaxHeaderListSize } }

  /// Why the server's certificate was refused for the TLS name, if it was.
  var certificateProblem: String? { state.withLock { $0.certificateProblem } }

  /// The transport's callbacks that install the watching handlers.
  var callbacks: HTTP2ClientTransportChannelCallbacks {
    HTTP2ClientTransportChannelCallbacks(
      onCreateTCPConnection: { [self] channel in
        channel.eventLoop.makeCompletedFuture {
          try installConnectionHandlers(on: channel)
        }
      },
      onCreateHTTP2Stream: { [self] channel in
        channel.eventLoop.makeCompletedFuture {
          let log = StreamWireLog(started: ContinuousClock.now)
          update { $0.streams.append(log) }
          // Always: the server's header blocks are read as grpc-go reads them, before the
          // transport's own checks (see ResponseHeaderNormalizer).
          try channel.pipeline.syncOperations.addHandler(
            ResponseHeaderNormalizer(),
            position: .first
          )
          // Off the hot path unless something needs it: -vv's traffic log, -servername's
          // `:authority`.
          guard recordsTraffic || authorityOverride != nil else { return }
          try channel.pipeline.syncOperations.addHandler(
            StreamWireHandler(
              log: recordsTraffic ? log : nil,
              authorityOverride: authorityOverride
            ),
            position: .first
          )
        }
      }
    )
  }

  private func installConnectionHandlers(on channel: any Channel) throws {
    let operations = channel.pipeline.syncOperations
    if let http2 = try? operations.handler(type: NIOHTTP2Handler.self) {
      try operations.addHandler(HeaderListLimitHandler(), position: .after(http2))
      try operations.addHandler(ProtocolErrorWatchHandler(observer: self), position: .after(http2))
    }
    let socketSide = SocketWatchHandler(observer: self)
    try operations.addHandler(socketSide, position: .first)
    if let tls = try? operations.handler(type: NIOSSLClientHandler.self) {
      try operations.addHandler(ApplicationWatchHandler(observer: self), position: .after(tls))
    } else {
      socketSide.watchesApplicationBytes = true
    }
  }
}

/// The two pipeline hooks the transport offers (a plain pair, so the transport's type stays out of
/// the observer's interface).
struct HTTP2ClientTransportChannelCallbacks {
  var onCreateTCPConnection: @Sendable (any Channel) -> EventLoopFuture<Void>
  var onCreateHTTP2Stream: @Sendable (any Channel) -> EventLoopFuture<Void>
}

/// At the socket end of the pipeline: sees TCP connect, starts the connect timer, and (for
/// plaintext) sees the server's first bytes.
final class SocketWatchHandler: ChannelInboundHandler, @unchecked Sendable {
  typealias InboundIn = ByteBuffer
  typealias InboundOut = ByteBuffer

  let observer: ConnectionObserver
  var watchesApplicationBytes = false
  private var timer: Scheduled<Void>?
  private var sawPreface = false

  init(observer: ConnectionObserver) { self.observer = observer }

  func handlerAdded(context: ChannelHandlerContext) {
    let timeout = observer.connectTimeout
    let observer = observer
    let channel = context.channel
    timer = context.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
      var expired = false
      observer.update { state in
        if state.ready == nil {
          state.timedOut = true
          expired = true
        }
      }
      if expired { channel.close(promise: nil) }
    }
  }

  func handlerRemoved(context: ChannelHandlerContext) { timer?.cancel() }

  func channelActive(context: ChannelHandlerContext) {
    observer.update { $0.tcpConnected = $0.tcpConnected ?? .now }
    context.fireChannelActive()
  }

  func channelInactive(context: ChannelHandlerContext) {
    timer?.cancel()
    context.fireChannelInactive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if watchesApplicationBytes, !sawPreface {
      sawPreface = observer.sawServerBytes(unwrapInboundIn(data))
      if sawPreface { timer?.cancel() }
    }
    context.fireChannelRead(data)
  }
}

/// Just above TLS: sees the handshake finish and the server's first decrypted (HTTP/2) bytes.
final class ApplicationWatchHandler: ChannelInboundHandler, @unchecked Sendable {
  typealias InboundIn = ByteBuffer
  typealias InboundOut = ByteBuffer

  let observer: ConnectionObserver
  private var sawPreface = false

  init(observer: ConnectionObserver) { self.observer = observer }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted = tlsEvent {
      observer.update { $0.tlsHandshakeDone = $0.tlsHandshakeDone ?? .now }
      if let name = observer.verifiedName,
        let tls = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self),
        let leaf = tls.peerCertificate,
        let problem = TLSNameCheck.problem(with: leaf, for: name)
      {
        observer.update { $0.certificateProblem = problem }
        context.close(promise: nil)
        return
      }
    }
    context.fireUserInboundEventTriggered(event)
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if !sawPreface {
      sawPreface = observer.sawServerBytes(unwrapInboundIn(data))
    }
    context.fireChannelRead(data)
  }
}

extension Duration {
  /// The duration in whole nanoseconds.
  var nanoseconds: Int64 {
    let (seconds, attoseconds) = components
    return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
  }
}
