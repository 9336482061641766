import ArgumentParser
import GRPCallCore
import ProtoSchema

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
      "Write the schema used (with list, describe or a call) as a FileDescriptorSet to this file.",
      valueName: "file"
    )
  )
  var protosetOut: String?

  @Option(
    name: .dual("proto-out-dir"),
    help: ArgumentHelp(
      "Write the .proto source of every file of the schema used into this directory, in their package paths.",
      valueName: "dir"
    )
  )
  var protoOutDirectory: String?

  @Flag(
    name: .dual("no-cache"),
    help:
      "Compile -proto files even when an unchanged compiled copy is cached (in $XDG_CACHE_HOME/grpcall, else ~/.cache/grpcall)."
  )
  var noCache = false

  @Flag(
    name: .dual("use-reflection"),
    help:
      "Use server reflection (the default without -proto/-protoset). With them, both are combined, the files winning for the symbols they define. -use-reflection=false turns it off."
  )
  var useReflectionFlag = false

  @Flag(name: .customLong("no-use-reflection"), help: .hidden)
  var noReflection = false

  mutating func validate() throws {
    RepeatedOptions.split(&protoFiles)
    RepeatedOptions.split(&importPaths)
    RepeatedOptions.split(&protosets)
    if !protoFiles.isEmpty && !protosets.isEmpty {
      throw ValidationError("Use either -protoset files or -proto files, but not both.")
    }
    if noReflection && !hasLocalSchema {
      throw ValidationError(
        "No protoset files or proto files specified and -use-reflection set to false."
      )
    }
  }

  /// Whether a local schema was given.
  var hasLocalFiles: Bool { !protoFiles.isEmpty || !protosets.isEmpty }

  /// Whether the schema comes from the files alone (no reflection).
  var hasLocalSchema: Bool { hasLocalFiles && !useReflectionFlag }

  /// Whether reflection is combined with the files (`-use-reflection` given with them).
  var combinesReflection: Bool { hasLocalFiles && useReflectionFlag && !noReflection }

  /// The schema cache this run may use (none with `-no-cache`).
  private var cache: SchemaCache? {
    guard !noCache else { return nil }
    return SchemaCache.userCache(
      environment: ProcessInfo.processInfo.environment,
      version: GRPCall.version
    )
  }

  /// Loads the pool from the given files.
  func loadPool() throws(CommandFailure) -> DescriptorPool {
    do {
      let pool =
        protosets.isEmpty
        ? try SchemaLoader.fromProtoFiles(protoFiles, importPaths: importPaths, cache: cache)
        : try SchemaLoader.fromProtosets(protosets)
      RetainedUntilExit.keep(pool)
      return pool
    } catch {
      let context =
        protosets.isEmpty
        ? "Failed to process proto source files." : "Failed to process proto descriptor sets."
      throw .schema(context: context, error)
    }
  }
}
