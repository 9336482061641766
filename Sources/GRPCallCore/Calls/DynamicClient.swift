import GRPCCore
import GRPCNIOTransportHTTP2
import ProtoCodec
import ProtoSchema

/// The codec's base64 (GRPCCore has a type of the same name).
typealias ProtoCodecBase64 = ProtoCodec.Base64

/// Makes calls to any method, given only its descriptor: messages travel as encoded bytes and the
/// codec converts them on either side. One client is one HTTP/2 connection; reflection and the
/// call share it.
public struct DynamicClient: Sendable {
  let client: GRPCClient<HTTP2ClientTransport.Posix>
  /// The options the connection was opened with.
  package let options: ConnectionOptions
  let observer: ConnectionObserver

  /// The `user-agent` grpcall sends: `grpcall/VERSION`, then `-user-agent`'s value.
  public static func userAgent(version: String, extra: String?) -> String {
    guard let extra, !extra.isEmpty else { return "grpcall/\(version)" }
    return "grpcall/\(version) \(extra)"
  }

  /// grpcall's version, sent in `user-agent`.
  public static let version = "0.1.0"

  /// What the connection did so far (milestones, and each stream's messages on the wire).
  public var timeline: ConnectionTimeline { observer.snapshot }

  /// How many HTTP/2 streams (calls) the connection has opened.
  public var streamCount: Int { observer.streamCount }

  /// How response `index` of stream `stream` travelled.
  public func receivedWire(stream: Int, index: Int) -> WireMessage? {
    observer.receivedMessage(stream: stream, index: index)
  }

  /// Runs `body` on the connections' event loop after the work already queued there — in
  /// particular after the receiving task has handled every response delivered so far, just before
  /// it would wait for the next one.
  public static func afterDeliveredResponses(_ body: @escaping @Sendable () -> Void) {
    EventLoopTaskExecutor.shared.eventLoop.execute(body)
  }

  /// Opens a connection for the duration of `body`, then closes it gracefully.
  public static func withConnection<Result: Sendable>(
    _ options: ConnectionOptions,
    _ body: @Sendable (DynamicClient) async throws -> Result
  ) async throws -> Result {
    let observer = ConnectionObserver(
      connectTimeout: options.connectTimeout,
      authorityOverride: options.authorityOverride,
      recordsTraffic: options.recordsTraffic,
      verifiedName: options.verifiedDNSName
    )
    let transport = try HTTP2ClientTransport.Posix(
      target: options.target.resolvable,
      transportSecurity: try options.security.transportSecurity(),
      config: transportConfig(options, observer: observer),
      eventLoopGroup: EventLoopTaskExecutor.shared.eventLoop
    )
    let client = GRPCClient(transport: transport)
    // The connection task is not awaited on the way out: closing TLS waits up to 5 s for the
    // peer's close_notify (which grpcio servers do not send), and a one-shot command line has no
    // use for that wait. The task ends on its own once shut down.
    let connections = Task { try await client.runConnections() }
    defer {
      client.beginGracefulShutdown()
      connections.cancel()
    }
    return try await body(DynamicClient(client: client, options: options, observer: observer))
  }

  static func transportConfig(
    _ options: ConnectionOptions,
    observer: ConnectionObserver
  ) -> HTTP2ClientTransport.Posix.Config {
    var config = HTTP2ClientTransport.Posix.Config.defaults
    if let name = options.tlsName { config.http2.authority = name }
    // Header blocks as large as grpc-go accepts: NIO allows a HEADERS frame and five
    // CONTINUATIONs, so frames may be as large as HTTP/2 allows (see `HeaderListLimitHandler`).
    config.http2.maxFrameSize = HeaderListLimitHandler.maximumFrameSize
    if let keepalive = options.keepaliveTime {
      config.connection.keepalive = .init(
        time: keepalive,
        timeout: keepalive,
        allowWithoutCalls: true
      )
    }
    config.backoff = .init(
      initial: .milliseconds(100),
      max: .seconds(1),
      multiplier: 1.6,
      jitter: 0.2
    )
    config.compression = .init(
      algorithm: options.requestCompression.algorithm,
      enabledAlgorithms: [.gzip, .deflate]
    )
    let callbacks = observer.callbacks
    config.channelDebuggingCallbacks = .init(
      onCreateTCPConnection: callbacks.onCreateTCPConnection,
      onCreateHTTP2Stream: callbacks.onCreateHTTP2Stream
    )
    return config
  }

