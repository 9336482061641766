import Foundation
import ProtoSchema
import SwiftProtobuf
import TestSupport
import Testing

/// grpcall's compiler must produce what protoc produces, message for message.
///
/// Intended difference (for now): `source_code_info` is not yet generated, so it is cleared on
/// both sides before comparing.
@Suite struct DifferentialTests {
  static let root = OracleProtoc.repositoryRoot.path

  func compareWithProtoc(files: [String], importPaths: [String]) throws {
    let expected = try OracleProtoc.descriptorSet(files: files, importPaths: importPaths)
    let actual = try ProtoCompiler.compile(
      files: files,
      importPaths: importPaths.map { Self.root + "/" + $0 }
    )
    #expect(actual.map(\.name) == expected.file.map(\.name))
    for (mine, theirs) in zip(actual, expected.file) {
      var mine = mine
      var theirs = theirs
      mine.clearSourceCodeInfo()
      theirs.clearSourceCodeInfo()
      if mine != theirs {
        Issue.record(
          "\(mine.name) differs from protoc:\n\(TextDiff.firstDifference(theirs.textFormatString(), mine.textFormatString()))"
        )
      }
    }
  }

  @Test func sampleUserService() throws {
    try compareWithProtoc(files: ["user_service.proto"], importPaths: ["samples/user-service"])
  }

  @Test func wellKnownTypes() throws {
    let names = [
      "any", "api", "duration", "empty", "field_mask", "source_context", "struct", "timestamp",
      "type", "wrappers", "descriptor",
    ]
    for name in names {
      try compareWithProtoc(files: ["google/protobuf/\(name).proto"], importPaths: [])
    }
  }

  @Test func languageFeatures() throws {
    try compareWithProtoc(
      files: ["features_proto2.proto", "features_proto3.proto"],
      importPaths: ["Tests/ProtoSchemaTests/Fixtures"]
    )
  }
}

/// Shows where two text renderings first differ, with a little context.
enum TextDiff {
  static func firstDifference(_ expected: String, _ actual: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let index = (0 ..< min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
    let from = max(0, index - 6)
    let context = a[from ..< index].map { "  \($0)" }
    let expectedLines = a[index ..< min(a.count, index + 4)].map { "- \($0)" }
    let actualLines = b[index ..< min(b.count, index + 4)].map { "+ \($0)" }
    return (context + expectedLines + actualLines).joined(separator: "\n")
  }
}
