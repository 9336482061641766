import Foundation
import ProtoCodec
import ProtoSchema

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

  /// Creates a source for `method`'s requests.
  public init(
    input: RequestInput,
    pool: DescriptorPool,
    method: ProtoSchema.MethodDescriptor,
    options: JSONToBinary.Options,
    format: MessageFormat = .json
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
  }

  /// Reads all input and encodes every message (for unary and server-streaming calls).
  public func allMessages() throws(GRPCallError) -> [[UInt8]] {
    var splitter = MessageSplitter(format)
    var values: [[UInt8]]
    switch input {
    case .text(let text):
      values = splitter.append(Array(text.utf8))
    case .file(let path):
      values = splitter.append(try Self.contents(ofFile: path))
    case .standardInput:
      values = []
      do {
        try StandardInput.readChunks { values += splitter.append($0) }
      } catch {
        throw .inputFailed("\(error)")
      }
    }
    if let last = splitter.finish() { values.append(last) }
    var messages: [[UInt8]] = []
    for (index, value) in values.enumerated() {
      messages.append(try encode(value, index: index, count: values.count))
    }
    return messages
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
      }
      if let last = splitter.finish() {
        try await writer.write(try encode(last, index: index, count: 0))
      }
    }
  }

  /// The bytes of a request data file, or a one-line reason it could not be read.
  static func contents(ofFile path: String) throws(GRPCallError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
      throw .inputFailed("open \(path): \(String(cString: strerror(errno)).lowercased())")
    }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw .inputFailed("read \(path): \(String(cString: strerror(errno)).lowercased())")
      }
      if count == 0 { return bytes }
      bytes += buffer[0 ..< count]
    }
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

/// Reads standard input in chunks without Foundation's buffering, so interactive input is seen at once.
enum StandardInput {
  static func readChunks(_ body: ([UInt8]) -> Void) throws {
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw StandardInputError(errno: errno)
      }
      if count == 0 { return }
      body(Array(buffer[0 ..< count]))
    }
  }

  /// Chunks of standard input as they arrive, read on a thread of their own.
  static func chunks() -> AsyncThrowingStream<[UInt8], any Error> {
    AsyncThrowingStream { continuation in
      let thread = Thread {
        do {
          try readChunks { continuation.yield($0) }
          continuation.finish()
        } catch {
          continuation.finish(throwing: error)
        }
      }
      thread.start()
    }
  }
}

struct StandardInputError: Error, CustomStringConvertible {
  var errno: Int32
  var description: String { "read from standard input failed (errno \(errno))" }
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

  /// The last message; text input always has one (empty input is one empty message).
  mutating func finish() -> [UInt8]? {
    format == .text ? text.finish() : json.finish()
  }
}
