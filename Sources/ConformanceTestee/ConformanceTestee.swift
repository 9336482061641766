import GRPCallCore
import ProtoCodec
import ProtoSchema

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The protobuf conformance suite's testee: reads length-prefixed `ConformanceRequest`s on stdin
/// and answers each with a `ConformanceResponse` on stdout, converting through the same
/// `MessageConverter` that `grpcall convert` uses. The test message schemas are compiled by
/// grpcall's own compiler from `Tests/Conformance` (or the directory given as the argument).
///
/// Run it with `scripts/conformance RUNNER`.
@main
enum ConformanceTestee {
  static func main() {
    let directory = CommandLine.arguments.dropFirst().first ?? "Tests/Conformance"
    let pool: DescriptorPool
    do {
      pool = try SchemaLoader.fromProtoFiles(
        ["test_messages_proto3.proto", "test_messages_proto2.proto"],
        importPaths: [directory]
      )
    } catch {
      writeError("grpcall-conformance: cannot compile the test messages in \(directory): \(error)")
      exit(1)
    }
    while let request = readFrame() {
      let response = answer(ConformanceRequest(decoding: request), pool: pool)
      writeFrame(response.encoded)
    }
  }

  /// Converts the request's payload as asked.
  static func answer(_ request: ConformanceRequest, pool: DescriptorPool) -> ConformanceResponse {
    if request.messageType == "conformance.FailureSet" { return .protobuf([]) }
    guard let input = request.payload else { return .skipped("unsupported input format") }
    guard let output = request.outputFormat else { return .skipped("unsupported output format") }
    var options = MessageConverter.Options()
    options.compact = true
    options.allowUnknownFields = request.ignoresUnknownJSONFields
    options.printUnknownFields = request.printUnknownFields
    let converter: MessageConverter
    do {
      converter = try MessageConverter(pool: pool, typeName: request.messageType, options: options)
    } catch {
      return .runtimeError("\(error)")
    }
    do {
      var result = try converter.convert(input.bytes, from: input.format, to: output)
      if output != .binary, result.last == 0x0A { result.removeLast() }
      switch output {
      case .binary: return .protobuf(result)
      case .json: return .json(String(decoding: result, as: UTF8.self))
      case .text: return .text(String(decoding: result, as: UTF8.self))
      }
    } catch .unreadable(_, _, let error) {
      return .parseError("\(error)")
    } catch {
      return .serializeError("\(error)")
    }
  }

  // MARK: - Framing (4-byte little-endian length, then the message)

  static func readFrame() -> [UInt8]? {
    guard let header = readExactly(4) else { return nil }
    let length = header.enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    return readExactly(length)
  }

  static func readExactly(_ count: Int) -> [UInt8]? {
    var bytes = [UInt8](repeating: 0, count: count)
    var offset = 0
    while offset < count {
      let got = bytes[offset...].withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
      if got < 0, errno == EINTR { continue }
      if got <= 0 { return nil }
      offset += got
    }
    return bytes
  }

  static func writeFrame(_ bytes: [UInt8]) {
    let count = UInt32(bytes.count)
    let header = (0 ..< 4).map { UInt8(truncatingIfNeeded: count >> (8 * $0)) }
    writeAll(header + bytes, to: 1)
  }

  static func writeError(_ text: String) {
    writeAll(Array((text + "\n").utf8), to: 2)
  }

  static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if written < 0, errno == EINTR { continue }
      if written <= 0 { return }
      offset += written
    }
  }
}
