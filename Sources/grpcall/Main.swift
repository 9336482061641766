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
    let arguments = Array(CommandLine.arguments.dropFirst())
    let command: any ParsableCommand
    do {
      command = try GRPCall.parseAsRoot(arguments)
    } catch {
      let code = GRPCall.exitCode(for: error)
      if code == .success {
        Terminal.out(GRPCall.fullMessage(for: error) + "\n")
        exit(0)
      }
      usageFailure(GRPCall.message(for: error))
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
      if let message = failure.message { Terminal.err(message + "\n") }
      exit(failure.exitCode)
    } catch {
      let code = GRPCall.exitCode(for: error)
      if code == .success { exit(0) }
      if error is ValidationError { usageFailure(GRPCall.message(for: error)) }
      Terminal.err(GRPCall.message(for: error) + "\n")
      exit(1)
    }
  }

  static func usageFailure(_ message: String) -> Never {
    Terminal.err(message + "\nTry 'grpcall -help' for more details.\n")
    exit(2)
  }
}
