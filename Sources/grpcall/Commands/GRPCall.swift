import ArgumentParser
import GRPCallCore

/// The `grpcall` command: grpcurl's command line, with subcommands grpcurl lacks.
struct GRPCall: AsyncParsableCommand {
  static let version = DynamicClient.version

  /// What `-version` prints (to stderr, as grpcurl does).
  static var versionLine: String { "grpcall v\(version)\n" }

  static let configuration = CommandConfiguration(
    commandName: "grpcall",
    abstract: "Call any gRPC service from the command line (grpcurl-compatible).",
    discussion: """
      grpcall [flags] [address] [list|describe] [symbol]
      grpcall [flags] address service/method
      grpcall convert --type pkg.Message [--from json|binary|text] [--to json|binary|text] [file]
      grpcall [flags] address health [service] [--watch] [--wait seconds]
      grpcall test [file|dir ...] [--var k=v] [--junit file] [--fail-fast] [--parallel n] [--wait-for seconds]

      Single-dash flags (-plaintext) work as in grpcurl; --long forms work too.
      Exit codes: 0 success, 1 failure, 2 usage error, 64+N when the RPC ends with gRPC status N.
      """,
    subcommands: [CallCommand.self, ConvertCommand.self, TestCommand.self],
    defaultSubcommand: CallCommand.self
  )
}