  /// Calls `method`: `requests` writes the request messages, `onEvent` sees headers, each response
  /// and trailers as they arrive. Returns the final status; throws only when no call could be made
  /// (the connection failed).
  public func call(
    _ method: ProtoSchema.MethodDescriptor,
    metadata: HeaderList,
    timeout: Duration? = nil,
    requests: @escaping @Sendable (RequestWriter) async throws -> Void,
    onEvent: @escaping @Sendable (CallEvent) async throws -> Void
  ) async throws -> CallStatus {
    let descriptor = GRPCCore.MethodDescriptor(
      fullyQualifiedService: method.serviceName,
      method: method.name
    )
    var callOptions = CallOptions.defaults
    callOptions.timeout = timeout
    // The transport sizes its response decoder from the request limit, so both are set.
    callOptions.maxResponseMessageBytes = options.maxReceiveMessageBytes
    callOptions.maxRequestMessageBytes = options.maxReceiveMessageBytes
    callOptions.compression = options.requestCompression.algorithm
    callOptions.waitForReady = false
    var requestMetadata = metadata.metadata
    requestMetadata.replaceOrAddString(
      Self.userAgent(version: Self.version, extra: options.userAgent),
      forKey: "user-agent"
    )
    let request = StreamingClientRequest<[UInt8]>(metadata: requestMetadata) { writer in
      try await requests(RequestWriter(writer: writer))
    }
    let target = FailureContext(
      target: options.target.description,
      plaintext: options.security.plaintext,
      observer: observer,
      maxReceiveMessageBytes: options.maxReceiveMessageBytes,
      requestMetadata: requestMetadata
    )
    do {
      return try await client.bidirectionalStreaming(
        request: request,
        descriptor: descriptor,
        serializer: PassthroughSerializer(),
        deserializer: PassthroughDeserializer(),
        options: callOptions
      ) { response in
        // Responses are consumed on the connection's own event loop (see EventLoopTaskExecutor).
        try await withTaskExecutorPreference(EventLoopTaskExecutor.shared) {
          try await Self.consume(
            response,
            expectsOneResponse: !method.serverStreaming,
            onEvent: onEvent,
            context: target
          )
        }
      }
    } catch let error as RPCError {
      return try Self.status(from: error, context: target)
    }
  }

  /// grpc-go's status for a unary or client-streaming call that got a second response.
  static let extraResponse = CallStatus(
    code: 13,
    message:
      "cardinality violation: expected <EOF> for non server-streaming RPCs, but received another message"
  )

  /// The status for a unary or client-streaming call that ended OK without a response.
  static let missingResponse = CallStatus(
    code: 13,
    message:
      "cardinality violation: expected one response for a non server-streaming RPC, but the server sent none"
  )

  private static func consume(
    _ response: StreamingClientResponse<[UInt8]>,
    expectsOneResponse: Bool,
    onEvent: @Sendable (CallEvent) async throws -> Void,
    context: FailureContext
  ) async throws -> CallStatus {
    switch response.accepted {
    case .failure(let error):
      let result = try status(from: error, context: context)
      try await onEvent(.responseHeaders([]))
      try await onEvent(.responseTrailers(printable(error.metadata)))
      return result
    case .success(let contents):
      try await onEvent(.responseHeaders(printable(contents.metadata)))
      do {
        var responses = 0
        for try await part in contents.bodyParts {
          switch part {
          case .message(let message):
            responses += 1
            // A second response to a call that takes one is a protocol violation: the call
            // stops there (the stream is cancelled on the way out), as in grpc-go.
            if expectsOneResponse && responses > 1 {
              try await onEvent(.responseTrailers([]))
              return extraResponse
            }
            try await onEvent(.response(message))
          case .trailingMetadata(let trailers):
            try await onEvent(.responseTrailers(printable(trailers)))
          }
        }
        return expectsOneResponse && responses == 0 ? missingResponse : .ok
      } catch let error as RPCError {
        try await onEvent(.responseTrailers(printable(error.metadata)))
        return try status(from: error, context: context)
      }
    }
  }

  /// What an RPC error is read against.
  struct FailureContext: Sendable {
    var target: String
    var plaintext: Bool
    var observer: ConnectionObserver
    var maxReceiveMessageBytes: Int = 4 * 1024 * 1024
    /// What the call sent as headers (sized only when a refusal needs explaining).
    var requestMetadata: Metadata = [:]

