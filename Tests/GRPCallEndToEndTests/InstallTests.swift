import Foundation
import TestSupport
import Testing

/// `make install PREFIX=…` puts the binary and the completion scripts where bash-completion, zsh
/// and fish look for them; `make uninstall` removes them.
@Suite struct InstallTests {
  @Test func installAndUninstallIntoAPrefix() throws {
    let prefix = FileManager.default.temporaryDirectory.appendingPathComponent(
      "prefix-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: prefix) }
    let installed = [
      "bin/grpcall", "share/bash-completion/completions/grpcall",
      "share/zsh/site-functions/_grpcall", "share/fish/vendor_completions.d/grpcall.fish",
      "share/man/man1/grpcall.1",
    ].map { prefix + "/" + $0 }
    let (status, output) = try OracleProtoc.run(
      "/usr/bin/make",
      ["-s", "install", "PREFIX=\(prefix)", "BIN=\(GRPCallBinary.path)"]
    )
    #expect(status == 0, "\(output)")
    for path in installed { #expect(FileManager.default.fileExists(atPath: path), "\(path)") }
    #expect(FileManager.default.isExecutableFile(atPath: installed[0]))
    // Installed stripped: the debug build under test carries debug info, the copy none.
    let (sections, sectionList) = try OracleProtoc.run("/usr/bin/readelf", ["-S", installed[0]])
    #expect(sections == 0)
    #expect(!sectionList.contains(".debug_info"), "installed with debug info")
    let (versionStatus, version) = try OracleProtoc.run(installed[0], ["-version"])
    #expect(versionStatus == 0 && version.hasPrefix("grpcall v"))
    let (bashStatus, registered) = try OracleProtoc.run(
      "/bin/bash",
      ["-c", "source \(installed[1]) && complete -p grpcall"]
    )
    #expect(bashStatus == 0, "\(registered)")
    #expect(registered.contains("grpcall"))

    let (removed, removeOutput) = try OracleProtoc.run(
      "/usr/bin/make",
      ["-s", "uninstall", "PREFIX=\(prefix)"]
    )
    #expect(removed == 0, "\(removeOutput)")
    for path in installed { #expect(!FileManager.default.fileExists(atPath: path), "\(path)") }
  }
}

/// `--output ndjson`: every response on one line, as `--compact` (kept as an alias) does.
@Suite struct OutputModeTests {
  @Test func ndjsonIsOneResponsePerLine() throws {
    let server = try SampleServer()
    func run(_ flags: [String]) throws -> GRPCallBinary.Result {
      try GRPCallBinary.run(
        ["-plaintext"] + flags + [
          "-proto", "samples/user-service/user_service.proto", "-d", #"{"page_size":3}"#,
          server.address, "users.UserService/ListUsers",
        ]
      )
    }
    let ndjson = try run(["--output", "ndjson"])
    #expect(ndjson.status == 0, "\(ndjson.stderr)")
    #expect(ndjson.stdout.split(separator: "\n").count == 1)
    #expect(ndjson.stdout == (try run(["--compact"])).stdout)
    let indented = try run(["--output", "json"])
    #expect(indented.stdout.split(separator: "\n").count > 3)
    let bad = try run(["--output", "yaml"])
    #expect(bad.status == 2)
    #expect(bad.stderr.hasPrefix("The --output option must be 'json', 'ndjson' or 'envelope'."))
  }
}
