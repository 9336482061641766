/// grpcurl's command line follows Go's `flag` package; these adapt what it accepts that
/// swift-argument-parser does not: every multi-letter single-dash word is one long flag (never a
/// run of short flags), `-flag=false` for boolean flags, and usage errors that name a flag as
/// typed (`-servrname`, not the `--servrname` the parser saw).
enum GoStyleArguments {
  /// Boolean flags that take Go's `=true` / `=false` forms; `use-reflection=false` turns
  /// reflection off explicitly.
  static let booleanFlags: Set<String> = [
    "plaintext", "insecure", "unix", "allow-unknown-fields", "emit-defaults", "format-error",
    "expand-headers", "msg-template", "use-reflection", "version", "proto-names", "compact",
    "show-secrets",
  ]

  /// Options with a number as value: Go reads `-max-time -1` as a value, the parser as a flag.
  static let numericOptions: Set<String> = [
    "max-time", "connect-timeout", "keepalive-time", "max-msg-sz", "parallel", "wait-for",
  ]

  /// The one-letter flags (`-h`, `-H`, `-d`, `-v`); a word made of these alone (`-vv`) is a run of
  /// short flags, any other single-dash word a long flag as in Go.
  static let shortFlagLetters: Set<Character> = ["h", "H", "d", "v"]

  /// `arguments` with `-flag=true` as `--flag`, `-flag=false` dropped (the default), a negative
  /// number after a numeric option attached to it, and every single-dash long flag spelled with
  /// two dashes, up to a `--` that ends the flags. The parser otherwise also reads `-proto` as the
  /// short flags `-p -r -o -t -o` (so `-import-path` without a value read as `-h`, help) and
  /// keeps all of them while it parses, which made 60 `-proto` flags cost as much as the rest
  /// of a call.
  static func normalized(_ arguments: [String]) -> [String] {
    var result: [String] = []
    var flagsEnded = false
    var pendingNumeric: String?
    for argument in arguments {
      if let option = pendingNumeric {
        pendingNumeric = nil
        if argument.hasPrefix("-"), Double(argument) != nil {
          result.removeLast()
          result.append("--\(option)=\(argument)")
          continue
        }
      }
      if !flagsEnded, argument.hasPrefix("-") {
        let name = String(argument.drop { $0 == "-" })
        if numericOptions.contains(name) { pendingNumeric = name }
      }
      if flagsEnded || argument == "--" {
        flagsEnded = true
        result.append(argument)
        continue
      }
      guard let (name, value) = booleanAssignment(argument) else {
        result.append(isSingleDashLongFlag(argument) ? "-" + argument : argument)
        continue
      }
      switch value {
      case "true", "1", "t", "T", "TRUE", "True": result.append("--" + name)
      case "false", "0", "f", "F", "FALSE", "False":
        if name == "use-reflection" { result.append("--no-use-reflection") }
      default: result.append(argument)
      }
    }
    return result
  }

  /// Whether `argument` is `-name` or `-name=value` with a name of two or more characters that
  /// starts with a letter and is not a run of one-letter flags.
  static func isSingleDashLongFlag(_ argument: String) -> Bool {
    guard argument.hasPrefix("-"), !argument.hasPrefix("--") else { return false }
    let name = argument.dropFirst().prefix { $0 != "=" }
    guard name.count >= 2, name.first?.isLetter == true else { return false }
    return !name.allSatisfy(shortFlagLetters.contains)
  }

  /// `(name, value)` for `-name=value` / `--name=value` when `name` is a boolean flag.
  static func booleanAssignment(_ argument: String) -> (String, String)? {
    guard argument.hasPrefix("-"), let equals = argument.firstIndex(of: "=") else { return nil }
    let name = String(argument[..<equals].drop { $0 == "-" })
    guard booleanFlags.contains(name) else { return nil }
    return (name, String(argument[argument.index(after: equals)...]))
  }

  /// The parser's usage message naming each single-dash long flag as typed: `normalized` spelled
  /// `-servrname` as `--servrname`, so `Unknown option '--servrname'` becomes
  /// `Unknown option '-servrname'`.
  /// The flags users of grpcurl and curl type for grpcall's, with what they mean: suggested by
  /// meaning, where the parser would suggest by spelling (`-data` → `-watch`).
  static let suggestionsByMeaning: [String: String] = [
    "data": "-d", "header": "-H", "headers": "-H", "request": "-d", "body": "-d",
  ]

  static func namingFlagAsTyped(_ message: String, arguments: [String]) -> String {
    var message = namingFlagAsTypedBySpelling(message, arguments: arguments)
    for (typed, meant) in suggestionsByMeaning {
      for dashes in ["-", "--"] where message.hasPrefix("Unknown option '\(dashes)\(typed)'") {
        let firstLine = message.prefix { $0 != "\n" }
        let rest = message.dropFirst(firstLine.count)
        message = "Unknown option '\(dashes)\(typed)'. Did you mean '\(meant)'?" + rest
      }
    }
    return message
  }

  private static func namingFlagAsTypedBySpelling(_ message: String, arguments: [String]) -> String
  {
    var message = message
    for argument in arguments where isSingleDashLongFlag(argument) {
      let name = argument.dropFirst().prefix { $0 != "=" }
      for end in ["'", " ", "="] {
        message = message.replacing("'--\(name)\(end)", with: "'-\(name)\(end)")
      }
      // A suggestion for a flag typed with one dash is spelled with one dash too.
      if message.hasPrefix("Unknown option '-\(name)'") {
        message = message.replacing("Did you mean '--", with: "Did you mean '-")
      }
    }
    return message
  }
}