    /// The request's header list size as HTTP/2 counts it (name + value + 32 per header).
    var requestHeaderBytes: Int {
      requestMetadata.reduce(0) {
        switch $1.value {
        case .string(let text): $0 + $1.key.utf8.count + text.utf8.count + 32
        case .binary(let bytes): $0 + $1.key.utf8.count + (bytes.count + 2) / 3 * 4 + 32
        }
      }
    }
  }

  /// The status an RPC error stands for; a failure to connect at all is thrown instead.
  static func status(from error: RPCError, context: FailureContext) throws -> CallStatus {
    if error.code == .unavailable, let problem = context.observer.certificateProblem {
      throw GRPCallError.connectionFailed(target: context.target, reason: problem)
    }
    if error.code == .unavailable, context.observer.timedOut {
      throw GRPCallError.connectionFailed(
        target: context.target,
        reason: "connect: timed out after \(DurationText.go(context.observer.connectTimeout))"
      )
    }
    if error.code == .unavailable, let problem = context.observer.notHTTP2Problem {
      throw GRPCallError.connectionFailed(target: context.target, reason: problem)
    }
    if error.code == .unavailable, let problem = context.observer.protocolProblem {
      return CallStatus(code: error.code.rawValue, message: "connection error: \(problem)")
    }
    if let reason = ConnectionFailure.reason(of: error, plaintext: context.plaintext) {
      throw GRPCallError.connectionFailed(target: context.target, reason: reason)
    }
    if let oversized = OversizedMessage(error, limit: context.maxReceiveMessageBytes) {
      return oversized.status
    }
    if error.code == .resourceExhausted, error.message.isEmpty,
      let problem = headerListProblem(context)
    {
      return CallStatus(code: error.code.rawValue, message: problem)
    }
    let details: [UInt8]? = error.metadata[binaryValues: "grpc-status-details-bin"].first(where: {
      _ in true
    })
    return CallStatus(
      code: error.code.rawValue,
      message: Self.plainMessage(error.message),
      details: details
    )
  }

  /// Why a server that ended a call with a bare ResourceExhausted most likely did: the request's
  /// headers were over its limit (grpc-go's servers and grpcio say nothing more).
  static func headerListProblem(_ context: FailureContext) -> String? {
    let size = context.requestHeaderBytes
    let headers = "\(context.requestMetadata.count) request headers of \(size) bytes"
    if let limit = context.observer.serverMaxHeaderListSize {
      guard size > limit else { return nil }
      return
        "the server refused the call: \(headers), over the \(limit) bytes its HTTP/2 settings allow"
    }
    guard size > 8192 else { return nil }
    return
      "the server refused the call without a message; the \(headers) may be over its limit (servers commonly take 8–16 KB)"
  }

  /// The transport's message for a status it made up itself, without its internals: an enum
  /// case name before a quoted reason (`Failed to decode message internalError: "…"`) is dropped,
  /// and a compressed message without `grpc-encoding` is worded as grpc-go words it.
  static func plainMessage(_ message: String) -> String {
    if message.contains("Received a compressed message payload, but no decompressor") {
      return "grpc: compressed flag set with identity or empty encoding"
    }
    guard let quote = message.firstIndex(of: "\""), message.hasSuffix("\""),
      let colon = message[..<quote].lastIndex(of: ":"),
      let space = message[..<colon].lastIndex(of: " "),
      message[message.index(after: space) ..< colon].allSatisfy({ $0.isLetter }),
      message[message.index(after: space)].isLowercase
    else { return message }
    let reason = message[message.index(after: quote) ..< message.index(before: message.endIndex)]
    return message[..<space] + ": " + reason
  }

  /// Metadata as printable pairs, reserved keys left out.
  static func printable(_ metadata: Metadata) -> MetadataPairs {
    let reserved: Set<String> = ["grpc-status", "grpc-message", "grpc-status-details-bin"]
    return metadata.compactMap { element in
      guard !reserved.contains(element.key), !element.key.hasPrefix(":") else { return nil }
      switch element.value {
      case .string(let value): return (element.key, value)
      case .binary(let bytes): return (element.key, ProtoCodecBase64.encode(bytes))
      }
    }
  }
}
