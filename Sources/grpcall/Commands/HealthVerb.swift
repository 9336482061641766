import GRPCallCore

/// `grpcall [flags] ADDRESS health [SERVICE] [--watch] [--wait SECONDS]`: grpc.health.v1 Check
/// (or Watch) printed as grpc_health_probe prints it, with its exit codes: 0 SERVING, 1 bad
/// arguments, 2 connection failure, 3 RPC failure, 4 not serving.
struct HealthVerb {
  let command: CallCommand

  /// grpc_health_probe's exit codes.
  enum ExitCode: Int32 {
    case serving = 0
    case badArguments = 1
    case connectionFailure = 2
    case rpcFailure = 3
    case notServing = 4
  }

  func run(address: String, service: String) async throws(CommandFailure) {
    let options: ConnectionOptions
    let metadata: HeaderList
    do {
      options = try command.connection.connectionOptions(address: address)
      metadata = try command.headers.rpcMetadata()
    } catch let failure as CommandFailure {
      Terminal.err("error: \(failure.message ?? "bad arguments")\n")
      throw .exit(ExitCode.badArguments.rawValue)
    } catch {
      Terminal.err("error: \(error)\n")
      throw .exit(ExitCode.badArguments.rawValue)
    }
    if let wait = command.healthWait, wait < 0 {
      Terminal.err("error: --wait must not be negative\n")
      throw .exit(ExitCode.badArguments.rawValue)
    }
    let code =
      command.watchHealth
      ? await watch(options, metadata, service)
      : await checkUntilServing(options, metadata, service)
    if code != .serving { throw .exit(code.rawValue) }
  }

  /// Check, retried while not SERVING until `--wait` runs out.
  private func checkUntilServing(
    _ options: ConnectionOptions,
    _ metadata: HeaderList,
    _ service: String
  ) async -> ExitCode {
    let deadline =
      ContinuousClock.now + (DurationText.duration(seconds: command.healthWait ?? 0) ?? .zero)
    while true {
      let (code, message) = await checkOnce(options, metadata, service)
      if code == .serving || ContinuousClock.now >= deadline {
        Terminal.out(code == .serving || code == .notServing ? message + "\n" : "")
        if code != .serving && code != .notServing { Terminal.err(message + "\n") }
        return code
      }
      try? await Task.sleep(for: .milliseconds(250))
    }
  }

  private func checkOnce(
    _ options: ConnectionOptions,
    _ metadata: HeaderList,
    _ service: String
  ) async -> (ExitCode, String) {
    do {
      let result = try await DynamicClient.withConnection(options) { client in
        try await HealthClient(client: client, metadata: metadata).check(
          service: service,
          timeout: command.connection.deadline
        )
      }
      switch result {
      case .status(let status):
        return (status == .serving ? .serving : .notServing, "status: \(status)")
      case .rpcFailed(let status):
        return (.rpcFailure, Self.rpcFailure(status, service: service))
      }
    } catch let error as GRPCallError {
      return (.connectionFailure, "error: \(error)")
    } catch {
      return (.connectionFailure, "error: \(error)")
    }
  }

  /// Watch: each status as it comes; the exit code follows the last one.
  private func watch(
    _ options: ConnectionOptions,
    _ metadata: HeaderList,
    _ service: String
  ) async -> ExitCode {
    let last = LastStatus()
    do {
      let status = try await DynamicClient.withConnection(options) { client in
        try await HealthClient(client: client, metadata: metadata).watch(
          service: service,
          timeout: command.connection.deadline
        ) { status in
          await last.set(status)
          Terminal.out("status: \(status)\n")
        }
      }
      let seen = await last.status
      if !status.isOK, status.code != 4 || seen == nil {
        Terminal.err(Self.rpcFailure(status, service: service) + "\n")
        return .rpcFailure
      }
      return seen == .serving ? .serving : .notServing
    } catch {
      Terminal.err("error: \(error)\n")
      return .connectionFailure
    }
  }
}

extension HealthVerb {
  /// `error: health rpc failed: NotFound (unknown service "x")`.
  static func rpcFailure(_ status: CallStatus, service: String) -> String {
    var text = "error: health rpc failed: \(status.codeName)"
    if !status.message.isEmpty { text += ": " + NetworkText.escaped(status.message) }
    if status.code == 5 { text += " (the server does not know service \"\(service)\")" }
    if status.code == 12 { text += " (the server has no grpc.health.v1.Health service)" }
    return text
  }
}

/// The latest status a watch printed.
actor LastStatus {
  private(set) var status: HealthClient.ServingStatus?

  func set(_ status: HealthClient.ServingStatus) { self.status = status }
}
