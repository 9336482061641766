import Foundation
import TestSupport
import Testing

/// Command-line behaviour that needs no server: usage errors, bad input, schema errors, list.
@Suite struct CommandLineTests {
  let proto = ["-proto", "samples/user-service/user_service.proto"]

  @Test func listPrintsServicesSorted() throws {
    let result = try GRPCallBinary.run([
      "-import-path", "samples/user-service", "-proto", "user_service.proto", "list",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "users.UserService\n")
  }

  @Test func listMethodsOfService() throws {
    let result = try GRPCallBinary.run(proto + ["list", "users.UserService"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.split(separator: "\n") == [
        "users.UserService.Chat", "users.UserService.CreateUser", "users.UserService.GetUser",
        "users.UserService.ListUsers", "users.UserService.UploadUsers",
        "users.UserService.WatchUsers",
      ]
    )
  }

  @Test func protosetOutWritesASetProtocCanRead() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "grpcall-\(UUID().uuidString).pb"
    ).path
    defer { try? FileManager.default.removeItem(atPath: out) }
    let result = try GRPCallBinary.run(proto + ["-protoset-out", out, "list"])
    #expect(result.status == 0, "\(result.stderr)")
    let relisted = try GRPCallBinary.run(["-protoset", out, "list", "users.UserService"])
    #expect(relisted.status == 0, "\(relisted.stderr)")
    #expect(relisted.stdout.contains("users.UserService.WatchUsers"))
  }

  @Test func unknownFieldIsOneLineWithExit1() throws {
    let result = try GRPCallBinary.run(
      ["-plaintext"] + proto + ["-d", #"{"idd":"u1"}"#, "127.0.0.1:9", "users.UserService/GetUser"]
    )
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "Error invoking method \"users.UserService/GetUser\": error getting request data: message type users.GetUserRequest has no known field named idd\n"
    )
  }

  @Test func badValueNamesTheJSONPath() throws {
    let result = try GRPCallBinary.run(
      ["-plaintext"] + proto + [
        "-d", #"{"page_size":"abc"}"#, "127.0.0.1:9", "users.UserService/ListUsers",
      ]
    )
    #expect(result.status == 1)
    #expect(
      result.stderr.contains(
        "error getting request data: page_size: expected an integer, got \"abc\""
      )
    )
  }

  @Test func twoMessagesForUnaryIsAnError() throws {
    let result = try GRPCallBinary.run(
      ["-plaintext"] + proto + [
        "-d", #"{"id":"a"}{"id":"b"}"#, "127.0.0.1:9", "users.UserService/GetUser",
      ]
    )
    #expect(result.status == 1)
    #expect(
      result.stderr.contains("is a unary RPC, but request data contained more than 1 message")
    )
  }

  @Test func connectionRefusedIsOneLine() throws {
    let result = try GRPCallBinary.run(
      ["-plaintext"] + proto + ["127.0.0.1:1", "users.UserService/GetUser"]
    )
    #expect(result.status == 1)
    #expect(
      result.stderr == "Failed to dial target host \"127.0.0.1:1\": connect: connection refused\n"
    )
  }

  @Test func unknownServiceAndMethod() throws {
    let service = try GRPCallBinary.run(["-plaintext"] + proto + ["127.0.0.1:9", "users.Nope/Get"])
    #expect(service.status == 1)
    #expect(
      service.stderr
        == "Error invoking method \"users.Nope/Get\": target server does not expose service \"users.Nope\"\n"
    )
    let method = try GRPCallBinary.run(
      ["-plaintext"] + proto + ["127.0.0.1:9", "users.UserService/Nope"]
    )
    #expect(
      method.stderr
        == "Error invoking method \"users.UserService/Nope\": service \"users.UserService\" does not include a method named \"Nope\"\n"
    )
  }

  @Test func usageErrorsExit2() throws {
    let conflicting = try GRPCallBinary.run(
      ["-plaintext", "-insecure"] + proto + ["127.0.0.1:9", "users.UserService/GetUser"]
    )
    #expect(conflicting.status == 2)
    #expect(conflicting.stderr.contains("mutually exclusive"))
    #expect(conflicting.stderr.contains("Try 'grpcall -help' for more details."))
    let unknownFlag = try GRPCallBinary.run(["-bogus-flag", "127.0.0.1:9", "x.Y/Z"])
    #expect(unknownFlag.status == 2)
    let tooFew = try GRPCallBinary.run(proto)
    #expect(tooFew.status == 2)
  }

  @Test func schemaErrorsNameFileLineAndColumn() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "grpcall-\(UUID().uuidString)"
    )
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "syntax = \"proto3\";\nmessage M {\n  Missing m = 1;\n  int32 x = 2\n}\n".write(
      to: dir.appendingPathComponent("bad.proto"),
      atomically: true,
      encoding: .utf8
    )
    let result = try GRPCallBinary.run(["-import-path", dir.path, "-proto", "bad.proto", "list"])
    #expect(result.status == 1)
    #expect(result.stderr == "bad.proto:5:1: Expected \";\".\n")
  }

  /// Top-level help (either dash) shows the synopsis, the call's flags grouped, then the
  /// subcommands.
  @Test func helpShowsTheCallFlagsThenSubcommands() throws {
    for flag in ["--help", "-help", "-h"] {
      let result = try GRPCallBinary.run([flag])
      #expect(result.status == 0)
      let text = result.stdout
      #expect(text.hasPrefix("OVERVIEW: Call any gRPC service"), "\(flag)")
      let sections = [
        "USAGE: grpcall", "CONNECTION:", "SCHEMA:", "HEADERS:", "DATA AND OUTPUT:", "SUBCOMMANDS:",
      ]
      let positions = sections.compactMap { text.firstRange(of: $0)?.lowerBound }
      #expect(positions.count == sections.count, "\(flag): \(text)")
      #expect(positions == positions.sorted(), "\(flag): sections out of order")
      #expect(text.contains("-plaintext, --plaintext"))
    }
  }
}
