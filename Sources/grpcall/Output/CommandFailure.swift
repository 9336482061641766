import GRPCallCore
import ProtoSchema

/// Why a command failed, and so which exit code it ends with.
enum CommandFailure: Error {
  /// A runtime failure: one line on stderr, exit 1.
  case runtime(String)
  /// The server could not be reached: one line on stderr, exit 1.
  case unreachable(String)
  /// The schema could not be loaded: its diagnostics on stderr, exit 1.
  case schema(context: String, SchemaError)
  /// A usage problem found after parsing: message plus the help hint, exit 2.
  case usage(String)
  /// The RPC ended with a non-OK status: the status is already printed; exit 64 + code.
  case status(code: Int)
  /// An exit code whose reason is already printed (`grpcall test`, `health`).
  case exit(Int32)
  /// Invalid input files for `grpcall test`: their problems, exit 2 (no help hint).
  case invalidInput(String)

  /// The process exit code.
  var exitCode: Int32 {
    switch self {
    case .runtime, .unreachable, .schema: 1
    case .usage, .invalidInput: 2
    case .status(let code): Int32(64 + code)
    case .exit(let code): code
    }
  }

  /// What to print on stderr (nothing for `.status`, which printed its own block).
  var message: String? {
    switch self {
    case .runtime(let text), .unreachable(let text): text
    case .schema(let context, let error):
      switch error {
      case .invalidSource(let diagnostics):
        diagnostics.map(\.description).joined(separator: "\n") + Self.importHint(diagnostics)
      default: "\(context): \(error)"
      }
    case .usage(let text), .invalidInput(let text): text
    case .status, .exit: nil
    }
  }

  /// A last line for imports that were not found: where grpcall looks for them.
  static func importHint(_ diagnostics: [Diagnostic]) -> String {
    let missing = diagnostics.filter { $0.position == nil && $0.message == "File not found." }
    guard diagnostics.contains(where: { $0.message.hasPrefix("Import \"") }), !missing.isEmpty
    else { return "" }
    let names = missing.map(\.file).joined(separator: ", ")
    return
      "\nImports are looked up in each -import-path directory (the current one without any): add the directory that holds \(names) with -import-path."
  }

  /// Wraps a core error.
  static func from(_ error: GRPCallError) -> CommandFailure {
    if case .connectionFailed = error { return .unreachable(error.description) }
    // An address that is not one is a usage error, found before anything is sent.
    if case .invalidAddress = error { return .usage(error.description) }
    return .runtime(error.description)
  }
}
