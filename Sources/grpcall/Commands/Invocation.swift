import GRPCallCore
import ProtoCodec
import ProtoSchema

/// Calls one method: reads the requests, makes the call, prints each response as it arrives and
/// ends with the status.
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

  func run(on client: DynamicClient) async throws(CommandFailure) {
    let displayName = method.serviceName + "/" + method.name
    guard let responseType = pool.message(named: method.outputType) else {
      throw .runtime(
        "Error invoking method \"\(displayName)\": response type \(method.outputType) is not known"
      )
    }
    let source: RequestSource
    do {
      source = try RequestSource(
        input: input,
        pool: pool,
        method: method,
        options: decodeOptions,
        format: format
      )
    } catch {
      throw .from(error)
    }
    let fixedRequests = try fixedRequestsIfSingular(source, displayName: displayName)
    printPreamble()

    let printer = CallPrinter(
      formatter: MessageRenderer(pool: pool, format: format, jsonOptions: encodeOptions),
      responseType: responseType,
      verbosity: verbosity,
      redactor: redactor
    )
    let counter = RequestCounter()
    let status: CallStatus
    let callStart = ContinuousClock.now
    let streamsBefore = client.timeline.streams.count
    do {
      status = try await client.call(method, metadata: metadata, timeout: deadline) { writer in
        if let fixedRequests {
          for request in fixedRequests.messages { try await writer.write(request) }
          for request in fixedRequests.messages.prefix(fixedRequests.counted) {
            await counter.record(request.count)
          }
        } else {
          try await source.stream(to: CountingWriter(writer: writer, counter: counter))
        }
      } onEvent: { [verbosity] event in
        var wire: WireMessage?
        if verbosity > 1, case .response = event {
          let index = await printer.responsesReceived
          wire =
            client.timeline.streams.dropFirst(streamsBefore).first?.received
            .dropFirst(index).first
        }
        await printer.handle(event, wire: wire)
      }
    } catch let error as GRPCallError {
      throw .from(error)
    } catch {
      throw .runtime("Error invoking method \"\(displayName)\": \(error)")
    }
    let callTime = ContinuousClock.now - callStart
    try await finish(
      status: status,
      printer: printer,
      counter: counter,
      timing: verbosity > 1
        ? TimingReport(
          timeline: client.timeline,
          reflection: reflectionTime,
          call: callTime,
          callStream: streamsBefore
        ) : nil
    )
  }

  /// For unary and server-streaming calls: all input, checked to hold at most one message.
  private func fixedRequestsIfSingular(
    _ source: RequestSource,
    displayName: String
  ) throws(CommandFailure) -> (messages: [[UInt8]], counted: Int)? {
    guard !method.clientStreaming else { return nil }
    let messages: [[UInt8]]
    do {
      messages = try source.allMessages()
    } catch {
      throw .from(error)
    }
    if messages.count > 1 {
      throw .from(
        .tooManyRequests(
          method: displayName,
          kind: method.serverStreaming ? "server-streaming" : "unary"
        )
      )
    }
    return messages.isEmpty ? ([[]], 0) : (messages, 1)
  }

  private func printPreamble() {
    guard verbosity > 0 else { return }
    Terminal.out("\nResolved method descriptor:\n" + CallPrinter.methodSignature(method))
    let pairs = metadata.pairs.map { (key: $0.name, value: $0.value) }
    Terminal.out("\nRequest metadata to send:\n" + CallPrinter.render(pairs, redactor))
  }

  private func finish(
    status: CallStatus,
    printer: CallPrinter,
    counter: RequestCounter,
    timing: TimingReport?
  ) async throws(CommandFailure) {
    let received = await printer.responsesReceived
    if let timing {
      Terminal.out(timing.requestSizes(await counter.sizes))
    }
    if verbosity > 0 {
      Terminal.out(CallPrinter.summary(sent: await counter.count, received: received))
    }
    if let timing { Terminal.out(timing.tree) }
    if let failure = await printer.conversionFailure { throw .runtime(failure) }
    guard status.isOK else {
      Terminal.err(
        StatusPrinter(formatError: formatError ? format : nil, schema: pool).render(status)
      )
      throw .status(code: status.code)
    }
  }
}

/// Counts each request as it is sent.
struct CountingWriter: RequestSink {
  let writer: RequestWriter
  let counter: RequestCounter

  func write(_ message: [UInt8]) async throws {
    try await writer.write(message)
    await counter.record(message.count)
  }
}
