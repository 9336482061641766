import Foundation
import TestSupport
import Testing

/// `-proto` schemas are cached between runs of the binary; a changed import is seen at once and
/// `-no-cache` neither reads nor writes the cache.
@Suite struct SchemaCacheEndToEndTests {
  @Test func changedImportIsSeenAndNoCacheWritesNothing() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "cache-e2e-\(UUID().uuidString)"
    )
    let cacheHome = root.appendingPathComponent("xdg").path
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    func write(_ name: String, _ text: String) throws {
      try Data(text.utf8).write(to: root.appendingPathComponent(name))
    }
    try write(
      "dep.proto",
      "syntax = \"proto3\";\npackage c;\nmessage Dep { string old_name = 1; }\n"
    )
    try write(
      "svc.proto",
      "syntax = \"proto3\";\npackage c;\nimport \"dep.proto\";\nservice S { rpc M(Dep) returns (Dep); }\n"
    )
    let arguments = ["-import-path", root.path, "-proto", "svc.proto", "describe", "c.Dep"]
    let environment = ["XDG_CACHE_HOME": cacheHome]

    let uncached = try GRPCallBinary.run(["-no-cache"] + arguments, environment: environment)
    #expect(uncached.status == 0, "\(uncached.stderr)")
    #expect(!FileManager.default.fileExists(atPath: cacheHome + "/grpcall"))

    let first = try GRPCallBinary.run(arguments, environment: environment)
    let second = try GRPCallBinary.run(arguments, environment: environment)
    #expect(first.stdout == uncached.stdout)
    #expect(second.stdout == first.stdout)
    #expect(try FileManager.default.contentsOfDirectory(atPath: cacheHome + "/grpcall").count == 1)

    try write(
      "dep.proto",
      "syntax = \"proto3\";\npackage c;\nmessage Dep { string new_name = 1; }\n"
    )
    let changed = try GRPCallBinary.run(arguments, environment: environment)
    #expect(changed.status == 0)
    #expect(changed.stdout.contains("new_name"))
    #expect(!changed.stdout.contains("old_name"))
  }
}
