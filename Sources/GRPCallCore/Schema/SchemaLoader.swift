import ProtoSchema
import SwiftProtobuf

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds a descriptor pool from the schema sources given on the command line.
public enum SchemaLoader {
  /// Compiles `.proto` files (with their imports) into a pool.
  public static func fromProtoFiles(
    _ files: [String],
    importPaths: [String]
  ) throws(SchemaError) -> DescriptorPool {
    let compiled = try ProtoCompiler.compile(files: files, importPaths: importPaths)
    return try DescriptorPool(files: compiled)
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
