import ProtoSchema
import SwiftProtobuf

#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Compiled `-proto` schemas kept between runs, under `$XDG_CACHE_HOME/grpcall` (or
/// `~/.cache/grpcall`).
///
/// An entry is found by the command line that asked for it (grpcall's version, the working
/// directory, the import paths and the files) and is used only while every source file the
/// compiler read then — imports included — still has the same size and content hash (64-bit
/// FNV-1a); a changed, moved or shadowing import compiles again. Built-in files come from the
/// binary and are covered by the version. The cache only ever saves time: an unreadable, corrupt or
/// unwritable entry is a miss, never an error.
public struct SchemaCache: Sendable {
  /// The directory holding the entries.
  public let directory: String
  /// Part of every key: entries of another grpcall build are never used.
  public let version: String

  private static let magic = "grpcall-schema-cache 1"

  /// A cache in `directory`.
  public init(directory: String, version: String) {
    self.directory = directory
    self.version = version
  }

  /// The default cache of this user: `$XDG_CACHE_HOME/grpcall`, else `$HOME/.cache/grpcall`;
  /// nil when neither variable is set.
  public static func userCache(
    environment: [String: String],
    version: String
  ) -> SchemaCache? {
    let build = version + " " + executableIdentity()
    if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
      return SchemaCache(directory: xdg + "/grpcall", version: build)
    }
    guard let home = environment["HOME"], !home.isEmpty else { return nil }
    return SchemaCache(directory: home + "/.cache/grpcall", version: build)
  }

  /// The running binary's size and modification time: a rebuilt grpcall of the same version
  /// does not use entries of the old one. (`stat(2)` rather than `FileManager`'s attributes,
  /// which look up the owner's user and group names.)
  private static func executableIdentity() -> String {
    var info = stat()
    guard stat("/proc/self/exe", &info) == 0 || stat(CommandLine.arguments[0], &info) == 0 else {
      return "unknown-build"
    }
    return "\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
  }

  /// The compiled files for this command line, if an entry exists and all its sources are
  /// unchanged.
  public func lookup(
    files: [String],
    importPaths: [String]
  ) -> [Google_Protobuf_FileDescriptorProto]? {
    let key = Self.key(version: version, files: files, importPaths: importPaths)
    guard let bytes = FileManager.default.contents(atPath: entryPath(key)).map({ [UInt8]($0) }),
      let entry = Entry(decoding: bytes),
      entry.key == key,
      entry.sources.allSatisfy(Self.isUnchanged),
      let set = try? Google_Protobuf_FileDescriptorSet(serializedBytes: entry.descriptorSet)
    else { return nil }
    return set.file
  }

  /// Records the compiled files of this command line and the sources they came from.
  public func store(
    _ compiled: [Google_Protobuf_FileDescriptorProto],
    sources: [ProtoCompiler.SourceFile],
    files: [String],
    importPaths: [String]
  ) {
    var set = Google_Protobuf_FileDescriptorSet()
    set.file = compiled
    guard let descriptorSet = try? DescriptorSetEncoder.serialize(set) else { return }
    let key = Self.key(version: version, files: files, importPaths: importPaths)
    let entry = Entry(
      key: key,
      sources: sources.map {
        Entry.Source(path: $0.path, size: $0.contents.count, hash: Self.hash($0.contents))
      },
      descriptorSet: descriptorSet
    )
    try? FileManager.default.createDirectory(
      atPath: directory,
      withIntermediateDirectories: true
    )
    // The cache's own files: written aside and renamed, so a reader never sees half an entry.
    let path = entryPath(key)
    let temporary = path + ".\(UInt32.random(in: 0 ... .max)).tmp"
    guard FileManager.default.createFile(atPath: temporary, contents: Data(entry.encoded())) else {
      return
    }
    if (try? FileManager.default.moveItem(atPath: temporary, toPath: path)) == nil {
      try? FileManager.default.removeItem(atPath: path)
      if (try? FileManager.default.moveItem(atPath: temporary, toPath: path)) == nil {
        try? FileManager.default.removeItem(atPath: temporary)
      }
    }
  }

  private func entryPath(_ key: String) -> String {
    directory + "/" + String(Self.hash(Array(key.utf8)), radix: 16) + ".schema"
  }

  /// Everything the compiled result depends on besides file contents, in one string.
  static func key(version: String, files: [String], importPaths: [String]) -> String {
    let workingDirectory = FileManager.default.currentDirectoryPath
    return ([Self.magic, version, workingDirectory, "-I"] + importPaths + ["-proto"] + files)
      .joined(separator: "\u{0}")
  }

  private static func isUnchanged(_ source: Entry.Source) -> Bool {
    guard let data = FileManager.default.contents(atPath: source.path) else { return false }
    let bytes = [UInt8](data)
    return bytes.count == source.size && hash(bytes) == source.hash
  }

  /// 64-bit FNV-1a.
  static func hash(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
    return hash
  }
}

extension SchemaCache {
  /// One cache file: the full key, each source's path, size and hash, then the descriptor set.
  ///
  /// Layout: the key line, one `hash size path` line per source, an empty line, then the
  /// serialized `FileDescriptorSet`. The key's NUL separators are written as `\u{1}`.
  struct Entry {
    struct Source {
      var path: String
      var size: Int
      var hash: UInt64
    }

    var key: String
    var sources: [Source]
    var descriptorSet: [UInt8]

    init(key: String, sources: [Source], descriptorSet: [UInt8]) {
      self.key = key
      self.sources = sources
      self.descriptorSet = descriptorSet
    }

    func encoded() -> [UInt8] {
      var header = key.replacing("\u{0}", with: "\u{1}") + "\n"
      for source in sources where !source.path.contains("\n") {
        header += String(source.hash, radix: 16) + " \(source.size) " + source.path + "\n"
      }
      return Array((header + "\n").utf8) + descriptorSet
    }

    init?(decoding bytes: [UInt8]) {
      var lines: [String] = []
      var start = 0
      var index = 0
      while index < bytes.count {
        if bytes[index] == UInt8(ascii: "\n") {
          if index == start { break }
          lines.append(String(decoding: bytes[start ..< index], as: UTF8.self))
          start = index + 1
        }
        index += 1
      }
      guard index < bytes.count, let keyLine = lines.first else { return nil }
      key = keyLine.replacing("\u{1}", with: "\u{0}")
      sources = []
      for line in lines.dropFirst() {
        let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count == 3, let hash = UInt64(parts[0], radix: 16), let size = Int(parts[1])
        else { return nil }
        sources.append(Source(path: parts[2], size: size, hash: hash))
      }
      descriptorSet = Array(bytes[(index + 1)...])
    }
  }
}
