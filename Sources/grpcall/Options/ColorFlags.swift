import ArgumentParser

/// `--color`: whether output is coloured (read early by `Colors.configure`, declared here for the
/// help, the completions and validation).
struct ColorFlags: ParsableArguments {
  @Option(
    name: .dual("color"),
    help: ArgumentHelp(
      "Colour JSON output, errors and -v headings: auto (on a terminal, unless NO_COLOR is set), always or never.",
      valueName: "auto|always|never"
    ),
    completion: .list(Colors.Choice.allCases.map(\.rawValue))
  )
  var color = "auto"

  func validate() throws {
    guard Colors.Choice(rawValue: color) != nil else {
      throw ValidationError("The --color option must be 'auto', 'always' or 'never'.")
    }
  }
}
