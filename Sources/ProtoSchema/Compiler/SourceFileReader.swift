#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Finds and reads `.proto` files on import paths (built-in files are the compiler's fallback).
public struct SourceFileReader: Sendable {
  /// Directories searched in order, like `protoc -I`.
  public var importPaths: [String]

  /// Creates a reader over import paths; an empty list means the current directory.
  public init(importPaths: [String]) {
    self.importPaths = importPaths.isEmpty ? ["."] : importPaths
  }

  /// The contents of the file imported as `name`, or `nil` if no import path has it.
  public func read(_ name: String) -> [UInt8]? {
    locate(name)?.contents
  }

  /// The file imported as `name`: where it was found (the first import path that has it) and its
  /// contents; `nil` if no import path has it.
  public func locate(_ name: String) -> (path: String, contents: [UInt8])? {
    for directory in importPaths {
      let path = directory == "." ? name : directory + "/" + name
      if let data = FileManager.default.contents(atPath: path) { return (path, [UInt8](data)) }
    }
    return nil
  }

  /// Whether `name` names a directory on the first import path that has it (a `-proto` given a
  /// directory by mistake), to say so rather than "File not found.".
  public func isDirectory(_ name: String) -> Bool {
    for directory in importPaths {
      let path = directory == "." ? name : directory + "/" + name
      let attributes = try? FileManager.default.attributesOfItem(atPath: path)
      guard let type = attributes?[.type] as? FileAttributeType else { continue }
      return type == .typeDirectory
    }
    return false
  }

  /// The import name of a file given on the command line: relative to the import path that
  /// contains it, as protoc maps `-I dir dir/x.proto` to `x.proto`.
  public func importName(forCommandLinePath path: String) -> String {
    var cleaned = path
    while cleaned.hasPrefix("./") { cleaned.removeFirst(2) }
    for directory in importPaths where directory != "." {
      var prefix = directory
      while prefix.hasPrefix("./") { prefix.removeFirst(2) }
      if !prefix.hasSuffix("/") { prefix += "/" }
      if cleaned.hasPrefix(prefix) { return String(cleaned.dropFirst(prefix.count)) }
    }
    return cleaned
  }
}
