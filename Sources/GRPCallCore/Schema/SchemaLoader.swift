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
  public static func fromProtoFiles(
    _ files: [String],
    importPaths: [String]
  ) throws(SchemaError) -> DescriptorPool {
    let compiled = try ProtoCompiler.compile(
      files: files,
      importPaths: importPaths,
      includeSourceInfo: true
    )
    return try DescriptorPool(files: compiled)
  }

  /// Every built-in file: the well-known types, google.rpc, gRPC health and reflection.
  public static func builtIns() throws(SchemaError) -> DescriptorPool {
    try fromProtoFiles(WellKnownProtos.fileNames, importPaths: [])
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
        throw .invalidProtoset(path: path, reason: "not a FileDescriptorSet (\(error))")
      }
    }
    return try DescriptorPool(files: files)
  }
}
