/// Repeatable options (`-H`, `-proto`, `--var` …) given thousands of times: swift-argument-parser
/// removes each parsed value from its argument list one at a time, which made 10 000 `-H` take
/// seconds (20 000 took 27 s). Before parsing, every value of such an option is joined into its
/// first occurrence, separated by NUL (which no argument can hold); `validate()` splits them back.
enum RepeatedOptions {
  /// The spellings of the repeatable options after `GoStyleArguments.normalized`, by option.
  static let spellings: [String: String] = [
    "-H": "H",
    "--rpc-header": "rpc-header",
    "--reflect-header": "reflect-header",
    "--proto": "proto",
    "--import-path": "import-path",
    "--protoset": "protoset",
    "--var": "var",
  ]

  static let separator: Character = "\0"

  /// `arguments` with every repeatable option's values joined into its first occurrence, up to a
  /// `--`. An option without a value, or whose value looks like a flag, is left as it is for the
  /// parser to judge.
  static func coalesced(_ arguments: [String]) -> [String] {
    var result: [String] = []
    result.reserveCapacity(arguments.count)
    var firstValueIndex: [String: Int] = [:]
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      if argument == "--" {
        result += arguments[index...]
        break
      }
      let (spelling, inlineValue) = split(argument)
      guard let option = spellings[spelling] else {
        result.append(argument)
        index += 1
        continue
      }
      let value: String
      if let inlineValue {
        value = inlineValue
        index += 1
      } else if index + 1 < arguments.count, !arguments[index + 1].hasPrefix("-") {
        value = arguments[index + 1]
        index += 2
      } else {
        result.append(argument)
        index += 1
        continue
      }
      if let at = firstValueIndex[option] {
        result[at].append(separator)
        result[at] += value
      } else {
        result.append(spelling)
        firstValueIndex[option] = result.count
        result.append(value)
      }
    }
    return result
  }

  /// `--name=value` as (`--name`, `value`); any other argument as itself without a value.
  private static func split(_ argument: String) -> (String, String?) {
    guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else {
      return (argument, nil)
    }
    return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
  }

  /// The values joined by `coalesced`, apart again.
  static func split(_ values: inout [String]) {
    guard values.contains(where: { $0.contains(separator) }) else { return }
    values = values.flatMap {
      $0.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
    }
  }
}
