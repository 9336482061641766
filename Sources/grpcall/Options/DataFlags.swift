import ArgumentParser
import GRPCallCore

/// Flags about request data and how messages are written.
struct DataFlags: ParsableArguments {
  @Option(
    name: .customShort("d"),
    help: ArgumentHelp(
      "Request data as JSON; '@' reads it from standard input, '@FILE' from a file. Streaming calls take several concatenated messages.",
      valueName: "data"
    )
  )
  var data: String?

  @Option(
    name: .dual("format"),
    help: ArgumentHelp(
      "Request and response format: json, or text (protobuf text format; messages separated by 0x1E).",
      valueName: "json|text"
    )
  )
  var format = "json"

  @Flag(
    name: .dual("allow-unknown-fields"),
    help: "Ignore unknown fields in JSON request data instead of failing."
  )
  var allowUnknownFields = false

  @Flag(
    name: .dual("emit-defaults"),
    help: "Include fields that hold default values in JSON output."
  )
  var emitDefaults = false

  @Flag(
    name: .customLong("proto-names"),
    help: "Write JSON keys with the .proto field names instead of lowerCamel names."
  )
  var protoNames = false

  @Option(
    name: .customLong("output"),
    help: ArgumentHelp(
      "How JSON responses are written: json (indented, the default), ndjson (each response on one line) or envelope (one JSON document of the whole call: headers, responses, trailers, status, timing).",
      valueName: "json|ndjson|envelope"
    )
  )
  var output = "json"

  @Flag(name: .customLong("compact"), help: "Same as --output ndjson.")
  var compactFlag = false

  /// Whether each JSON message goes on one line (`--output ndjson` or `--compact`).
  var compact: Bool { compactFlag || output == "ndjson" || writesEnvelope }

  /// Whether the call is written as one envelope document (`--output envelope`).
  var writesEnvelope: Bool { output == "envelope" }

  @Flag(
    name: .dual("format-error"),
    help: "On a non-OK status, print the status as JSON on stderr instead of the ERROR block."
  )
  var formatError = false

  func validate() throws {
    guard format == "json" || format == "text" else {
      throw ValidationError("The -format option must be 'json' or 'text'.")
    }
    guard ["json", "ndjson", "envelope"].contains(output) else {
      throw ValidationError("The --output option must be 'json', 'ndjson' or 'envelope'.")
    }
    if writesEnvelope && format == "text" {
      throw ValidationError(
        "--output envelope writes JSON; it cannot be combined with -format text."
      )
    }
  }

  /// The message format of requests, responses and `-format-error`.
  var messageFormat: MessageFormat { format == "text" ? .text : .json }

  /// Where the request messages come from.
  var requestInput: RequestInput {
    guard let data else { return .text("") }
    return RequestInput(dataArgument: data)
  }
}
