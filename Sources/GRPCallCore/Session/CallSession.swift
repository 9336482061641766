import ProtoSchema
import Synchronization

/// One call from its requests to its status, the same for the command line and the scenario
/// runner: requests come from a `RequestSource` (unary and server-streaming calls read all input
/// first and take at most one message) or from a script; every response, the headers and the
/// trailers are reported as they arrive, and the outcome sums it all up.
public struct CallSession: Sendable {
  /// What a call did.
  public struct Outcome: Sendable {
    /// How the call ended.
    public var status: CallStatus
    /// The response headers (reserved keys left out).
    public var headers: MetadataPairs = []
    /// The trailers (reserved keys left out).
    public var trailers: MetadataPairs = []
    /// The responses, encoded (kept only when the session was asked to).
    public var responses: [[UInt8]] = []
    /// How many responses arrived.
    public var responseCount = 0
    /// The encoded size of each request sent (the implicit empty request of a unary call with no
    /// data is not counted, as in grpcurl).
    public var requestSizes: [Int] = []
    /// From the first request to the status.
    public var duration: Duration = .zero
    /// Index of this call's stream in the connection's timeline.
    public var streamIndex: Int = 0

    /// An outcome with just a status (a call that stopped before it could end).
    public init(status: CallStatus) {
      self.status = status
    }

    init(
      status: CallStatus,
      headers: MetadataPairs,
      trailers: MetadataPairs,
      responses: [[UInt8]],
      responseCount: Int,
      requestSizes: [Int]
    ) {
      self.status = status
      self.headers = headers
      self.trailers = trailers
      self.responses = responses
      self.responseCount = responseCount
      self.requestSizes = requestSizes
    }
  }

  let client: DynamicClient
  let method: ProtoSchema.MethodDescriptor
  let metadata: HeaderList
  let timeout: Duration?
  let keepsResponses: Bool

  /// A session for one call of `method` over `client`; with `keepsResponses`, the outcome holds
  /// every response (the scenario runner asserts on them; the command line prints and forgets).
  public init(
    client: DynamicClient,
    method: ProtoSchema.MethodDescriptor,
    metadata: HeaderList,
    timeout: Duration?,
    keepsResponses: Bool = false
  ) {
    self.client = client
    self.method = method
    self.metadata = metadata
    self.timeout = timeout
    self.keepsResponses = keepsResponses
  }

  /// `method.service/method`, as errors name the call.
  public var displayName: String { method.serviceName + "/" + method.name }

  /// For unary and server-streaming calls: all input, checked to hold at most one message
  /// (none means one empty request, not counted); reading stops at the second message and within
  /// the call's time limit. Nil for client and bidi streams.
  public func fixedRequests(
    from source: RequestSource
  ) async throws(GRPCallError) -> (messages: [[UInt8]], counted: Int)? {
    guard !method.clientStreaming else { return nil }
    let (messages, exceeded) = try await source.messages(atMost: 1, within: timeout)
    if exceeded {
      throw .tooManyRequests(
        method: displayName,
        kind: method.serverStreaming ? "server-streaming" : "unary"
      )
    }
    return messages.isEmpty ? ([[]], 0) : (messages, 1)
  }

  /// Runs the call with requests from `source`; `fixed` is what `fixedRequests(from:)` read.
  public func run(
    source: RequestSource,
    fixed: (messages: [[UInt8]], counted: Int)?,
    onEvent: @escaping @Sendable (CallEvent, WireMessage?) async -> Void
  ) async throws(GRPCallError) -> Outcome {
    try await run(
      requests: { sink in
        if let fixed {
          for (index, request) in fixed.messages.enumerated() {
            try await sink.write(request, counted: index < fixed.counted)
          }
        } else {
          try await source.stream(to: sink)
        }
      },
      onEvent: onEvent
    )
  }

  /// Runs the call; `requests` writes the request messages and returns to half-close.
  public func run(
    requests: @escaping @Sendable (SessionSink) async throws -> Void,
    onEvent: @escaping @Sendable (CallEvent, WireMessage?) async -> Void
  ) async throws(GRPCallError) -> Outcome {
    let record = SessionRecord(keepsResponses: keepsResponses)
    let streamIndex = client.streamCount
    let start = ContinuousClock.now
    let client = self.client
    let status: CallStatus
    do {
      status = try await client.call(method, metadata: metadata, timeout: timeout) { writer in
        do {
          try await requests(SessionSink(writer: writer, record: record))
        } catch let error as GRPCallError {
          // Bad request data ends the call (the stream is cancelled); it is what to report,
          // not the cancelled stream's status.
          record.failedRequests(error)
          throw error
        }
      } onEvent: { event in
        let wire = record.note(event, client: client, streamIndex: streamIndex)
        await onEvent(event, wire)
      }
    } catch let error as GRPCallError {
      throw record.requestFailure ?? error
    } catch {
      if let failure = record.requestFailure { throw failure }
      throw .callFailed(method: displayName, reason: ErrorWords.describe(error))
    }
    if let failure = record.requestFailure { throw failure }
    var outcome = record.outcome(status: status)
    outcome.duration = ContinuousClock.now - start
    outcome.streamIndex = streamIndex
    return outcome
  }
}

/// Where a session's requests go: each is sent and its size recorded.
public struct SessionSink: RequestSink {
  let writer: RequestWriter
  let record: SessionRecord

  /// Sends one encoded request (counted in the outcome).
  public func write(_ message: [UInt8]) async throws {
    try await write(message, counted: true)
  }

  /// Sends one encoded request; an uncounted one is grpcurl's implicit empty request.
  public func write(_ message: [UInt8], counted: Bool) async throws {
    try await writer.write(message)
    if counted { record.sent(message.count) }
  }
}

/// What a session saw, gathered from the request and response tasks. Guarded by a lock rather
/// than an actor: each response passes through it, and an actor would add two executor hops per
/// message to the receiving task.
final class SessionRecord: Sendable {
  private struct State {
    var headers: MetadataPairs = []
    var trailers: MetadataPairs = []
    var responses: [[UInt8]] = []
    var responseCount = 0
    var requestSizes: [Int] = []
    var requestFailure: GRPCallError?
  }

  let keepsResponses: Bool
  private let state = Mutex(State())

  init(keepsResponses: Bool) { self.keepsResponses = keepsResponses }

  func sent(_ size: Int) { state.withLock { $0.requestSizes.append(size) } }

  /// The requests could not be produced (bad request data, unreadable input).
  func failedRequests(_ error: GRPCallError) {
    state.withLock { $0.requestFailure = $0.requestFailure ?? error }
  }

  /// Why the requests could not be produced, if they could not.
  var requestFailure: GRPCallError? { state.withLock { $0.requestFailure } }

  /// Records an event; for a response, returns how it travelled.
  func note(_ event: CallEvent, client: DynamicClient, streamIndex: Int) -> WireMessage? {
    let index: Int? = state.withLock { state in
      switch event {
      case .responseHeaders(let pairs):
        state.headers = pairs
        return nil
      case .responseTrailers(let pairs):
        state.trailers = pairs
        return nil
      case .response(let bytes):
        if keepsResponses { state.responses.append(bytes) }
        state.responseCount += 1
        return state.responseCount - 1
      }
    }
    return index.flatMap { client.receivedWire(stream: streamIndex, index: $0) }
  }

  func outcome(status: CallStatus) -> CallSession.Outcome {
    state.withLock { state in
      CallSession.Outcome(
        status: status,
        headers: state.headers,
        trailers: state.trailers,
        responses: state.responses,
        responseCount: state.responseCount,
        requestSizes: state.requestSizes
      )
    }
  }
}
