import GRPCallCore
import ProtoCodec
import ProtoSchema

/// Prints what happens during a call, in grpcurl's layouts: responses on stdout as they arrive,
/// and with `-v` the headers, trailers and a summary.
actor CallPrinter {
  private let formatter: MessageRenderer
  private let responseType: MessageDescriptor
  private let verbosity: Int
  private(set) var responsesReceived = 0
  private(set) var conversionFailure: String?

  init(formatter: MessageRenderer, responseType: MessageDescriptor, verbosity: Int) {
    self.formatter = formatter
    self.responseType = responseType
    self.verbosity = verbosity
  }

  /// Handles one call event.
  func handle(_ event: CallEvent) {
    switch event {
    case .responseHeaders(let metadata):
      if verbosity > 0 { Terminal.out("\nResponse headers received:\n" + Self.render(metadata)) }
    case .response(let bytes):
      responsesReceived += 1
      if verbosity > 1 { Terminal.out("\nEstimated response size: \(bytes.count) bytes\n") }
      if verbosity > 0 { Terminal.out("\nResponse contents:\n") }
      do {
        // Text-format responses after the first are prefixed with 0x1E, so the output can be
        // piped into another `-format text -d @` call (not with -v).
        let separator = formatter.isText && verbosity == 0 && responsesReceived > 1 ? "\u{1E}" : ""
        Terminal.out(separator + (try formatter.render(bytes, as: responseType)) + "\n")
      } catch {
        conversionFailure =
          conversionFailure ?? "Failed to format response message \(responsesReceived): \(error)"
      }
    case .responseTrailers(let metadata):
      if verbosity > 0 { Terminal.out("\nResponse trailers received:\n" + Self.render(metadata)) }
    }
  }

  /// `key: value` lines sorted by key, or `(empty)`.
  static func render(_ metadata: MetadataPairs) -> String {
    guard !metadata.isEmpty else { return "(empty)\n" }
    return metadata.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)\n" }.joined()
  }

  /// `Sent N requests and received M responses`.
  static func summary(sent: Int, received: Int) -> String {
    "Sent \(sent) request\(sent == 1 ? "" : "s") and received \(received) response\(received == 1 ? "" : "s")\n"
  }

  /// The method as grpcurl shows it in verbose mode.
  static func methodSignature(_ method: ProtoSchema.MethodDescriptor) -> String {
    let input = (method.clientStreaming ? "stream " : "") + "." + method.inputType
    let output = (method.serverStreaming ? "stream " : "") + "." + method.outputType
    return "rpc \(method.name) ( \(input) ) returns ( \(output) );\n"
  }
}

/// Counts the requests sent, from the request-writing task.
actor RequestCounter {
  private(set) var count = 0

  func increment() { count += 1 }
}
