import ProtoSchema
import SwiftProtobuf

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds a descriptor pool from the schema sources given on the command line.
public enum SchemaLoader {
  /// Compiles `.proto` files (with their imports) into a pool, keeping their source info
  /// (comments for `describe`, locations in written protosets).
  /// With a `cache`, an unchanged schema is read from it instead of compiled, and a compiled one
  /// is stored in it.
  public static func fromProtoFiles(
    _ files: [String],
    importPaths: [String],
    cache: SchemaCache? = nil
  ) throws(SchemaError) -> DescriptorPool {
    if let cached = cache?.lookup(files: files, importPaths: importPaths),
      let pool = try? DescriptorPool(files: cached)
    {
      return pool
    }
    let (pool, compiled, sources) = try ProtoCompiler.compileIntoPool(
      files: files,
      importPaths: importPaths,
      includeSourceInfo: true
    )
    cache?.store(compiled, sources: sources, files: files, importPaths: importPaths)
    return pool
  }

  /// Every built-in file: the well-known types, google.rpc, gRPC health and reflection. Given the
  /// type a run needs, only the file defining it (and its imports) when that file is known and
  /// holds no `Any`.
  public static func builtIns(for typeName: String? = nil) throws(SchemaError) -> DescriptorPool {
    let name = typeName.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }
    // A schema that can hold an Any may name any built-in type inside it: then all of them.
    if let file = name.flatMap(WellKnownProtos.file(definingType:)),
      case let pool = try fromProtoFiles([file], importPaths: []),
      pool.message(named: "google.protobuf.Any") == nil
    {
      return pool
    }
    return try fromProtoFiles(WellKnownProtos.fileNames, importPaths: [])
  }

  /// Loads binary `FileDescriptorSet` files into one pool.
  public static func fromProtosets(_ paths: [String]) throws(SchemaError) -> DescriptorPool {
    var files: [Google_Protobuf_FileDescriptorProto] = []
    for path in paths {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw .invalidProtoset(path: path, reason: "open \(path): no such file or directory")
      }
      do {
        files += try Google_Protobuf_FileDescriptorSet(serializedBytes: [UInt8](data)).file
      } catch {
        throw .invalidProtoset(
          path: path,
          reason: "not a FileDescriptorSet: \(ErrorWords.describe(error))"
        )
      }
    }
    return try DescriptorPool(files: files)
  }
}
