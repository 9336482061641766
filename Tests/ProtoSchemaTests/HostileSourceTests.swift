import Foundation
import ProtoSchema
import TestSupport
import Testing

/// Input meant to break the compiler: deep nesting, control bytes, binary files, an error per
/// token, huge names and messages. Each ends in a bounded list of one-line `file:line:col` errors
/// (or compiles), never in a crash or quadratic work.
@Suite struct HostileSourceTests {
  func errors(_ name: String, _ bytes: [UInt8]) throws -> [String] {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "hostile-\(UUID().uuidString)"
    )
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data(bytes).write(to: directory.appendingPathComponent(name))
    do {
      _ = try ProtoCompiler.compile(files: [name], importPaths: [directory.path])
      return []
    } catch {
      return error.description.split(separator: "\n").map(String.init)
    }
  }

  func text(_ string: String) -> [UInt8] { Array(string.utf8) }

  @Test func deepNestingIsAnErrorNotAStackOverflow() throws {
    let deep =
      "syntax = \"proto3\";\n" + String(repeating: "message M { ", count: 5000)
      + String(repeating: "}", count: 5000)
    let found = try errors("deep.proto", text(deep))
    #expect(found.first == "deep.proto:2:1211: Message nested too deeply (more than 100 levels).")
    // 100 levels are fine.
    let fine =
      "syntax = \"proto3\";\n" + String(repeating: "message M { ", count: 100)
      + String(repeating: "}", count: 100)
    #expect(try errors("fine.proto", text(fine)) == [])
  }

  @Test func deepAggregateOptionIsAnError() throws {
    let source =
      "syntax = \"proto2\";\nimport \"google/protobuf/descriptor.proto\";\nextend google.protobuf.FileOptions { optional M m = 50000; }\nmessage M { optional M m = 1; }\noption (m) = "
      + String(repeating: "{ m ", count: 100_000) + String(repeating: "}", count: 100_000) + ";\n"
    let found = try errors("aggregate.proto", text(source))
    #expect(
      found.first?.hasSuffix("Aggregate value nested too deeply (more than 100 levels).") == true
    )
    #expect(found.count <= DiagnosticReporter.limit + 1)
  }

  @Test func controlBytesAreOneErrorPerRun() throws {
    let nuls = try errors("nuls.proto", [UInt8](repeating: 0, count: 23_000))
    #expect(nuls == ["nuls.proto:1:1: Invalid control characters encountered in text."])
    let after = try errors(
      "after.proto",
      text("syntax = \"proto3\";\nmessage A {}\n") + [UInt8](repeating: 0, count: 23_000)
    )
    #expect(after == ["after.proto:3:1: Invalid control characters encountered in text."])
  }

  @Test func anErrorPerTokenIsCappedWithACount() throws {
    let found = try errors("braces.proto", text(String(repeating: "}", count: 100_000)))
    #expect(found.count == DiagnosticReporter.limit + 1)
    #expect(found.first == "braces.proto:1:1: Expected top-level statement (e.g. \"message\").")
    #expect(found.last == "braces.proto: … and 99900 more errors.")
  }

  @Test func binaryFilesAreRejectedQuickly() throws {
    var generator = SystemRandomNumberGenerator()
    let random = (0 ..< 1_000_000).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }
    let found = try errors("random.proto", random)
    #expect(!found.isEmpty && found.count <= DiagnosticReporter.limit + 1)
    let elf = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "/bin/ls")))
    let elfErrors = try errors("elf.proto", elf)
    #expect(elfErrors.first == "elf.proto:1:1: Invalid control characters encountered in text.")
  }

  /// protoc's rule: a package name of 512 characters or more is refused.
  @Test func packageNameLimitMatchesProtoc() throws {
    let long = (0 ..< 100_000).map { "p\($0)" }.joined(separator: ".")
    #expect(
      try errors("long.proto", text("syntax = \"proto3\";\npackage \(long);\n"))
        == ["long.proto:2:1: Package name is too long"]
    )
    let justFits = String(repeating: "a", count: 511)
    #expect(try errors("fits.proto", text("syntax = \"proto3\";\npackage \(justFits);\n")) == [])
  }

  @Test func tenThousandFieldsCompile() throws {
    let fields = (1 ... 10_000).map { "  string f\($0) = \($0);" }.joined(separator: "\n")
    #expect(
      try errors("wide.proto", text("syntax = \"proto3\";\nmessage M {\n\(fields)\n}\n")) == []
    )
  }
}
