import GRPCallCore
import ProtoCodec
import ProtoSchema

/// Calls one method through a `CallSession` and renders it: each response as it arrives, the
/// verbose sections, the status. No call logic lives here.
struct Invocation {
  let pool: DescriptorPool
  let method: ProtoSchema.MethodDescriptor
  let metadata: HeaderList
  let deadline: Duration?
  let input: RequestInput
  let decodeOptions: JSONToBinary.Options
  let encodeOptions: BinaryToJSON.Options
  let format: MessageFormat
  let verbosity: Int
  let formatError: Bool
  let redactor: SecretRedactor
  /// How long fetching the schema through reflection took (nil without reflection).
  let reflectionTime: Duration?
  /// With `--output envelope`: where the exchange is collected instead of printed.
  let envelope: CallEnvelope?

  func run(on client: DynamicClient) async throws(CommandFailure) {
    guard let responseType = pool.message(named: method.outputType) else {
      throw .runtime(
        "Error invoking method \"\(method.serviceName)/\(method.name)\": response type \(method.outputType) is not known"
      )
    }
    let session = CallSession(client: client, method: method, metadata: metadata, timeout: deadline)
    let outcome: CallSession.Outcome
    let printer = CallPrinter(
      formatter: MessageRenderer(pool: pool, format: format, jsonOptions: encodeOptions),
      responseType: responseType,
      verbosity: verbosity,
      redactor: redactor,
      envelope: envelope
    )
    do throws(GRPCallError) {
      let source = try RequestSource(
        input: input,
        pool: pool,
        method: method,
        options: decodeOptions,
        format: format,
        maxMessageBytes: client.options.maxReceiveMessageBytes
      )
      let fixed = try await session.fixedRequests(from: source)
      printPreamble()
      envelope?.begin(method: method, metadata: metadata, schema: pool, reflection: reflectionTime)
      outcome = try await session.run(source: source, fixed: fixed) { event, wire in
        printer.handle(event, wire: wire)
      }
    } catch {
      printer.flush()
      throw .from(error)
    }
    printer.flush()
    envelope?.finish(
      status: outcome.status,
      call: outcome.duration,
      connect: client.timeline.ready.map { $0 - client.timeline.started }
    )
    try await finish(outcome, printer: printer, timeline: verbosity > 1 ? client.timeline : nil)
  }

  private func printPreamble() {
    guard verbosity > 0 else { return }
    Terminal.out(
      "\n" + Colors.heading("Resolved method descriptor:") + "\n"
        + CallPrinter.methodSignature(method)
    )
    let pairs = metadata.pairs.map { (key: $0.name, value: $0.value) }
    Terminal.out(
      "\n" + Colors.heading("Request metadata to send:") + "\n"
        + CallPrinter.render(pairs, redactor)
    )
  }

  private func finish(
    _ outcome: CallSession.Outcome,
    printer: CallPrinter,
    timeline: ConnectionTimeline?
  ) async throws(CommandFailure) {
    let timing = timeline.map { timeline in
      TimingReport(
        timeline: timeline,
        reflection: reflectionTime,
        call: outcome.duration,
        callStream: outcome.streamIndex
      )
    }
    if let timing { Terminal.out(timing.requestSizes(outcome.requestSizes)) }
    if verbosity > 0 {
      Terminal.out(
        CallPrinter.summary(sent: outcome.requestSizes.count, received: outcome.responseCount)
      )
    }
    if let timing { Terminal.out(timing.tree) }
    if let failure = printer.conversionFailure { throw .runtime(failure) }
    guard outcome.status.isOK else {
      let block = StatusPrinter(formatError: formatError ? format : nil, schema: pool)
        .render(outcome.status)
      Terminal.err(formatError ? block : Colors.error(block))
      throw .status(code: outcome.status.code)
    }
  }
}
