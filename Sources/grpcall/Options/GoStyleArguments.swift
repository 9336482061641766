/// grpcurl's command line follows Go's `flag` package; these adapt what it accepts that
/// swift-argument-parser does not: `-flag=false` for boolean flags, and usage errors that name a
/// single-dash long flag as typed (`-servrname`, not the `-s` the parser saw).
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
    "max-time", "connect-timeout", "keepalive-time", "max-msg-sz",
  ]

  /// `arguments` with `-flag=true` as `--flag`, `-flag=false` dropped (the default) and a
  /// negative number after a numeric option attached to it, up to a `--` that ends the flags.
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
        result.append(argument)
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

  /// `(name, value)` for `-name=value` / `--name=value` when `name` is a boolean flag.
  static func booleanAssignment(_ argument: String) -> (String, String)? {
    guard argument.hasPrefix("-"), let equals = argument.firstIndex(of: "=") else { return nil }
    let name = String(argument[..<equals].drop { $0 == "-" })
    guard booleanFlags.contains(name) else { return nil }
    return (name, String(argument[argument.index(after: equals)...]))
  }

  /// The parser's usage message, with a single-dash long flag it split into letters named as
  /// typed: `Unknown option '-s'` becomes `Unknown option '-servrname'`.
  static func namingFlagAsTyped(_ message: String, arguments: [String]) -> String {
    let marker = "Unknown option '-"
    guard let range = message.range(of: marker) else { return message }
    let rest = message[range.upperBound...]
    guard let quote = rest.firstIndex(of: "'"), rest.distance(from: rest.startIndex, to: quote) == 1
    else { return message }
    let letter = rest[rest.startIndex]
    let typed = arguments.first { argument in
      argument.count > 2 && argument.hasPrefix("-\(letter)") && !argument.hasPrefix("--")
        && Double(argument) == nil
    }
    guard let typed else { return message }
    let flag = typed.prefix { $0 != "=" }
    return message[..<range.lowerBound] + "Unknown option '\(flag)'"
      + message[message.index(after: quote)...]
  }
}
