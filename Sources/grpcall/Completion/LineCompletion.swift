import ArgumentParser
import Dispatch
import GRPCallCore
import ProtoSchema

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dynamic completion, called back by the shell scripts swift-argument-parser generates
/// (`grpcall ---completion …`): after the address, the verbs and every `service/method`; after
/// `list` or `health`, the services; after `describe`, every symbol; after `convert --type`, the
/// message types. The schema comes from the `-proto`/`-protoset` flags already on the line, else
/// from the server's reflection with short timeouts. A completion never hangs the shell and
/// never prints an error: whatever fails offers nothing, and the process ends after
/// `watchdogSeconds` whatever it is doing.
enum LineCompletion {
  /// The longest a completion may take, connecting and reflection included.
  static let watchdogSeconds = 4.0
  /// The connect timeout and deadline of a completion's reflection call.
  static let connectSeconds = 1.5
  static let reflectionSeconds = 3.0

  /// Candidates for `grpcall [call] …` at word `index` of `words` (`words[0]` is the command).
  static func call(words: [String], index: Int) async -> [String] {
    startWatchdog()
    guard var command = await parsedCall(words: words, index: index) else { return [] }
    command.connection.connectTimeout = min(
      command.connection.connectTimeout ?? .infinity,
      connectSeconds
    )
    command.connection.maxTime = min(command.connection.maxTime ?? .infinity, reflectionSeconds)
    var positionals = command.arguments[...]
    var address: String?
    if let first = positionals.first, first != "list", first != "describe" {
      address = first
      positionals = positionals.dropFirst()
    }
    if address == nil && positionals.isEmpty {
      return command.schema.hasLocalSchema ? ["list", "describe"] : []
    }
    switch Array(positionals) {
    case []:
      let verbs = ["list", "describe"] + (address == nil ? [] : ["health"])
      return verbs + (await pool(for: command, address: address).map(methodNames) ?? [])
    case ["list"], ["health"]:
      return await pool(for: command, address: address)?.serviceNames ?? []
    case ["describe"]:
      return await pool(for: command, address: address).map(symbolNames) ?? []
    default:
      return []
    }
  }

  /// Candidates for `convert --type`: the messages of the schema flags on the line, else the
  /// built-in ones.
  static func messageTypes(words: [String], index: Int) -> [String] {
    startWatchdog()
    let schemaWords = schemaArguments(in: Array(words.prefix(index).dropFirst()))
    guard let schema = try? SchemaFlags.parse(GoStyleArguments.normalized(schemaWords)) else {
      return []
    }
    let pool = schema.hasLocalFiles ? try? schema.loadPool() : try? SchemaLoader.builtIns()
    return pool?.messageNames ?? []
  }

  /// The call command as the words before the one being completed set it up, nil when they do
  /// not parse.
  private static func parsedCall(words: [String], index: Int) async -> CallCommand? {
    var preceding = Array(words.prefix(max(index, 1)).dropFirst())
    if preceding.first == "call" { preceding.removeFirst() }
    return try? await CallCommand.asyncParse(GoStyleArguments.normalized(preceding))
  }

  /// The schema: the files on the line, or the server's reflection (every service it lists).
  private static func pool(for command: CallCommand, address: String?) async -> DescriptorPool? {
    if command.schema.hasLocalSchema { return try? command.schema.loadPool() }
    guard let address else { return nil }
    return try? await command.withClient(address: address) { client in
      let services = try await command.listServices(client: client)
      return try await command.loadPool(client: client, symbols: services)
    }
  }

  private static func methodNames(_ pool: DescriptorPool) -> [String] {
    pool.serviceNames.flatMap { name in
      (pool.service(named: name)?.methods ?? []).map { "\(name)/\($0.name)" }
    }
  }

  private static func symbolNames(_ pool: DescriptorPool) -> [String] {
    let methods = pool.serviceNames.flatMap { name in
      (pool.service(named: name)?.methods ?? []).map(\.fullName)
    }
    let messages = pool.messageNames.filter { pool.message(named: $0)?.isMapEntry != true }
    return pool.serviceNames + methods + messages + pool.enumNames
  }

  /// The `-proto`, `-protoset` and `-import-path` options among `words` (either spelling, with
  /// `=` or the value in the next word).
  static func schemaArguments(in words: [String]) -> [String] {
    let names = ["proto", "protoset", "import-path"].flatMap { ["-" + $0, "--" + $0] }
    var kept: [String] = []
    var index = 0
    while index < words.count {
      let word = words[index]
      if names.contains(word), index + 1 < words.count {
        kept += [word, words[index + 1]]
        index += 2
        continue
      }
      if names.contains(where: { word.hasPrefix($0 + "=") }) { kept.append(word) }
      index += 1
    }
    return kept
  }

  /// Ends the process, silently, if completing takes longer than `watchdogSeconds`.
  private static func startWatchdog() {
    DispatchQueue.global().asyncAfter(deadline: .now() + watchdogSeconds) { _exit(0) }
  }
}
