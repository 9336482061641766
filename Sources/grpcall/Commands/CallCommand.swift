import ArgumentParser
import GRPCallCore
import ProtoCodec
import ProtoSchema

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// grpcurl's own command line: `list`, `describe` and invoking a method.
struct CallCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "call",
    abstract: "List services, or invoke a method (the default command)."
  )

  @OptionGroup(title: "Connection") var connection: ConnectionFlags
  @OptionGroup(title: "Schema") var schema: SchemaFlags
  @OptionGroup(title: "Headers") var headers: HeaderFlags
  @OptionGroup(title: "Data and output") var data: DataFlags
  @OptionGroup var colors: ColorFlags

  @Flag(name: .customShort("v"), help: "Verbose output (-vv: very verbose).")
  var verbosity: Int

  @Flag(name: .dual("version"), help: "Print the version and exit.")
  var version = false

  @Flag(
    name: .dual("msg-template"),
    help: "With describe on a message: also print a JSON template of the message."
  )
  var messageTemplate = false

  @Flag(name: .customLong("watch"), help: "With health: print each status change (Watch).")
  var watchHealth = false

  @Option(
    name: .customLong("wait"),
    help: ArgumentHelp(
      "With health: retry until the service is SERVING, for up to this many seconds.",
      valueName: "seconds"
    )
  )
  var healthWait: Double?

  @Argument(
    help: ArgumentHelp(
      "[address] [list|describe] [symbol], address method, or address health [service]",
      valueName: "args"
    ),
    completion: .custom { words, index, _ in await LineCompletion.call(words: words, index: index) }
  )
  var arguments: [String] = []

  /// What the positional arguments ask for.
  enum Request {
    case list(address: String?, service: String?)
    case describe(address: String?, symbol: String?)
    case invoke(address: String, method: String)
    case health(address: String, service: String)
  }

  func run() async throws {
    if version {
      Terminal.err(GRPCall.versionLine)
      return
    }
    switch try parsePositionals() {
    case .list(let address, let service):
      try await list(address: address, service: service)
    case .describe(let address, let symbol):
      try await describe(address: address, symbol: symbol)
    case .invoke(let address, let method):
      try await invoke(address: address, methodName: method)
    case .health(let address, let service):
      try await HealthVerb(command: self).run(address: address, service: service)
    }
  }

  /// grpcurl's usage error when neither a server nor schema files were given.
  static let noSchemaSource =
    "No host:port specified, no protoset specified, and no proto sources specified."

  func parsePositionals() throws(CommandFailure) -> Request {
    var rest = arguments[...]
    var address: String?
    if let first = rest.first, first != "list", first != "describe" {
      address = first
      rest = rest.dropFirst()
    }
    guard let verbOrMethod = rest.first else {
      throw .usage("Too few arguments.")
    }
    rest = rest.dropFirst()
    let symbol = rest.first
    if rest.count > 1 { throw .usage("Too many arguments.") }
    switch verbOrMethod {
    case "list":
      if address == nil && !schema.hasLocalSchema {
        throw .usage(Self.noSchemaSource)
      }
      return .list(address: address, service: symbol)
    case "health":
      guard let address else { throw .usage("No host:port specified.") }
      return .health(address: address, service: symbol ?? "")
    case "describe":
      if address == nil && !schema.hasLocalSchema {
        throw .usage(Self.noSchemaSource)
      }
      return .describe(address: address, symbol: symbol)
    default:
      guard let address else { throw .usage("No host:port specified.") }
      if symbol != nil { throw .usage("Too many arguments.") }
      return .invoke(address: address, method: verbOrMethod)
    }
  }

  /// The schema for `symbols`: from -proto/-protoset files, from the server's reflection service
  /// over `client`, or (with -use-reflection and files) both, the files winning for the symbols
  /// they define. `notFound` words the error for a symbol the server lacks.
  func loadPool(
    client: DynamicClient?,
    symbols: [String],
    notFound: @escaping @Sendable (String) -> GRPCallError = { .symbolNotFound($0) }
  ) async throws(CommandFailure) -> DescriptorPool {
    if schema.hasLocalSchema { return try schema.loadPool() }
    guard let client else { throw .usage(Self.noSchemaSource) }
    let local = schema.combinesReflection ? try schema.loadPool() : nil
    let reflection = ReflectionClient(
      client: client,
      metadata: try headers.reflectionMetadata(),
      timeout: connection.deadline
    )
    do throws(GRPCallError) {
      let remote = try await reflection.pool(forSymbols: symbols)
      guard let local else { return remote }
      return try SchemaCombiner.combine(local: local, reflected: remote)
    } catch {
      // A symbol the server does not know (or a server without reflection) can still come from
      // the files.
      if let local, symbols.allSatisfy({ local.symbol(named: $0) != nil }) { return local }
      if case .symbolNotFound(let symbol) = error { throw .from(notFound(symbol)) }
      throw .from(error)
    }
  }

  /// Runs `body` over one connection to `address`: reflection and the call share it.
  func withClient<Value: Sendable>(
    address: String?,
    _ body: @escaping @Sendable (DynamicClient) async throws -> Value
  ) async throws(CommandFailure) -> Value {
    guard let address else {
      throw .usage(Self.noSchemaSource)
    }
    do {
      var options = try connection.connectionOptions(address: address)
      options.recordsTraffic = verbosity > 1
      // -max-time bounds the whole command, connecting included.
      if let deadline = connection.deadline, deadline < options.connectTimeout {
        options.connectTimeout = deadline
      }
      return try await DynamicClient.withConnection(options, body)
    } catch let failure as CommandFailure {
      throw failure
    } catch let error as GRPCallError {
      throw .from(error)
    } catch {
      throw .unreachable(
        "Failed to dial target host \"\(address)\": \(ErrorWords.describe(error))"
      )
    }
  }

  /// The services the server lists, through reflection.
  func listServices(client: DynamicClient) async throws(CommandFailure) -> [String] {
    let reflection = ReflectionClient(
      client: client,
      metadata: try headers.reflectionMetadata(),
      timeout: connection.deadline
    )
    do {
      return try await reflection.listServices()
    } catch {
      throw .from(error)
    }
  }

  /// Runs `body` with a connection when the schema needs reflection, else without one.
  func withSchemaSource<Value: Sendable>(
    address: String?,
    _ body: @escaping @Sendable (DynamicClient?) async throws -> Value
  ) async throws(CommandFailure) -> Value {
    if schema.hasLocalSchema {
      do {
        return try await body(nil)
      } catch let failure as CommandFailure {
        throw failure
      } catch {
        throw .runtime("\(error)")
      }
    }
    return try await withClient(address: address) { client in try await body(client) }
  }

  func list(address: String?, service: String?) async throws(CommandFailure) {
    let command = self
    try await withSchemaSource(address: address) { client in
      try await command.list(client: client, service: service)
    }
  }

  private func list(client: DynamicClient?, service: String?) async throws(CommandFailure) {
    if service == nil, let client {
      let names = try await listServices(client: client)
      Terminal.out(names.isEmpty ? "(No services)\n" : names.joined(separator: "\n") + "\n")
      if schema.protosetOut != nil || schema.protoOutDirectory != nil {
        try writeSchema(try await loadPool(client: client, symbols: names))
      }
      return
    }
    let pool = try await loadPool(client: client, symbols: service.map { [$0] } ?? []) {
      .serviceNotListed($0)
    }
    if let service {
      let name = service.hasPrefix(".") ? String(service.dropFirst()) : service
      guard let descriptor = pool.service(named: name) else {
        let kind = pool.symbol(named: name) == nil ? "Symbol not found" : "Service not found"
        throw .runtime("Failed to list methods for service \"\(service)\": \(kind): \(name)")
      }
      let methods = descriptor.methods.map(\.fullName).sorted()
      Terminal.out(methods.isEmpty ? "(No methods)\n" : methods.joined(separator: "\n") + "\n")
    } else {
      let names = pool.serviceNames
      Terminal.out(names.isEmpty ? "(No services)\n" : names.joined(separator: "\n") + "\n")
    }
    try writeSchema(pool, files: service.flatMap { pool.symbol(named: $0)?.file }.map { [$0] })
  }

  /// grpcurl's `describe`: each symbol (or every service) as `.proto` source.
  func describe(address: String?, symbol: String?) async throws(CommandFailure) {
    let command = self
    try await withSchemaSource(address: address) { client in
      try await command.describe(client: client, symbol: symbol)
    }
  }

  private func describe(client: DynamicClient?, symbol: String?) async throws(CommandFailure) {
    var symbols = symbol.map { [$0] } ?? []
    if symbol == nil, let client {
      symbols = try await listServices(client: client)
    }
    let pool = try await loadPool(client: client, symbols: symbols)
    let describer = SchemaDescriber(pool: pool)
    do throws(GRPCallError) {
      var descriptions: [SymbolDescription] = []
      if let symbol {
        descriptions = [try describer.describe(symbol)]
      } else {
        descriptions = try describer.describeAllServices()
      }
      for description in descriptions {
        Terminal.out(description.text + "\n")
        if messageTemplate, description.kind == "a message",
          let type = pool.message(named: description.name)
        {
          Terminal.out("\nMessage template:\n" + MessageTemplate.json(for: type, in: pool) + "\n")
        }
      }
    } catch {
      throw .from(error)
    }
    try writeSchema(pool, files: symbol.flatMap { pool.symbol(named: $0)?.file }.map { [$0] })
  }

  /// Writes the schema used where -protoset-out and -proto-out-dir ask: the files that define
  /// what was listed, described or called (all files when `files` is nil), with their
  /// dependencies.
  func writeSchema(_ pool: DescriptorPool, files: [String]? = nil) throws(CommandFailure) {
    try writeProtoset(pool, files: files)
    guard let directory = schema.protoOutDirectory else { return }
    do {
      try ProtoSourceExporter(pool: pool).write(
        files: files ?? pool.files.map(\.name),
        into: directory
      )
    } catch {
      throw .from(error)
    }
  }

  /// Writes the files that define what was listed or described (all files when `files` is nil),
  /// with their dependencies, as a `FileDescriptorSet`.
  func writeProtoset(_ pool: DescriptorPool, files: [String]? = nil) throws(CommandFailure) {
    guard let path = schema.protosetOut else { return }
    let set = pool.fileSet(including: files ?? pool.files.map(\.name))
    do {
      let bytes = try DescriptorSetEncoder.serialize(set)
      try PathWriter.write(bytes, to: path)
    } catch let error as GRPCallError {
      throw .runtime("Failed to write protoset to \(path): \(error)")
    } catch {
      throw .runtime("Failed to write protoset to \(path): \(error)")
    }
  }

  func invoke(address: String, methodName: String) async throws(CommandFailure) {
    guard data.writesEnvelope else {
      let command = self
      try await withClient(address: address) { client in
        try await command.invoke(client: client, methodName: methodName, envelope: nil)
      }
      return
    }
    try await invokeWritingEnvelope(address: address, methodName: methodName)
  }

  /// `--output envelope`: the call, then its envelope on stdout however it ended (the exit code
  /// and stderr stay what they would be without it).
  private func invokeWritingEnvelope(
    address: String,
    methodName: String
  ) async throws(CommandFailure) {
    guard verbosity == 0 else {
      throw .usage("--output envelope holds the headers and timing; it cannot be combined with -v.")
    }
    let envelope = CallEnvelope(redactor: headers.redactor)
    envelope.name(methodName, metadata: try? headers.rpcMetadata())
    // Stopped by Ctrl-C or SIGTERM, the envelope still holds everything received so far.
    InterruptWatch.onInterrupt { signal in
      envelope.fail("interrupted by \(InterruptWatch.name(of: signal))", unreachable: false)
      if let document = envelope.renderOnce() { Terminal.out(document) }
    }
    let command = self
    do {
      try await withClient(address: address) { client in
        try await command.invoke(client: client, methodName: methodName, envelope: envelope)
      }
    } catch {
      switch error {
      case .status: break
      case .unreachable(let message): envelope.fail(message, unreachable: true)
      default: envelope.fail(error.message ?? "", unreachable: false)
      }
      if let document = envelope.renderOnce() { Terminal.out(document) }
      throw error
    }
    if let document = envelope.renderOnce() { Terminal.out(document) }
  }

  private func invoke(
    client: DynamicClient,
    methodName: String,
    envelope: CallEnvelope?
  ) async throws(CommandFailure) {
    let service = MethodResolver.serviceName(of: methodName)
    let reflectionStart = ContinuousClock.now
    let pool = try await loadPool(client: client, symbols: service.map { [$0] } ?? []) {
      .serviceNotFound(method: methodName, service: $0)
    }
    let reflectionTime = schema.hasLocalSchema ? nil : ContinuousClock.now - reflectionStart
    let method: ProtoSchema.MethodDescriptor
    do {
      method = try MethodResolver.resolve(methodName, in: pool)
    } catch {
      throw .from(error)
    }
    try writeSchema(pool, files: pool.symbol(named: method.serviceName).map { [$0.file] })
    let invocation = Invocation(
      pool: pool,
      method: method,
      metadata: try headers.rpcMetadata(),
      deadline: connection.deadline,
      input: data.requestInput,
      decodeOptions: JSONToBinary.Options(ignoreUnknownFields: data.allowUnknownFields),
      encodeOptions: BinaryToJSON.Options(
        emitDefaults: data.emitDefaults,
        useProtoNames: data.protoNames,
        indent: data.compact ? "" : "  ",
        unresolvableAnyAsRaw: true
      ),
      format: data.messageFormat,
      verbosity: verbosity,
      formatError: data.formatError,
      redactor: headers.redactor,
      reflectionTime: reflectionTime,
      envelope: envelope
    )
    try await invocation.run(on: client)
  }
}
