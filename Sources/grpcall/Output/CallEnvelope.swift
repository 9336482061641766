import GRPCallCore
import ProtoCodec
import ProtoSchema
import Synchronization

/// `--output envelope`: the whole exchange of one call as one JSON document on stdout — method,
/// request headers (credentials redacted), response headers, every response, trailers, status
/// and timing — written when the call ends, however it ends, so a `jq` script needs nothing else.
///
/// Headers are objects of arrays (`{"content-type": ["application/grpc"]}`), as HTTP and gRPC
/// metadata allow a name more than once. A call that never reached a status has `"status": null`
/// and an `"error"` line; a server that could not be reached reads as `UNAVAILABLE`, as gRPC
/// clients report it.
final class CallEnvelope: Sendable {
  private struct State {
    var method: String?
    var requestHeaders: MetadataPairs = []
    var responseHeaders: MetadataPairs = []
    /// Each response as compact JSON.
    var responses: [[UInt8]] = []
    var trailers: MetadataPairs = []
    var status: CallStatus?
    var error: String?
    var schema: DescriptorPool?
    var callStarted: ContinuousClock.Instant?
    var firstResponse: Duration?
    var call: Duration?
    var reflection: Duration?
    var connect: Duration?
  }

  private let started = ContinuousClock.now
  private let redactor: SecretRedactor
  private let state = Mutex(State())

  /// An envelope whose request headers are shown through `redactor`.
  init(redactor: SecretRedactor) {
    self.redactor = redactor
  }

  /// The call about to start: its method, its request metadata and its schema (for the status
  /// details).
  func begin(
    method: ProtoSchema.MethodDescriptor,
    metadata: HeaderList,
    schema: DescriptorPool,
    reflection: Duration?
  ) {
    let headers = metadata.pairs.map { (key: $0.name, value: $0.value) }
    state.withLock { state in
      state.method = method.serviceName + "/" + method.name
      state.requestHeaders = headers
      state.schema = schema
      state.reflection = reflection
      state.callStarted = ContinuousClock.now
    }
  }

  /// Records the method as typed and the request headers before connecting (for a call that
  /// fails before it starts).
  func name(_ method: String, metadata: HeaderList?) {
    let headers = metadata?.pairs.map { (key: $0.name, value: $0.value) } ?? []
    state.withLock { state in
      state.method = method
      state.requestHeaders = headers
    }
  }

  /// Records headers or trailers as they arrive.
  func record(_ event: CallEvent) {
    state.withLock { state in
      switch event {
      case .responseHeaders(let pairs): state.responseHeaders = pairs
      case .responseTrailers(let pairs): state.trailers = pairs
      case .response: break
      }
    }
  }

  /// Records one response, rendered as compact JSON.
  func record(response json: String) {
    let now = ContinuousClock.now
    state.withLock { state in
      if state.responses.isEmpty, let start = state.callStarted {
        state.firstResponse = now - start
      }
      state.responses.append(Array(json.utf8))
    }
  }

  /// Records how the call ended, and how long it and connecting took.
  func finish(status: CallStatus, call: Duration, connect: Duration?) {
    state.withLock { state in
      state.status = status
      state.call = call
      state.connect = connect
    }
  }

  /// Records a failure that is not the server's status: `unreachable` when the server could not
  /// be reached (reported as `UNAVAILABLE`).
  func fail(_ message: String, unreachable: Bool) {
    state.withLock { state in
      state.error = message
      if unreachable && state.status == nil {
        state.status = CallStatus(code: 14, message: message)
      }
    }
  }

  private let rendered = Mutex(false)

  /// `render()` the first time only: the call's end and an interrupt may both try to write it.
  func renderOnce() -> String? {
    let first = rendered.withLock { done in
      defer { done = true }
      return !done
    }
    return first ? render() : nil
  }

  /// The document, indented as grpcurl indents responses, with a final newline.
  func render() -> String {
    let total = ContinuousClock.now - started
    let state = state.withLock { $0 }
    var writer = JSONWriter()
    writer.beginObject()
    writer.key("method")
    if let method = state.method { writer.string(method) } else { writer.raw("null") }
    writer.key("requestHeaders")
    write(state.requestHeaders, redacted: true, into: &writer)
    writer.key("responseHeaders")
    write(state.responseHeaders, redacted: false, into: &writer)
    writer.key("responses")
    writer.beginArray()
    for response in state.responses {
      writer.element()
      if (try? writer.copyValue(response)) == nil { writer.raw("null") }
    }
    writer.endArray()
    writer.key("trailers")
    write(state.trailers, redacted: false, into: &writer)
    writer.key("status")
    if let status = state.status {
      write(status, schema: state.schema, into: &writer)
    } else {
      writer.raw("null")
    }
    if let error = state.error {
      writer.key("error")
      writer.string(error)
    }
    writer.key("timing")
    writeTiming(state, total: total, into: &writer)
    writer.endObject()
    return String(decoding: writer.output, as: UTF8.self) + "\n"
  }

  private func write(_ pairs: MetadataPairs, redacted: Bool, into writer: inout JSONWriter) {
    var order: [String] = []
    var values: [String: [String]] = [:]
    for pair in pairs {
      if values[pair.key] == nil { order.append(pair.key) }
      let value = redacted ? redactor.value(pair.value, forHeader: pair.key) : pair.value
      values[pair.key, default: []].append(value)
    }
    writer.beginObject()
    for name in order {
      writer.key(name)
      writer.beginArray()
      for value in values[name] ?? [] {
        writer.element()
        writer.string(value)
      }
      writer.endArray()
    }
    writer.endObject()
  }

  private func write(_ status: CallStatus, schema: DescriptorPool?, into writer: inout JSONWriter) {
    writer.beginObject()
    writer.key("code")
    writer.raw(String(status.code))
    writer.key("name")
    writer.string(CallStatus.canonicalName(of: status.code))
    writer.key("message")
    writer.string(status.message)
    writer.key("details")
    writer.beginArray()
    let details = schema.map { StatusDetails.json(of: status, schema: $0) } ?? []
    for detail in details {
      writer.element()
      if (try? writer.copyValue(Array(detail.utf8))) == nil { writer.raw("null") }
    }
    writer.endArray()
    writer.endObject()
  }

  /// Milliseconds: `total` (the whole command), `connect` (TCP, TLS and HTTP/2 settings),
  /// `reflection`, `call` (first request to status) and `firstResponse` (call start to the first
  /// response); a phase that did not happen is left out.
  private func writeTiming(_ state: State, total: Duration, into writer: inout JSONWriter) {
    writer.beginObject()
    let phases: [(String, Duration?)] = [
      ("totalMs", total), ("connectMs", state.connect), ("reflectionMs", state.reflection),
      ("callMs", state.call), ("firstResponseMs", state.firstResponse),
    ]
    for (name, duration) in phases {
      guard let duration else { continue }
      writer.key(name)
      writer.raw(Self.milliseconds(duration))
    }
    writer.endObject()
  }

  /// A duration in milliseconds with three decimals (`12.345`).
  static func milliseconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    let fraction = String(microseconds % 1000)
    return "\(microseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
  }
}
