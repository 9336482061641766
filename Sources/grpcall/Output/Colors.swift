import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Colour on a terminal: JSON responses coloured as jq colours them, errors in red, `-v` section
/// headings dimmed. `--color auto` (the default) colours a stream only when it is a terminal,
/// `NO_COLOR` is unset or empty and `TERM` is not `dumb`; `--color always` forces it, `--color
/// never` turns it off. Decided once, from the command line as typed, before anything is printed.
enum Colors {
  /// What `--color` asks for.
  enum Choice: String, CaseIterable {
    case auto, always, never
  }

  private static let enabled = Mutex((stdout: false, stderr: false))

  /// Whether standard output is coloured.
  static var onStandardOutput: Bool { enabled.withLock { $0.stdout } }

  /// Whether standard error is coloured.
  static var onStandardError: Bool { enabled.withLock { $0.stderr } }

  /// Decides from the arguments as typed (`--color X`, `--color=X`, `-color X`) and the
  /// environment; an invalid value is left to the argument parser to report.
  static func configure(arguments: [String]) {
    let choice = requestedChoice(in: arguments) ?? .auto
    let environmentAllows =
      !(environment("NO_COLOR")?.isEmpty == false)
      && environment("TERM") != "dumb"
    func decide(_ descriptor: Int32) -> Bool {
      switch choice {
      case .always: true
      case .never: false
      case .auto: environmentAllows && isatty(descriptor) == 1
      }
    }
    let decision = (stdout: decide(1), stderr: decide(2))
    enabled.withLock { $0 = decision }
  }

  static func requestedChoice(in arguments: [String]) -> Choice? {
    var choice: Choice?
    for (index, argument) in arguments.enumerated() {
      if argument == "--" { break }
      for name in ["--color", "-color"] {
        if argument == name, index + 1 < arguments.count {
          choice = Choice(rawValue: arguments[index + 1]) ?? choice
        } else if argument.hasPrefix(name + "=") {
          choice = Choice(rawValue: String(argument.dropFirst(name.count + 1))) ?? choice
        }
      }
    }
    return choice
  }

  private static func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }

  // jq 1.7's default colours.
  static let objectKey = "34;1"
  static let string = "0;32"
  static let number = "0;39"
  static let literal = "0;39"
  static let null = "1;30"
  static let punctuation = "1;39"

  /// `text` in the SGR style `code`, then reset.
  static func styled(_ text: some StringProtocol, _ code: String) -> String {
    "\u{1B}[\(code)m\(text)\u{1B}[0m"
  }

  /// An error for standard error: red when stderr is coloured.
  static func error(_ text: String) -> String {
    guard onStandardError, !text.isEmpty else { return text }
    let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
    return styled(body, "0;31") + (text.hasSuffix("\n") ? "\n" : "")
  }

  /// A `-v` section heading (`Response headers received:`): dimmed when stdout is coloured.
  static func heading(_ text: String) -> String {
    onStandardOutput ? styled(text, "2") : text
  }

  /// JSON text coloured token by token when stdout is coloured.
  static func json(_ text: String) -> String {
    onStandardOutput ? JSONColorizer.colorize(text) : text
  }
}
