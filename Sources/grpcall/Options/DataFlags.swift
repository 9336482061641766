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

  @Flag(name: .customLong("compact"), help: "Write each JSON message on one line.")
  var compact = false

  @Flag(
    name: .dual("format-error"),
    help: "On a non-OK status, print the status as JSON on stderr instead of the ERROR block."
  )
  var formatError = false

  func validate() throws {
    guard format == "json" || format == "text" else {
      throw ValidationError("The -format option must be 'json' or 'text'.")
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
