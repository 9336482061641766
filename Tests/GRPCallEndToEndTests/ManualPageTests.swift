import Foundation
import TestSupport
import Testing

/// docs/man/grpcall.1 is generated from the command definitions (scripts/generate-manual, with
/// swift-argument-parser's generate-manual plugin); it must match the binary and render.
@Suite struct ManualPageTests {
  static let page = "docs/man/grpcall.1"

  func dumpHelp() throws -> String {
    let result = try GRPCallBinary.run(["--experimental-dump-help"])
    #expect(result.status == 0, "\(result.stderr)")
    return result.stdout
  }

  @Test func pageMatchesTheCommandDefinitions() throws {
    let (status, hash) = try OracleProtoc.run(
      "/bin/bash",
      ["-c", "'\(GRPCallBinary.path)' --experimental-dump-help | sha256sum | cut -d' ' -f1"]
    )
    #expect(status == 0)
    let page = try String(
      contentsOf: OracleProtoc.repositoryRoot.appendingPathComponent(Self.page),
      encoding: .utf8
    )
    let recorded = page.split(separator: "\n").first ?? ""
    #expect(
      recorded == ".\\\" dump-help sha256 \(hash.trimmingCharacters(in: .whitespacesAndNewlines))",
      "\(Self.page) is stale: run scripts/generate-manual"
    )
  }

  @Test func manRendersEveryFlag() throws {
    let (status, rendered) = try OracleProtoc.run(
      "/bin/bash",
      ["-c", "MANPAGER=cat MANWIDTH=120 man -l \(Self.page)"]
    )
    #expect(status == 0, "\(rendered)")
    #expect(!rendered.contains("warning"), "\(rendered.prefix(400))")
    #expect(rendered.contains("GRPCALL(1)"))
    // EXIT STATUS lists grpcall's codes, not the generator's ">0 if an error occurs".
    for code in ["64+N", "130, 143", "141", "grpc_health_probe"] {
      #expect(rendered.contains(code), "EXIT STATUS lacks \(code)")
    }
    for subcommand in ["call", "convert", "test"] {
      let entry = rendered.split(separator: "\n").contains {
        $0.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init)
          == subcommand
      }
      #expect(entry, "\(subcommand) has no entry")
    }
    // Every flag the binary knows, by the names it is typed with.
    let info = try JSONSerialization.jsonObject(with: Data(try dumpHelp().utf8)) as? [String: Any]
    var flags: Set<String> = []
    func collect(_ command: [String: Any]) {
      for argument in command["arguments"] as? [[String: Any]] ?? []
      where argument["shouldDisplay"] as? Bool != false {
        for name in argument["names"] as? [[String: Any]] ?? [] {
          guard let kind = name["kind"] as? String, let text = name["name"] as? String else {
            continue
          }
          flags.insert((kind == "long" ? "--" : "-") + text)
        }
      }
      for sub in command["subcommands"] as? [[String: Any]] ?? [] { collect(sub) }
    }
    collect(try #require(info?["command"] as? [String: Any]))
    #expect(flags.count > 40)
    for flag in flags where !flag.hasPrefix("--experimental") {
      #expect(rendered.contains(flag), "\(flag) is not in the man page")
    }
  }
}
