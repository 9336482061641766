import ProtoCodec
import ProtoSchema
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where request messages come from: the `-d` text, standard input for `-d @`, or a file for
/// `-d @FILE` (curl's convention).
public enum RequestInput: Sendable, Hashable {
  /// Messages written out in full.
  case text(String)
  /// Standard input, read as it arrives (interactive for streaming calls).
  case standardInput
  /// A file holding the messages, read whole (it is read through, so a named pipe works too).
  case file(String)

  /// The input as `-d` would spell it: `@` is standard input, `@PATH` a file, anything else the
  /// messages themselves.
  public init(dataArgument data: String) {
    if data == "@" {
      self = .standardInput
    } else if data.hasPrefix("@") {
      self = .file(String(data.dropFirst()))
    } else {
      self = .text(data)
    }
  }
}

/// Turns request input into encoded messages of the method's request type: concatenated JSON
/// values, or text-format messages separated by 0x1E (grpcurl's `-format text`).
public struct RequestSource: Sendable {
  let input: RequestInput
  let format: MessageFormat
  let encoder: JSONToBinary
  let textEncoder: TextToBinary
  let type: MessageDescriptor
  let methodName: String
  /// The most bytes of text one message may take (`-max-msg-sz`): endless input without a
  /// message boundary (`-d @/dev/zero`) ends with an error instead of growing without bound.
  let maxMessageBytes: Int

  /// Creates a source for `method`'s requests.
  public init(
    input: RequestInput,
    pool: DescriptorPool,
    method: ProtoSchema.MethodDescriptor,
    options: JSONToBinary.Options,
    format: MessageFormat = .json,
    maxMessageBytes: Int = 4 * 1024 * 1024
  ) throws(GRPCallError) {
    guard let type = pool.message(named: method.inputType) else {
      throw .messageConversion(
        method: method.fullName,
        reason: "request type \(method.inputType) is not known"
      )
    }
    self.input = input
    self.format = format
    self.encoder = JSONToBinary(pool: pool, options: options)
    self.textEncoder = TextToBinary(
      pool: pool,
      options: .init(ignoreUnknownFields: options.ignoreUnknownFields)
    )
    self.type = type
    self.methodName = method.serviceName + "/" + method.name
    self.maxMessageBytes = maxMessageBytes
  }

  /// Reads all input and encodes every message.
  public func allMessages() throws(GRPCallError) -> [[UInt8]] {
    try messages(atMost: nil).messages
  }

  /// Reads input and encodes its messages (for unary and server-streaming calls). With `limit`,
  /// reading stops as soon as a message past it begins (`yes '{}' | grpcall …` ends at the
  /// second), and `exceeded` says so; the messages past the limit are not encoded.
  public func messages(
    atMost limit: Int?
  ) throws(GRPCallError) -> (messages: [[UInt8]], exceeded: Bool) {
    var splitter = MessageSplitter(format)
    var values: [[UInt8]] = []
    var exceeded = false
    let maxMessageBytes = maxMessageBytes
    let take = { (chunk: [UInt8]) throws(GRPCallError) -> Bool in
      values += splitter.append(chunk)
      if let limit, values.count > limit || (values.count == limit && splitter.hasContent) {
        exceeded = true
        return false
      }
      if splitter.pendingByteCount > maxMessageBytes {
        throw Self.tooLarge(message: values.count + 1, limit: maxMessageBytes)
      }
      return true
    }
    switch input {
    case .text(let text):
      _ = try take(Array(text.utf8))
    case .file(let path):
      try ChunkReader.forEachChunk(path: path, each: take)
    case .standardInput:
      try ChunkReader.forEachChunk(descriptor: 0, name: "standard input", each: take)
    }
    if !exceeded, let last = splitter.finish() { values.append(last) }
    var messages: [[UInt8]] = []
    let encoded = limit.map { values.prefix($0) } ?? values[...]
    for (index, value) in encoded.enumerated() {
      messages.append(try encode(value, index: index, count: exceeded ? 2 : values.count))
    }
    return (messages, exceeded)
  }

  /// `messages(atMost:)` read on a thread of its own, given up after `timeout` (`-max-time`): a
  /// named pipe without a writer, or a terminal nobody types into, must not outlast the call's
  /// time limit. The abandoned read ends with the process.
  public func messages(
    atMost limit: Int?,
    within timeout: Duration?
  ) async throws(GRPCallError) -> (messages: [[UInt8]], exceeded: Bool) {
    if case .text = input { return try messages(atMost: limit) }
    guard let timeout else { return try messages(atMost: limit) }
    let outcome = OnceResult<(messages: [[UInt8]], exceeded: Bool)>()
    let result = await withCheckedContinuation { continuation in
      outcome.onResult { continuation.resume(returning: $0) }
      let timer = Task {
        try await Task.sleep(for: timeout)
        outcome.set(
          .failure(
            .inputFailed(
              "no complete request data within -max-time (\(DurationText.go(timeout)))"
            )
          )
        )
      }
      BlockingThread.start {
        outcome.set(Result { () throws(GRPCallError) in try self.messages(atMost: limit) })
        timer.cancel()
      }
    }
    return try result.get()
  }

