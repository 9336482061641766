import GRPCallCore
import ProtoCodec
import ProtoSchema
import Synchronization

/// Prints what happens during a call, in grpcurl's layouts: responses on stdout as they arrive,
/// and with `-v` the headers, trailers and a summary. Events come one at a time from the
/// receiving task and are printed on it (a lock, not an actor, so no executor hop per message).
final class CallPrinter: Sendable {
  private struct State {
    var responsesReceived = 0
    var conversionFailure: String?
  }

  private let formatter: MessageRenderer
  private let responseType: MessageDescriptor
  private let verbosity: Int
  private let redactor: SecretRedactor
  private let state = Mutex(State())
  /// Responses without -v, written in batches.
  private let batch = OutputBatch()
  /// With `--output envelope`: responses, headers and trailers go here, not to stdout.
  private let envelope: CallEnvelope?

  /// Writes every response held in the batch (before anything else is printed).
  func flush() { batch.flush() }

  /// The first response that could not be rendered, described.
  var conversionFailure: String? { state.withLock { $0.conversionFailure } }

  init(
    formatter: MessageRenderer,
    responseType: MessageDescriptor,
    verbosity: Int,
    redactor: SecretRedactor,
    envelope: CallEnvelope? = nil
  ) {
    self.envelope = envelope
    self.formatter = formatter
    self.responseType = responseType
    self.verbosity = verbosity
    self.redactor = redactor
  }

  /// Handles one call event; `wire` is how a response travelled (with -vv).
  func handle(_ event: CallEvent, wire: WireMessage? = nil) {
    if let envelope {
      collect(event, into: envelope)
      return
    }
    switch event {
    case .responseHeaders(let metadata):
      if verbosity > 0 {
        Terminal.out(
          "\n" + Colors.heading("Response headers received:") + "\n"
            + Self.render(metadata, redactor)
        )
      }
    case .response(let bytes):
      let number = state.withLock { state in
        state.responsesReceived += 1
        return state.responsesReceived
      }
      if verbosity > 1 {
        Terminal.out("\nEstimated response size: \(bytes.count) bytes\n")
        if let wire { Terminal.out(TimingReport.wireLine(wire, direction: "Response")) }
      }
      if verbosity > 0 { Terminal.out("\n" + Colors.heading("Response contents:") + "\n") }
      do {
        // Text-format responses after the first are prefixed with 0x1E, so the output can be
        // piped into another `-format text -d @` call (not with -v).
        let separator = formatter.isText && verbosity == 0 && number > 1 ? "\u{1E}" : ""
        let message = try formatter.render(bytes, as: responseType)
        let rendered = separator + (formatter.isText ? message : Colors.json(message)) + "\n"
        if verbosity == 0 { batch.append(rendered) } else { Terminal.out(rendered) }
      } catch {
        state.withLock { state in
          state.conversionFailure =
            state.conversionFailure ?? "Failed to format response message \(number): \(error)"
        }
      }
    case .responseTrailers(let metadata):
      batch.flush()
      if verbosity > 0 {
        Terminal.out(
          "\n" + Colors.heading("Response trailers received:") + "\n"
            + Self.render(metadata, redactor)
        )
      }
    }
  }

  private func collect(_ event: CallEvent, into envelope: CallEnvelope) {
    guard case .response(let bytes) = event else { return envelope.record(event) }
    let number = state.withLock { state in
      state.responsesReceived += 1
      return state.responsesReceived
    }
    do {
      envelope.record(response: try formatter.render(bytes, as: responseType))
    } catch {
      state.withLock { state in
        state.conversionFailure =
          state.conversionFailure ?? "Failed to format response message \(number): \(error)"
      }
    }
  }

  /// `key: value` lines sorted by key, or `(empty)`; credentials redacted, control characters
  /// escaped.
  static func render(_ metadata: MetadataPairs, _ redactor: SecretRedactor) -> String {
    guard !metadata.isEmpty else { return "(empty)\n" }
    return metadata.sorted { $0.key < $1.key }.map { pair in
      let value = NetworkText.escaped(redactor.value(pair.value, forHeader: pair.key))
      return "\(NetworkText.escaped(pair.key)): \(value)\n"
    }.joined()
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
