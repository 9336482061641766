import ArgumentParser
import GRPCallCore
import ProtoSchema

/// Flags that say where the schema comes from.
struct SchemaFlags: ParsableArguments {
  @Option(
    name: .dual("proto"),
    help: ArgumentHelp(
      "A .proto source file (repeatable); imports resolve against -import-path.",
      valueName: "file"
    )
  )
  var protoFiles: [String] = []

  @Option(
    name: .dual("import-path"),
    help: ArgumentHelp(
      "A directory to search for imports (repeatable), like protoc -I.",
      valueName: "dir"
    )
  )
  var importPaths: [String] = []

  @Option(
    name: .dual("protoset"),
    help: ArgumentHelp("A binary FileDescriptorSet file (repeatable).", valueName: "file")
  )
  var protosets: [String] = []

  @Option(
    name: .dual("protoset-out"),
    help: ArgumentHelp(
      "With list or describe: write the schema used as a FileDescriptorSet to this file.",
      valueName: "file"
    )
  )
  var protosetOut: String?

  func validate() throws {
    if !protoFiles.isEmpty && !protosets.isEmpty {
      throw ValidationError("Use either -protoset files or -proto files, but not both.")
    }
  }

  /// Whether a local schema was given (otherwise server reflection would be needed).
  var hasLocalSchema: Bool { !protoFiles.isEmpty || !protosets.isEmpty }

  /// Loads the pool from the given files.
  func loadPool() throws(CommandFailure) -> DescriptorPool {
    do {
      if !protosets.isEmpty { return try SchemaLoader.fromProtosets(protosets) }
      return try SchemaLoader.fromProtoFiles(protoFiles, importPaths: importPaths)
    } catch {
      let context =
        protosets.isEmpty
        ? "Failed to process proto source files." : "Failed to process proto descriptor sets."
      throw .schema(context: context, error)
    }
  }
}
