import GRPCallCore
import ProtoCodec
import ProtoSchema

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs scenario files: one connection per file (all its steps share it), every step a real
/// call through `CallSession`, every expectation checked on the codec's JSON of what came back.
public struct ScenarioRunner: Sendable {
  /// How to run.
  public struct Options: Sendable {
    /// `--var NAME=VALUE`.
    public var overrides: [String: String] = [:]
    /// The environment `${NAME}` falls back to.
    public var environment: [String: String] = [:]
    /// Stop a file at its first failing step.
    public var failFast = false
    /// `--wait-for`: retry connecting (and the health check) this long before the first step.
    public var waitFor: Duration?

    /// Default options.
    public init() {}
  }

  let options: Options

  /// A runner.
  public init(options: Options) { self.options = options }

  /// Checks a scenario's `${NAME}` references before anything runs.
  public func validate(_ scenario: Scenario) throws(ScenarioError) {
    try ReferenceCheck.check(
      scenario,
      known: Set(options.overrides.keys).union(options.environment.keys)
    )
  }

  /// Runs every step of `scenario`; `report` sees each step as it ends.
  public func run(
    _ scenario: Scenario,
    report: @escaping @Sendable (RunEvent) async -> Void
  ) async -> ScenarioResult {
    let start = ContinuousClock.now
    var result = ScenarioResult(file: scenario.file, name: scenario.name)
    do {
      var variables = Variables(overrides: options.overrides, environment: options.environment)
      for (name, template) in scenario.variables {
        variables.fileVariables[name] = try template.expanded(variables)
      }
      let connection = try connectionOptions(scenario, variables)
      if let waitFor = options.waitFor { await Self.waitUntilReady(connection, for: waitFor) }
      let context = FileContext(scenario: scenario, variables: variables, options: options)
      result.steps = try await DynamicClient.withConnection(connection) { client in
        await context.runSteps(on: client, report: report)
      }
    } catch {
      let message = (error as? ScenarioError)?.description ?? "\(error)"
      let step = StepResult(
        name: scenario.steps.first?.name ?? scenario.name,
        location: scenario.steps.first?.location
          ?? SourceLocation(file: scenario.file, line: 1, column: 1),
        failures: [message]
      )
      result.steps = [step]
      await report(.stepFinished(scenario: scenario.name, step))
    }
    result.duration = ContinuousClock.now - start
    return result
  }

  func connectionOptions(
    _ scenario: Scenario,
    _ variables: Variables
  ) throws -> ConnectionOptions {
    let settings = scenario.connection
    guard let targetTemplate = scenario.target else {
      throw ScenarioError.missingKey(
        "target",
        context: "a scenario file",
        at: SourceLocation(file: scenario.file, line: 1, column: 1)
      )
    }
    func expand(_ template: Template?) throws -> String? { try template?.expanded(variables) }
    return try ConnectionOptions(
      address: try targetTemplate.expanded(variables),
      unix: settings.unix,
      security: TransportSecurityOptions(
        plaintext: settings.plaintext,
        insecure: settings.insecure,
        caCertificatePath: try expand(settings.cacert),
        certificatePath: try expand(settings.cert),
        keyPath: try expand(settings.key)
      ),
      authority: try expand(settings.authority),
      serverName: try expand(settings.servername),
      userAgent: try expand(settings.userAgent),
      compression: settings.compress.flatMap(RequestCompression.init) ?? .none,
      connectTimeoutSeconds: settings.connectTimeout,
      keepaliveSeconds: settings.keepaliveTime,
      maxReceiveMessageBytes: settings.maxMessageSize
    )
  }

  /// Retries until the server accepts a connection and (when it offers grpc.health.v1) says
  /// SERVING, or `limit` passes.
  public static func waitUntilReady(_ connection: ConnectionOptions, for limit: Duration) async {
    let deadline = ContinuousClock.now + limit
    var attempt = connection
    attempt.connectTimeout = .seconds(1)
    while ContinuousClock.now < deadline {
      let ready: Bool =
        (try? await DynamicClient.withConnection(attempt) { client in
          switch try await HealthClient(client: client).check(service: "", timeout: .seconds(2)) {
          case .status(let status): return status == .serving
          case .rpcFailed(let status): return status.code == 12  // no health service: connected
          }
        }) ?? false
      if ready { return }
      try? await Task.sleep(for: .milliseconds(200))
    }
  }
}

/// What the steps of one file share: the schema, the variables, the codec.
final class FileContext: @unchecked Sendable {
  let scenario: Scenario
  var variables: Variables
  let options: ScenarioRunner.Options

  init(scenario: Scenario, variables: Variables, options: ScenarioRunner.Options) {
    self.scenario = scenario
    self.variables = variables
    self.options = options
  }

  func runSteps(
    on client: DynamicClient,
    report: @Sendable (RunEvent) async -> Void
  ) async -> [StepResult] {
    var results: [StepResult] = []
    let pool: DescriptorPool
    do {
      pool = try await loadPool(client)
    } catch {
      let step = StepResult(
        name: scenario.steps[0].name,
        location: scenario.steps[0].location,
        failures: ["\(error)"]
      )
      await report(.stepFinished(scenario: scenario.name, step))
      return [step]
    }
    for step in scenario.steps {
      let runner = StepRunner(step: step, pool: pool, client: client, context: self)
      let result = await runner.run()
      results.append(result)
      await report(.stepFinished(scenario: scenario.name, result))
      if !result.passed && options.failFast { break }
    }
    return results
  }

  /// The schema: the file's proto:/protoset: files, else reflection for the steps' services.
  func loadPool(_ client: DynamicClient) async throws -> DescriptorPool {
    let base = URL(fileURLWithPath: scenario.file).deletingLastPathComponent().path
    func located(_ path: String) -> String {
      if path.hasPrefix("/") || FileManager.default.fileExists(atPath: path) { return path }
      let beside = base + "/" + path
      return FileManager.default.fileExists(atPath: beside) ? beside : path
    }
    let expand = { (templates: [Template]) throws in
      try templates.map { template throws(ScenarioError) in try template.expanded(self.variables) }
    }
    if !scenario.protosets.isEmpty {
      return try SchemaLoader.fromProtosets(try expand(scenario.protosets).map(located))
    }
    if !scenario.protoFiles.isEmpty {
      let importPaths = try expand(scenario.importPaths).map(located)
      let files = try expand(scenario.protoFiles).map { file in
        importPaths.isEmpty ? located(file) : file
      }
      return try SchemaLoader.fromProtoFiles(files, importPaths: importPaths)
    }
    let services = Set(scenario.steps.compactMap { MethodResolver.serviceName(of: $0.call) })
    let reflection = ReflectionClient(client: client, metadata: try headerList(scenario.headers))
    return try await reflection.pool(forSymbols: services.sorted())
  }

  func headerList(_ headers: [(String, Template)]) throws -> HeaderList {
    let lines = try headers.map { entry throws(ScenarioError) in
      "\(entry.0): \(try entry.1.expanded(variables))"
    }
    return try HeaderList(lines)
  }
}
