#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
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
  /// contents; `nil` if no import path has it as a regular file. A named pipe or a device is never
  /// read (it could block or never end).
  public func locate(_ name: String) -> (path: String, contents: [UInt8])? {
    for directory in importPaths {
      let path = directory == "." ? name : directory + "/" + name
      guard Self.kind(of: path) == .regular else { continue }
      if let data = FileManager.default.contents(atPath: path) { return (path, [UInt8](data)) }
    }
    return nil
  }

  /// What a path that exists is, following symbolic links.
  public enum FileKind: Sendable {
    case regular
    case directory
    case other
  }

  /// What `name` is on the first import path that has it, if any has it.
  public func kind(_ name: String) -> FileKind? {
    for directory in importPaths {
      let path = directory == "." ? name : directory + "/" + name
      if let kind = Self.kind(of: path) { return kind }
    }
    return nil
  }

  /// Whether `name` names a directory on the first import path that has it (a `-proto` given a
  /// directory by mistake), to say so rather than "File not found.".
  public func isDirectory(_ name: String) -> Bool { kind(name) == .directory }

  static func kind(of path: String) -> FileKind? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    switch status.st_mode & S_IFMT {
    case S_IFREG: return .regular
    case S_IFDIR: return .directory
    default: return .other
    }
  }

  /// Why an import name is refused before any file is looked up, as protoc refuses it: names are
  /// relative to an import path, without `..` or `.` segments, so an import cannot reach outside
  /// the import paths.
  public static func importNameProblem(_ name: String) -> String? {
    if name.hasPrefix("/") {
      return
        "Import \"\(name)\" is an absolute path; imports are relative to an import path (-import-path)."
    }
    let segments = name.split(separator: "/", omittingEmptySubsequences: false)
    if name.contains("\\") || segments.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) {
      return
        "Import \"\(name)\" may not hold backslashes, empty, \".\" or \"..\" segments: imports are relative to an import path (-import-path)."
    }
    return nil
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
