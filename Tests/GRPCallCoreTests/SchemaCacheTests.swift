import Foundation
import GRPCallCore
import ProtoSchema
import Testing

/// The `-proto` schema cache: a hit gives what compiling gives, and any change to a source file
/// (an import included) or the build is a miss.
@Suite struct SchemaCacheTests {
  struct Workspace {
    let root: URL
    let cache: SchemaCache

    init() throws {
      root = FileManager.default.temporaryDirectory.appendingPathComponent(
        "schema-cache-\(UUID().uuidString)"
      )
      try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
      cache = SchemaCache(directory: root.appendingPathComponent("cache").path, version: "test")
      try write("base.proto", "syntax = \"proto3\";\npackage t;\nmessage Base { string a = 1; }\n")
      try write(
        "main.proto",
        "syntax = \"proto3\";\npackage t;\nimport \"base.proto\";\nimport \"google/protobuf/timestamp.proto\";\nmessage Main { Base b = 1; google.protobuf.Timestamp at = 2; }\n"
      )
    }

    func write(_ name: String, _ text: String) throws {
      try Data(text.utf8).write(to: root.appendingPathComponent(name))
    }

    func load(cache: SchemaCache?) throws -> DescriptorPool {
      try SchemaLoader.fromProtoFiles(["main.proto"], importPaths: [root.path], cache: cache)
    }

    func lookup(_ cache: SchemaCache? = nil) -> [String]? {
      (cache ?? self.cache).lookup(files: ["main.proto"], importPaths: [root.path])?.map(\.name)
    }
  }

  @Test func hitEqualsCompiledAndChangedImportMisses() throws {
    let space = try Workspace()
    defer { try? FileManager.default.removeItem(at: space.root) }
    #expect(space.lookup() == nil)
    let compiled = try space.load(cache: space.cache)
    #expect(space.lookup() == ["base.proto", "google/protobuf/timestamp.proto", "main.proto"])
    let cached = try space.load(cache: space.cache)
    #expect(cached.files == compiled.files)
    #expect(cached.files.allSatisfy { $0.hasSourceCodeInfo })

    // Same size, other content: the hash notices.
    try space.write(
      "base.proto",
      "syntax = \"proto3\";\npackage t;\nmessage Base { string b = 1; }\n"
    )
    #expect(space.lookup() == nil)
    let recompiled = try space.load(cache: space.cache)
    #expect(recompiled.message(named: "t.Base")?.fields.map(\.name) == ["b"])
    #expect(space.lookup() != nil)
  }

  @Test func otherBuildsAndCorruptEntriesMiss() throws {
    let space = try Workspace()
    defer { try? FileManager.default.removeItem(at: space.root) }
    _ = try space.load(cache: space.cache)
    let other = SchemaCache(directory: space.cache.directory, version: "another build")
    #expect(space.lookup(other) == nil)
    let entries = try FileManager.default.contentsOfDirectory(atPath: space.cache.directory)
    #expect(entries.count == 1)
    let entry = space.cache.directory + "/" + entries[0]
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: entry)))
    bytes.removeLast(bytes.count / 3)
    try Data(bytes).write(to: URL(fileURLWithPath: entry))
    #expect(space.lookup() == nil)
    #expect(try space.load(cache: space.cache).message(named: "t.Main") != nil)
  }

  @Test func unwritableCacheIsNoError() throws {
    let space = try Workspace()
    defer { try? FileManager.default.removeItem(at: space.root) }
    let blocked = SchemaCache(directory: "/dev/null/grpcall", version: "test")
    #expect(try space.load(cache: blocked).message(named: "t.Main") != nil)
  }

  @Test func userCacheFollowsXDG() {
    let xdg = SchemaCache.userCache(
      environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"],
      version: "v"
    )
    #expect(xdg?.directory == "/x/grpcall")
    let home = SchemaCache.userCache(environment: ["HOME": "/h"], version: "v")
    #expect(home?.directory == "/h/.cache/grpcall")
    #expect(SchemaCache.userCache(environment: [:], version: "v") == nil)
  }
}
