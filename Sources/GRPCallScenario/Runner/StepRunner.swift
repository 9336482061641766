import GRPCallCore
import ProtoCodec
import ProtoSchema

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs one step: builds its requests, makes the call through `CallSession`, checks every
/// expectation against the codec's JSON of the responses, and sets its captures.
struct StepRunner {
  let step: Step
  let pool: DescriptorPool
  let client: DynamicClient
  let context: FileContext

  /// Default wait for a scripted `receive:` without `within:`.
  static let defaultReceiveWait: Duration = .seconds(10)

  func run() async -> StepResult {
    var result = StepResult(name: step.name, location: step.location)
    do {
      try await call(into: &result)
    } catch {
      result.failures.append((error as? ScenarioError)?.description ?? "\(error)")
    }
    return result
  }

  private func call(into result: inout StepResult) async throws {
    let method: ProtoSchema.MethodDescriptor
    do {
      method = try MethodResolver.resolve(step.call, in: pool)
    } catch {
      throw ScenarioError.invalidValue("\(error)", at: step.callLocation)
    }
    guard let requestType = pool.message(named: method.inputType),
      let responseType = pool.message(named: method.outputType)
    else {
      throw ScenarioError.invalidValue(
        "the schema lacks \(method.inputType)",
        at: step.callLocation
      )
    }
    let codec = StepCodec(pool: pool, requestType: requestType, responseType: responseType)
    let metadata = try context.headerList(context.scenario.headers + step.headers)
    let session = CallSession(
      client: client,
      method: method,
      metadata: metadata,
      timeout: step.maxTime,
      keepsResponses: true
    )
    let outcome: CallSession.Outcome
    var scriptFailures: [String] = []
    if let script = step.stream {
      let run = try await runScript(script, session: session, codec: codec)
      outcome = run.outcome
      scriptFailures = run.failures
      result.requests = run.requests
      result.order = run.order
    } else {
      let requests = try requestValues(method).map { value in
        (json: value.description, bytes: try codec.encode(value, at: step.location))
      }
      result.requests = requests.map(\.json)
      outcome = try await session.run(
        requests: { sink in
          for request in requests { try await sink.write(request.bytes) }
        },
        onEvent: { _, _ in }
      )
    }
    result.duration = outcome.duration
    result.status = CallOutcomeStatus(code: outcome.status.code, message: outcome.status.message)
    let responses = try outcome.responses.map { try codec.decode($0) }
    result.responses = responses.map(\.description)
    result.failures += scriptFailures
    if scriptFailures.isEmpty {
      result.failures += try check(
        outcome,
        responses: responses,
        streaming: method.serverStreaming || method.clientStreaming
      )
    }
    if result.failures.isEmpty { try capture(from: responses, streaming: method.serverStreaming) }
  }

  /// The requests of a non-scripted step: `requests:`, else `request:` (default `{}` for unary
  /// and server-streaming calls; none for client and bidi streams).
  private func requestValues(_ method: ProtoSchema.MethodDescriptor) throws -> [JSONValue] {
    if let requests = step.requests {
      return try requests.map { try $0.resolved(context.variables) }
    }
    if let request = step.request { return [try request.resolved(context.variables)] }
    return method.clientStreaming ? [] : [.object([])]
  }

  // MARK: - Scripted streams

  private func runScript(
    _ script: [StreamAction],
    session: CallSession,
    codec: StepCodec
  ) async throws -> (
    outcome: CallSession.Outcome, failures: [String], requests: [String], order: [Bool]
  ) {
    let inbox = Inbox()
    let record = ScriptFailures()
    let variables = context.variables
    let closeIndex = script.firstIndex { if case .close = $0 { return true } else { return false } }
    let beforeClose = Array(script[..<(closeIndex ?? script.count)])
    let afterClose = closeIndex.map { Array(script[($0 + 1)...]) } ?? []
    let outcome: CallSession.Outcome
    do {
      outcome = try await session.run(
        requests: { sink in
          for action in beforeClose where await record.endedBeforeReceive == nil {
            try await Self.perform(
              action,
              sink: sink,
              inbox: inbox,
              codec: codec,
              variables: variables,
              record: record
            )
          }
        },
        onEvent: { event, _ in
          switch event {
          case .response(let bytes):
            await record.received()
            await inbox.put(bytes)
          case .responseTrailers: await inbox.close()
          case .responseHeaders: break
          }
        }
      )
    } catch {
      let failures = await record.failures
      let ended = await record.endedBeforeReceive
      guard !failures.isEmpty || ended != nil else { throw error }
      let status = CallStatus(code: 1, message: "script stopped")
      return (
        CallSession.Outcome(status: status), await record.failures(ending: status),
        await record.requests, await record.order
      )
    }
    await inbox.close()
    for action in afterClose {
      let failed = await !record.failures.isEmpty
      let ended = await record.endedBeforeReceive != nil
      if failed || ended { break }
      guard case .receive = action else {
        await record.fail("\(Self.location(of: action)): only receive: may follow close")
        break
      }
      try? await Self.perform(
        action,
        sink: nil,
        inbox: inbox,
        codec: codec,
        variables: variables,
        record: record
      )
    }
    return (
      outcome, await record.failures(ending: outcome.status), await record.requests,
      await record.order
    )
  }

