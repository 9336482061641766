import Foundation
import ProtoSchema
import TestSupport
import Testing

/// The built-in files ship as descriptors compiled at development time; they must be what the
/// generator writes today, and each must decode.
@Suite struct BuiltInDescriptorTests {
  @Test func committedDescriptorsAreFresh() throws {
    let root = OracleProtoc.repositoryRoot
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "builtin-\(UUID().uuidString).swift"
    )
    defer { try? FileManager.default.removeItem(at: out) }
    let (status, output) = try OracleProtoc.run(
      "/usr/bin/env",
      [
        "PYTHON=\(OracleProtoc.python)", "bash",
        root.appendingPathComponent("scripts/generate-builtin-descriptors").path, out.path,
      ]
    )
    #expect(status == 0, "\(output)")
    let committed = try String(
      contentsOf: root.appendingPathComponent(
        "Sources/ProtoSchema/WellKnown/BuiltInDescriptors.swift"
      ),
      encoding: .utf8
    )
    #expect(
      try String(contentsOf: out, encoding: .utf8) == committed,
      "BuiltInDescriptors.swift is stale: run scripts/generate-builtin-descriptors"
    )
  }

  @Test func everyBuiltInDecodesWithSourceInfo() {
    #expect(WellKnownProtos.fileNames.count == 17)
    for name in WellKnownProtos.fileNames {
      let file = WellKnownProtos.descriptor(named: name)
      #expect(file?.name == name)
      #expect(file?.sourceCodeInfo.location.isEmpty == false, "\(name)")
    }
  }

  /// A file importing a built-in links against the precompiled descriptor, and asking for the
  /// built-in itself on the command line gives it (without source info unless asked).
  @Test func builtInsResolveWithoutImportPaths() throws {
    let files = try ProtoCompiler.compile(
      files: ["google/rpc/status.proto"],
      importPaths: ["/nonexistent"]
    )
    #expect(files.map(\.name) == ["google/protobuf/any.proto", "google/rpc/status.proto"])
    #expect(files.allSatisfy { !$0.hasSourceCodeInfo })
  }
}
