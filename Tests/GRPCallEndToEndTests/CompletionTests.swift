import Foundation
import TestSupport
import Testing

/// The committed completion scripts must match what the current command definitions generate.
@Suite struct CompletionTests {
  @Test(arguments: [("bash", "grpcall.bash"), ("zsh", "_grpcall"), ("fish", "grpcall.fish")])
  func completionScriptIsCurrent(shell: String, file: String) throws {
    let generated = try GRPCallBinary.run(["--generate-completion-script", shell])
    #expect(generated.status == 0)
    let committed = try String(
      contentsOf: OracleProtoc.repositoryRoot.appendingPathComponent("completions/\(file)"),
      encoding: .utf8
    )
    #expect(
      generated.stdout == committed,
      "completions/\(file) is stale: run scripts/generate-completions"
    )
    #expect(committed.contains("plaintext"))
  }
}
