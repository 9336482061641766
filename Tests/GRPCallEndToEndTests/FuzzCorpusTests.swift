import Foundation
import TestSupport
import Testing

/// Replays the committed fuzz corpus (Tests/FuzzCorpus: hostile seeds and every input a fuzzer
/// ever crashed on) through each target of `grpcall-fuzz`, built without sanitizers next to the
/// tests: none may crash or hang. `scripts/fuzz TARGET SECONDS` runs the real fuzzers.
@Suite struct FuzzCorpusTests {
  static let replayer = URL(fileURLWithPath: GRPCallBinary.path).deletingLastPathComponent()
    .appendingPathComponent("grpcall-fuzz").path

  @Test(arguments: ["proto", "json", "binary", "text", "protoset", "scenario"])
  func corpusReplaysCleanly(_ target: String) throws {
    let corpus = OracleProtoc.repositoryRoot.appendingPathComponent("Tests/FuzzCorpus/\(target)")
    let count = try FileManager.default.contentsOfDirectory(atPath: corpus.path).count
    #expect(count > 0)
    let (status, output) = try OracleProtoc.run(
      "/usr/bin/env",
      ["GRPCALL_FUZZ_TARGET=\(target)", Self.replayer, corpus.path]
    )
    #expect(status == 0, "\(target): \(output.suffix(2000))")
    #expect(output.contains("replayed \(count) inputs through \(target)"), "\(output.suffix(500))")
  }
}
