import Foundation
import ProtoSchema
import TestSupport
import Testing

/// Each catalogued invalid file gets the expected first diagnostic, and protoc rejects it too.
@Suite struct DiagnosticsTests {
  @Test func catalogueIsLargeEnough() {
    #expect(DiagnosticCatalogue.cases.count >= 40)
    #expect(Set(DiagnosticCatalogue.cases.map(\.name)).count == DiagnosticCatalogue.cases.count)
  }

  @Test(arguments: DiagnosticCatalogue.cases)
  func reportsLikeProtoc(_ item: DiagnosticCase) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "diag-\(UUID().uuidString)"
    )
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let fileName = item.name + ".proto"
    for (name, text) in [fileName: item.source].merging(
      item.otherFiles,
      uniquingKeysWith: { a, _ in a }
    ) {
      try (text + "\n").write(
        to: directory.appendingPathComponent(name),
        atomically: true,
        encoding: .utf8
      )
    }
    let expected = item.expected.replacingOccurrences(of: "FILE", with: fileName)

    do {
      _ = try ProtoCompiler.compile(files: [fileName], importPaths: [directory.path])
      Issue.record("\(item.name): grpcall accepted the file")
    } catch let error {
      guard case .invalidSource(let diagnostics) = error else {
        Issue.record("\(item.name): unexpected error \(error)")
        return
      }
      #expect(diagnostics.first?.description == expected)
    }

    let protocOutput = try #require(
      try OracleProtoc.errors(files: [fileName], importPaths: [directory.path]),
      "protoc accepted \(item.name)"
    )
    if item.sameAsProtoc {
      let first = protocOutput.split(separator: "\n").first {
        !$0.contains("WARNING") && !$0.isEmpty
      }
      #expect(first.map { $0.replacingOccurrences(of: directory.path + "/", with: "") } == expected)
    }
  }
}