  /// Sends each message as soon as it is complete (for client- and bidi-streaming calls).
  public func stream(to writer: some RequestSink) async throws {
    switch input {
    case .text, .file:
      for message in try allMessages() { try await writer.write(message) }
    case .standardInput:
      var splitter = MessageSplitter(format)
      var index = 0
      for try await chunk in StandardInput.chunks() {
        for value in splitter.append(chunk) {
          try await writer.write(try encode(value, index: index, count: 0))
          index += 1
        }
        if splitter.pendingByteCount > maxMessageBytes {
          throw Self.tooLarge(message: index + 1, limit: maxMessageBytes)
        }
      }
      if let last = splitter.finish() {
        try await writer.write(try encode(last, index: index, count: 0))
      }
    }
  }

  /// One message's text past `-max-msg-sz`.
  static func tooLarge(message number: Int, limit: Int) -> GRPCallError {
    .inputFailed(
      "message \(number) is larger than \(limit) bytes (raise -max-msg-sz for larger messages)"
    )
  }

  private func encode(_ value: [UInt8], index: Int, count: Int) throws(GRPCallError) -> [UInt8] {
    do {
      if format == .text { return try textEncoder.encode(value, as: type) }
      return try encoder.encode(value, as: type)
    } catch {
      let prefix = count == 1 ? "" : "message \(index + 1): "
      throw .messageConversion(method: methodName, reason: prefix + error.description)
    }
  }
}

/// Reads a file descriptor in chunks as they arrive, without buffering, so interactive input is
/// seen at once.
enum ChunkReader {
  /// Reads `descriptor` until its end or until `each` returns false.
  static func forEachChunk(
    descriptor: Int32,
    name: String,
    each: ([UInt8]) throws(GRPCallError) -> Bool
  ) throws(GRPCallError) {
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw .inputFailed("read \(name): \(String(cString: strerror(errno)).lowercased())")
      }
      if count == 0 { return }
      guard try each(Array(buffer[0 ..< count])) else { return }
    }
  }

  /// Opens `path` and reads it like `forEachChunk(descriptor:name:each:)`.
  static func forEachChunk(
    path: String,
    each: ([UInt8]) throws(GRPCallError) -> Bool
  ) throws(GRPCallError) {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
      throw .inputFailed("open \(path): \(String(cString: strerror(errno)).lowercased())")
    }
    defer { close(descriptor) }
    try forEachChunk(descriptor: descriptor, name: path, each: each)
  }
}

/// Standard input as it arrives, for streaming calls.
enum StandardInput {
  /// Chunks of standard input as they arrive, read on a thread of their own.
  static func chunks() -> AsyncThrowingStream<[UInt8], any Error> {
    AsyncThrowingStream { continuation in
      BlockingThread.start {
        do throws(GRPCallError) {
          try ChunkReader.forEachChunk(descriptor: 0, name: "standard input") {
            continuation.yield($0)
            return true
          }
          continuation.finish()
        } catch {
          continuation.finish(throwing: error)
        }
      }
    }
  }
}

/// Splits request input into messages in the request format.
struct MessageSplitter {
  private var json = JSONStreamSplitter()
  private var text = RecordSplitter()
  private let format: MessageFormat

  init(_ format: MessageFormat) { self.format = format }

  mutating func append(_ bytes: [UInt8]) -> [[UInt8]] {
    format == .text ? text.append(bytes) : json.append(bytes)
  }

  /// Bytes held for the message not yet complete.
  var pendingByteCount: Int {
    format == .text ? text.pendingByteCount : json.pendingByteCount
  }

  /// Whether a message has begun after the last complete one (text format: always, since what
  /// follows a separator is a message, even nothing; JSON: anything but whitespace).
  var hasContent: Bool {
    format == .text ? true : json.hasStartedValue
  }

  /// The last message; text input always has one (empty input is one empty message).
  mutating func finish() -> [UInt8]? {
    format == .text ? text.finish() : json.finish()
  }
}

/// A result that is set once, by whichever of several racers comes first.
final class OnceResult<Value: Sendable>: Sendable {
  private struct State {
    var result: Result<Value, GRPCallError>?
    var receiver: (@Sendable (Result<Value, GRPCallError>) -> Void)?
  }
  private let state = Mutex(State())

  /// Where the result goes (called at once if it is already set).
  func onResult(_ body: @escaping @Sendable (Result<Value, GRPCallError>) -> Void) {
    let ready = state.withLock { state in
      if state.result == nil { state.receiver = body }
      return state.result
    }
    if let ready { body(ready) }
  }

  /// Sets the result unless one was set before.
  func set(_ value: Result<Value, GRPCallError>) {
    let receiver = state.withLock { state -> (@Sendable (Result<Value, GRPCallError>) -> Void)? in
      guard state.result == nil else { return nil }
      state.result = value
      return state.receiver
    }
    receiver?(value)
  }
}