  private static func perform(
    _ action: StreamAction,
    sink: SessionSink?,
    inbox: Inbox,
    codec: StepCodec,
    variables: Variables,
    record: ScriptFailures
  ) async throws {
    switch action {
    case .send(let value, let at):
      let json = try value.resolved(variables)
      await record.sent(json.description)
      try await sink?.write(try codec.encode(json, at: at))
    case .receive(let expected, let within, let at):
      let wait = within ?? defaultReceiveWait
      guard let bytes = await inbox.take(within: wait) else {
        // A call that ended is not a wait that ran out: the script stops without failing the
        // call, so its status (UNAUTHENTICATED, …) is what the step reports.
        if await inbox.isDrained {
          await record.callEnded(at: at)
          return
        }
        await record.fail("\(at): receive: no response within \(DurationText.go(wait))")
        throw ScriptStopped()
      }
      guard let expected else { return }
      let response = try codec.decode(bytes)
      if let difference = SubsetMatch.difference(
        expected: try expected.resolved(variables),
        actual: response,
        path: "response"
      ) {
        await record.fail("\(at): receive: \(difference)\n    got: \(response)")
        throw ScriptStopped()
      }
    case .close:
      return
    }
  }

  static func location(of action: StreamAction) -> SourceLocation {
    switch action {
    case .send(_, let at), .receive(_, _, let at), .close(let at): at
    }
  }

  // MARK: - Expectations

  private func check(
    _ outcome: CallSession.Outcome,
    responses: [JSONValue],
    streaming: Bool
  ) throws -> [String] {
    let expect = step.expect
    let at = expect.location ?? step.location
    let variables = context.variables
    var failures: [String] = []
    if outcome.status.code != expect.status {
      let got = CallOutcomeStatus(code: outcome.status.code, message: outcome.status.message)
      failures.append(
        "\(at): status: expected \(CallStatus.canonicalName(of: expect.status)), got \(got.description)"
      )
    }
    if let match = expect.message,
      let problem = try Self.problem(match, outcome.status.message, "message", variables)
    {
      failures.append("\(at): \(problem)")
    }
    for (name, match) in expect.headers {
      let value = outcome.headers.first { $0.key == name }?.value
      if let problem = try Self.problem(match, value, "headers.\(name)", variables) {
        failures.append("\(at): \(problem)")
      }
    }
    for (name, match) in expect.trailers {
      let value = outcome.trailers.first { $0.key == name }?.value
      if let problem = try Self.problem(match, value, "trailers.\(name)", variables) {
        failures.append("\(at): \(problem)")
      }
    }
    if let expected = expect.response {
      if let difference = SubsetMatch.difference(
        expected: try expected.resolved(variables),
        actual: responses.last,
        path: "response"
      ) {
        failures.append("\(at): \(difference)")
      }
    }
    if let expected = expect.responses {
      let list = JSONValue.array(try expected.map { try $0.resolved(variables) })
      if let difference = SubsetMatch.difference(
        expected: list,
        actual: .array(responses),
        path: "responses"
      ) {
        failures.append("\(at): \(difference)")
      }
    }
    if let count = expect.messageCount, !count.accepts(responses.count) {
      failures.append(
        "\(at): messages.count: expected \(count.description), got \(responses.count)"
      )
    }
    for assertion in expect.assertions {
      let root: JSONValue =
        streaming && assertion.path.indexesRoot ? .array(responses) : responses.last ?? .object([])
      if let problem = try assertion.failure(on: root, variables: variables) {
        failures.append("\(assertion.location): assert \(assertion.text): \(problem)")
      }
    }
    if let within = expect.within, outcome.duration > within {
      failures.append(
        "\(at): within: expected at most \(DurationText.go(within)), took \(DurationText.go(outcome.duration))"
      )
    }
    return failures
  }

  static func problem(
    _ match: StringMatch,
    _ value: String?,
    _ what: String,
    _ variables: Variables
  ) throws -> String? {
    guard let value else { return "\(what): missing" }
    switch match {
    case .equals(let template):
      let expected = try template.expanded(variables)
      return value == expected ? nil : "\(what): expected \"\(expected)\", got \"\(value)\""
    case .contains(let template):
      let part = try template.expanded(variables)
      return value.contains(part)
        ? nil : "\(what): expected to contain \"\(part)\", got \"\(value)\""
    case .matches(let template):
      let pattern = try template.expanded(variables)
      let regex: LinearRegex
      do {
        regex = try LinearRegex(pattern)
      } catch {
        throw ScenarioError.invalidValue(
          "'\(pattern)' is not a regular expression: \(error.description)",
          at: template.location
        )
      }
      return regex.matches(in: value)
        ? nil : "\(what): expected to match /\(pattern)/, got \"\(value)\""
    }
  }

  private func capture(from responses: [JSONValue], streaming: Bool) throws {
    for (name, path) in step.captures {
      let root: JSONValue =
        streaming && path.indexesRoot ? .array(responses) : responses.last ?? .object([])
      guard let value = path.evaluate(root) else {
        throw ScenarioError.invalidValue(
          "capture \(name): \(path) does not exist in the response",
          at: step.location
        )
      }
      context.variables.captures[name] = value.plainText
    }
  }
}

/// JSON in, binary out and back, through the codec (never a second encoder).
struct StepCodec: Sendable {
  let pool: DescriptorPool
  let requestType: MessageDescriptor
  let responseType: MessageDescriptor

  func encode(_ value: JSONValue, at location: SourceLocation) throws -> [UInt8] {
    do {
      return try JSONToBinary(pool: pool).encode(Array(value.description.utf8), as: requestType)
    } catch {
      throw ScenarioError.invalidValue("request: \(error)", at: location)
    }
  }

  /// A response as the codec writes it, defaults included, so `$.age == 0` sees the zero.
  func decode(_ bytes: [UInt8]) throws -> JSONValue {
    let options = BinaryToJSON.Options(emitDefaults: true, indent: "", unresolvableAnyAsRaw: true)
    let text = try BinaryToJSON(pool: pool, options: options).json(bytes, as: responseType)
    return try JSONValue(parsing: text)
  }
}
