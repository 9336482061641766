import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Entry point: parses the command line and maps every outcome to grpcurl's exit codes
/// (0 ok, 1 failure, 2 usage, 64+N for gRPC status N).
@main
enum Main {
  static func main() async {
    let typed = Array(CommandLine.arguments.dropFirst())
    // `grpcall -version` alone is answered before the argument parser reflects over every
    // command's flags, which is most of the time of a run this short.
    if typed == ["-version"] || typed == ["--version"] {
      Terminal.err(GRPCall.versionLine)
      exit(0)
    }
    if let script = completionScript(requestedBy: typed) {
      Terminal.out(script)
      exit(0)
    }
    Colors.configure(arguments: typed)
    // A shell asking for completions (`---completion …`) passes the line as typed.
    let arguments =
      typed.first == "---completion"
      ? typed : RepeatedOptions.coalesced(GoStyleArguments.normalized(typed))
    let command: any ParsableCommand
    do {
      command = try await parse(arguments)
    } catch {
      let code = GRPCall.exitCode(for: error)
      if code == .success {
        Terminal.out(helpText(for: error, arguments: arguments) + "\n")
        exit(0)
      }
      usageFailure(
        GoStyleArguments.namingFlagAsTyped(GRPCall.message(for: error), arguments: typed)
      )
    }
    do {
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        var syncCommand = command
        try syncCommand.run()
      }
    } catch let failure as CommandFailure {
      if case .usage(let message) = failure { usageFailure(message) }
      if let message = failure.message { Terminal.err(Colors.error(message + "\n")) }
      exit(failure.exitCode)
    } catch {
      if GRPCall.exitCode(for: error) == .success {
        Terminal.out(helpText(for: error, arguments: arguments) + "\n")
        exit(0)
      }
      if error is ValidationError { usageFailure(GRPCall.message(for: error)) }
      Terminal.err(Colors.error(GRPCall.message(for: error) + "\n"))
      exit(1)
    }
  }

  /// The command `arguments` ask for, parsed with that subcommand as the root: the parser then
  /// reflects over that command's flags alone instead of every command's, which was half of a
  /// short run such as `convert`. Help, completion requests and any line the subcommand rejects
  /// go through the whole tree, so their text is unchanged.
  static func parse(_ arguments: [String]) async throws -> any ParsableCommand {
    if let (subcommand, rest) = directSubcommand(of: arguments),
      let command = try? await parse(rest, as: subcommand)
    {
      return command
    }
    return try await GRPCall.asyncParseAsRoot(arguments)
  }

  /// `arguments` parsed with `command` as the root (asynchronously for a command whose
  /// completions are asynchronous, as the parser requires).
  static func parse(
    _ arguments: [String],
    as command: any ParsableCommand.Type
  ) async throws -> any ParsableCommand {
    if let asyncCommand = command as? any AsyncParsableCommand.Type {
      return try await asyncCommand.asyncParseAsRoot(arguments)
    }
    return try command.parseAsRoot(arguments)
  }

  /// The subcommand named by the first argument (the call command, the default, otherwise),
  /// when nothing on the line asks for help or completions (whose text must name the whole
  /// command).
  static func directSubcommand(
    of arguments: [String]
  ) -> (command: any ParsableCommand.Type, arguments: [String])? {
    let asksForText = arguments.contains { argument in
      ["-h", "-help", "--help", "help", "---completion", "--experimental-dump-help"].contains(
        argument
      ) || argument.hasPrefix("--generate-")
    }
    guard !asksForText, let first = arguments.first else { return nil }
    let named: [any ParsableCommand.Type] = [
      CallCommand.self, ConvertCommand.self, TestCommand.self,
    ]
    if let command = named.first(where: { $0.configuration.commandName == first }) {
      return (command, Array(arguments.dropFirst()))
    }
    return (CallCommand.self, arguments)
  }

  /// `--generate-completion-script SHELL`: the generator's script, patched for the default
  /// subcommand (nil for any other line; an unknown shell is left to the parser).
  static func completionScript(requestedBy typed: [String]) -> String? {
    var shell: String?
    if typed.count == 2, typed[0] == "--generate-completion-script" { shell = typed[1] }
    if typed.count == 1, typed[0].hasPrefix("--generate-completion-script=") {
      shell = String(typed[0].dropFirst("--generate-completion-script=".count))
    }
    return shell.flatMap(CompletionScriptPatch.script(for:))
  }

  /// Help for `-help` at the top level shows the default command's flags, as grpcurl's does.
  static func helpText(for error: any Error, arguments: [String]) -> String {
    let subcommands = GRPCall.configuration.subcommands.map { $0._commandName } + ["help"]
    let asksForHelp = arguments.contains { ["-h", "-help", "--help"].contains($0) }
    if asksForHelp && !arguments.contains(where: subcommands.contains) {
      return topLevelHelp()
    }
    return GRPCall.fullMessage(for: error)
  }

  /// `grpcall --help`: the overview and synopsis, the call's flags in their groups (CONNECTION,
  /// SCHEMA, HEADERS, DATA AND OUTPUT, …), then the subcommands.
  static func topLevelHelp() -> String {
    let root = GRPCall.helpMessage()
    let call = CallCommand.helpMessage()
    let overview = root.firstRange(of: "\nUSAGE:").map { String(root[..<$0.lowerBound]) } ?? root
    let groups = call.firstRange(of: "\nCONNECTION:").map { String(call[$0.lowerBound...]) } ?? call
    let subcommands =
      root.firstRange(of: "\nSUBCOMMANDS:").map { String(root[$0.lowerBound...]) } ?? ""
    return overview
      + "\nUSAGE: grpcall [flags] [address] [list|describe|health] [symbol | service/method]\n"
      + groups + subcommands
  }

  static func usageFailure(_ message: String) -> Never {
    Terminal.err(Colors.error(message + "\n") + "Try 'grpcall -help' for more details.\n")
    // The health verb keeps grpc_health_probe's codes: 1 for bad arguments.
    let arguments = CommandLine.arguments.dropFirst()
    let isHealth =
      arguments.contains("health") && !arguments.contains("test")
      && !arguments.contains("convert")
    exit(isHealth ? 1 : 2)
  }
}
