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

  @Flag(name: .customShort("v"), help: "Verbose output (-vv: very verbose).")
  var verbosity: Int

  @Flag(name: .dual("version"), help: "Print the version and exit.")
  var version = false

  @Flag(
    name: .dual("msg-template"),
    help: "With describe on a message: also print a JSON template of the message."
  )
  var messageTemplate = false

  @Argument(
    help: ArgumentHelp("[address] [list|describe] [symbol], or address method", valueName: "args")
  )
  var arguments: [String] = []

  /// What the positional arguments ask for.
  enum Request {
    case list(address: String?, service: String?)
    case describe(address: String?, symbol: String?)
    case invoke(address: String, method: String)
  }

  func run() async throws {
    if version {
      Terminal.err("grpcall v\(GRPCall.version)\n")
      return
    }
    switch try parsePositionals() {
    case .list(let address, let service):
      try await list(address: address, service: service)
    case .describe(let address, let symbol):
      try await describe(address: address, symbol: symbol)
    case .invoke(let address, let method):
      try await invoke(address: address, methodName: method)
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

  /// The schema: from -proto/-protoset files, or else from the server's reflection service
  /// (the files defining `symbols`). `notFound` words the error for a symbol the server lacks.
  func loadPool(
    address: String?,
    symbols: [String],
    notFound: @escaping @Sendable (String) -> GRPCallError = { .symbolNotFound($0) }
  ) async throws(CommandFailure) -> DescriptorPool {
    if schema.hasLocalSchema { return try schema.loadPool() }
    let symbols = symbols
    return try await withReflection(address: address) { reflection throws(GRPCallError) in
      do throws(GRPCallError) {
        return try await reflection.pool(forSymbols: symbols)
      } catch .symbolNotFound(let symbol) {
        throw notFound(symbol)
      }
    }
  }

  /// Runs `body` with a reflection client connected to `address`.
  func withReflection<Value: Sendable>(
    address: String?,
    _ body: @escaping @Sendable (ReflectionClient) async throws(GRPCallError) -> Value
  ) async throws(CommandFailure) -> Value {
    guard let address else {
      throw .usage(Self.noSchemaSource)
    }
    let metadata = try headers.reflectionMetadata()
    do {
      let options = try connection.connectionOptions(address: address)
      return try await DynamicClient.withConnection(options) { client in
        try await body(ReflectionClient(client: client, metadata: metadata))
      }
    } catch let error as GRPCallError {
      throw .from(error)
    } catch {
      throw .runtime("Server reflection failed: \(error)")
    }
  }

  func list(address: String?, service: String?) async throws(CommandFailure) {
    if service == nil, !schema.hasLocalSchema {
      let names = try await withReflection(address: address) { reflection throws(GRPCallError) in
        try await reflection.listServices()
      }
      Terminal.out(names.isEmpty ? "(No services)\n" : names.joined(separator: "\n") + "\n")
      if schema.protosetOut != nil {
        try writeProtoset(try await loadPool(address: address, symbols: names))
      }
      return
    }
    let pool = try await loadPool(address: address, symbols: service.map { [$0] } ?? []) {
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
    if schema.protosetOut != nil {
      try writeProtoset(pool, files: service.flatMap { pool.symbol(named: $0)?.file }.map { [$0] })
    }
  }

  /// grpcurl's `describe`: each symbol (or every service) as `.proto` source.
  func describe(address: String?, symbol: String?) async throws(CommandFailure) {
    var symbols = symbol.map { [$0] } ?? []
    if symbol == nil, !schema.hasLocalSchema {
      symbols = try await withReflection(address: address) { reflection throws(GRPCallError) in
        try await reflection.listServices()
      }
    }
    let pool = try await loadPool(address: address, symbols: symbols)
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
    if schema.protosetOut != nil {
      try writeProtoset(pool, files: symbol.flatMap { pool.symbol(named: $0)?.file }.map { [$0] })
    }
  }

  /// Writes the files that define what was listed or described (all files when `files` is nil),
  /// with their dependencies, as a `FileDescriptorSet`.
  func writeProtoset(_ pool: DescriptorPool, files: [String]? = nil) throws(CommandFailure) {
    guard let path = schema.protosetOut else { return }
    let set = pool.fileSet(including: files ?? pool.files.map(\.name))
    do {
      let bytes: [UInt8] = try set.serializedBytes()
      guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
        throw CommandFailure.runtime("Failed to write protoset to \(path)")
      }
    } catch let failure as CommandFailure {
      throw failure
    } catch {
      throw .runtime("Failed to write protoset to \(path): \(error)")
    }
  }

  func invoke(address: String, methodName: String) async throws(CommandFailure) {
    let service = MethodResolver.serviceName(of: methodName)
    let pool = try await loadPool(address: address, symbols: service.map { [$0] } ?? []) {
      .serviceNotFound(method: methodName, service: $0)
    }
    let method: ProtoSchema.MethodDescriptor
    let connectionOptions: ConnectionOptions
    do {
      method = try MethodResolver.resolve(methodName, in: pool)
      connectionOptions = try connection.connectionOptions(address: address)
    } catch {
      throw .from(error)
    }
    let invocation = Invocation(
      pool: pool,
      method: method,
      connection: connectionOptions,
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
      formatError: data.formatError
    )
    try await invocation.run()
  }
}
