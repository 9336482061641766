import ArgumentParser
import GRPCallCore
import ProtoSchema

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `grpcall convert`: one message between JSON, binary and text format, offline.
struct ConvertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Convert one message between JSON, binary and text format (no server needed).",
    discussion: """
      Reads one message of --type from FILE (or standard input) and writes it to standard output;
      binary output is written raw. Without -proto or -protoset, the built-in types
      (google.protobuf.*, google.rpc.*, grpc.health.v1.*) are available.
      """
  )

  @OptionGroup(title: "Schema") var schema: SchemaFlags
  @OptionGroup var colors: ColorFlags

  @Option(
    name: .dual("type"),
    help: ArgumentHelp("The message type, fully qualified (pkg.Message).", valueName: "type"),
    completion: .custom { words, index, _ in LineCompletion.messageTypes(words: words, index: index)
    }
  )
  var type: String

  @Option(name: .dual("from"), help: ArgumentHelp("Input format.", valueName: "json|binary|text"))
  var from: MessageFormat = .json

  @Option(name: .dual("to"), help: ArgumentHelp("Output format.", valueName: "json|binary|text"))
  var to: MessageFormat = .binary

  @Flag(name: .dual("emit-defaults"), help: "JSON output: include fields holding default values.")
  var emitDefaults = false

  @Flag(name: .customLong("proto-names"), help: "JSON output: use .proto field names as keys.")
  var protoNames = false

  @Flag(
    name: .dual("allow-unknown-fields"),
    help: "JSON and text input: skip fields the message does not declare."
  )
  var allowUnknownFields = false

  @Flag(name: .customLong("compact"), help: "JSON and text output on one line.")
  var compact = false

  @Argument(help: ArgumentHelp("The input file; '-' or nothing reads standard input."))
  var file: String?

  func validate() throws {
    if schema.protosetOut != nil {
      throw ValidationError(
        "-protoset-out is not used by convert (it writes the schema of list, describe and calls)."
      )
    }
  }

  func run() throws {
    let pool = try schema.hasLocalSchema ? schema.loadPool() : Self.builtInPool(for: type)
    var options = MessageConverter.Options()
    options.emitDefaults = emitDefaults
    options.useProtoNames = protoNames
    options.allowUnknownFields = allowUnknownFields
    options.compact = compact
    let input = try readInput()
    do throws(MessageConverter.Failure) {
      let converter = try MessageConverter(pool: pool, typeName: type, options: options)
      Terminal.outBytes(try converter.convert(input, from: from, to: to))
    } catch {
      throw CommandFailure.runtime(error.description)
    }
  }

  static func builtInPool(for type: String) throws(CommandFailure) -> DescriptorPool {
    do {
      return try SchemaLoader.builtIns(for: type)
    } catch {
      throw .schema(context: "Failed to load the built-in protos.", error)
    }
  }

  func readInput() throws(CommandFailure) -> [UInt8] {
    if file == nil || file == "-" {
      return Terminal.readStandardInput()
    }
    guard let data = FileManager.default.contents(atPath: file!) else {
      throw .runtime("open \(file!): no such file or directory")
    }
    return Array(data)
  }
}

/// The names spelled out: the library's defaults print each value through reflection (`"\(self)"`),
/// a dynamic cast per value on every start-up.
extension MessageFormat: ExpressibleByArgument {
  public static var allValueStrings: [String] { allCases.map(\.rawValue) }
  public static var allValueDescriptions: [String: String] { [:] }
  public var defaultValueDescription: String { rawValue }
}
