import Foundation
import TestSupport
import Testing

/// Without -proto or -protoset, the schema comes from the server's reflection service (the
/// sample server serves grpc.reflection.v1alpha, so v1 is tried and the fallback is exercised).
@Suite(.serialized) final class ReflectionTests {
  let server: SampleServer
  static let grpcurl = OracleProtoc.repositoryRoot.appendingPathComponent(".venv/bin/grpcurl").path

  init() throws {
    server = try SampleServer()
  }

  deinit { server.stop() }

  @Test func listMatchesGrpcurl() throws {
    for arguments in [["list"], ["list", "users.UserService"]] {
      let ours = try GRPCallBinary.run(["-plaintext", server.address] + arguments)
      let (status, theirs) = try OracleProtoc.run(
        Self.grpcurl,
        ["-plaintext", server.address] + arguments
      )
      #expect(status == 0)
      #expect(ours.status == 0, "\(ours.stderr)")
      #expect(ours.stdout == theirs)
    }
  }

  @Test func describeMatchesGrpcurl() throws {
    for symbol in ["users.UserService", "users.User", "users.ListUsersRequest"] {
      let ours = try GRPCallBinary.run(["-plaintext", server.address, "describe", symbol])
      let (_, theirs) = try OracleProtoc.run(
        Self.grpcurl,
        ["-plaintext", server.address, "describe", symbol]
      )
      #expect(ours.status == 0, "\(ours.stderr)")
      #expect(ours.stdout == theirs)
    }
  }

  /// The reflected descriptors have no json_name (Python servers omit it); grpcall computes the
  /// lowerCamel names anyway, where grpcurl 1.8.6 falls back to the .proto names.
  @Test func invokeThroughReflection() throws {
    let result = try GRPCallBinary.run([
      "-plaintext", "-d", #"{"id":"u1"}"#, server.address, "users.UserService/GetUser",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains(#""createdAt": ""#))
  }

  @Test func unknownSymbolsAreOneLine() throws {
    let describe = try GRPCallBinary.run(["-plaintext", server.address, "describe", "users.Nope"])
    #expect(describe.status == 1)
    #expect(
      describe.stderr == "Failed to resolve symbol \"users.Nope\": Symbol not found: users.Nope\n"
    )
    let invoke = try GRPCallBinary.run([
      "-plaintext", "-d", "{}", server.address, "users.Nope/Get",
    ])
    #expect(invoke.status == 1)
    #expect(
      invoke.stderr
        == "Error invoking method \"users.Nope/Get\": target server does not expose service \"users.Nope\"\n"
    )
  }

  @Test func protosetOutSavesTheReflectedSchema() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "reflected-\(UUID().uuidString).pb"
    ).path
    defer { try? FileManager.default.removeItem(atPath: out) }
    let listed = try GRPCallBinary.run(["-plaintext", "-protoset-out", out, server.address, "list"])
    #expect(listed.status == 0, "\(listed.stderr)")
    let offline = try GRPCallBinary.run(["-protoset", out, "list"])
    #expect(offline.stdout == listed.stdout)
  }

  @Test func noServerIsAConnectionError() throws {
    let result = try GRPCallBinary.run(["-plaintext", "127.0.0.1:1", "list"])
    #expect(result.status == 1)
    #expect(
      result.stderr == "Failed to dial target host \"127.0.0.1:1\": connect: connection refused\n"
    )
  }
}
