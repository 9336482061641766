import Foundation
import TestSupport
import Testing

/// `--output envelope`: one JSON document of the whole call on stdout, however the call ends,
/// with the exit code and stderr unchanged.
@Suite struct EnvelopeTests {
  static let proto = ["-proto", "samples/user-service/user_service.proto"]
  static let token = "envelope-secret-token"

  func envelope(_ result: GRPCallBinary.Result) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    return try #require(object as? [String: Any], "\(result.stdout)")
  }

  func call(_ server: SampleServer, _ method: String, data: String) throws -> GRPCallBinary.Result {
    try GRPCallBinary.run(
      [
        "-plaintext", "-H", "authorization: Bearer \(Self.token)", "-d", data, "--output",
        "envelope",
      ]
        + [server.address, method]
    )
  }

  @Test func successfulUnaryCall() throws {
    let server = try SampleServer(arguments: ["--token", Self.token])
    let result = try call(server, "users.UserService/GetUser", data: #"{"id":"u1"}"#)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty)
    let document = try envelope(result)
    #expect(document["method"] as? String == "users.UserService/GetUser")
    let responses = try #require(document["responses"] as? [[String: Any]])
    #expect(responses.count == 1)
    #expect(responses.first?["id"] as? String == "u1")
    let status = try #require(document["status"] as? [String: Any])
    #expect(status["code"] as? Int == 0)
    #expect(status["name"] as? String == "OK")
    #expect((status["details"] as? [Any])?.isEmpty == true)
    let sent = try #require(document["requestHeaders"] as? [String: [String]])
    #expect(sent["authorization"]?.first?.hasPrefix("Bearer <redacted") == true)
    #expect(!result.stdout.contains(Self.token))
    let received = try #require(document["responseHeaders"] as? [String: [String]])
    #expect(received["content-type"] == ["application/grpc"])
    #expect(document["trailers"] is [String: Any])
    #expect(document["error"] == nil)
    let timing = try #require(document["timing"] as? [String: Double])
    #expect((timing["totalMs"] ?? 0) > 0)
    #expect((timing["callMs"] ?? 0) > 0)
    #expect(timing["reflectionMs"] != nil)
  }

  @Test func nonOKStatusKeepsItsDetailsAndExitCode() throws {
    let server = try SampleServer(arguments: ["--token", Self.token])
    let result = try call(server, "users.UserService/GetUser", data: #"{"id":""}"#)
    #expect(result.status == 64 + 3)
    #expect(result.stderr.hasPrefix("ERROR:\n  Code: InvalidArgument"))
    let document = try envelope(result)
    let status = try #require(document["status"] as? [String: Any])
    #expect(status["code"] as? Int == 3)
    #expect(status["name"] as? String == "INVALID_ARGUMENT")
    #expect(status["message"] as? String == "id must not be empty")
    let details = try #require(status["details"] as? [[String: Any]])
    #expect(
      details.map { $0["@type"] as? String } == [
        "type.googleapis.com/google.rpc.BadRequest", "type.googleapis.com/google.rpc.ErrorInfo",
      ]
    )
    #expect(details.last?["reason"] as? String == "EMPTY_ID")
    #expect((document["responses"] as? [Any])?.isEmpty == true)
    #expect(document["trailers"] is [String: [String]])
  }

  @Test func transportFailureIsUnavailable() throws {
    let server = try SampleServer()
    let address = server.address
    server.stop()
    let result = try GRPCallBinary.run(
      ["-plaintext", "--output", "envelope", "-H", "x-api-key: k3y"] + Self.proto
        + [address, "users.UserService/GetUser"]
    )
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("Failed to dial target host"))
    let document = try envelope(result)
    let status = try #require(document["status"] as? [String: Any])
    #expect(status["code"] as? Int == 14)
    #expect(status["name"] as? String == "UNAVAILABLE")
    #expect((document["error"] as? String)?.hasPrefix("Failed to dial target host") == true)
    let sent = try #require(document["requestHeaders"] as? [String: [String]])
    #expect(sent["x-api-key"]?.first?.contains("k3y") == false)
  }

  @Test func badRequestDataHasAnErrorAndNoStatus() throws {
    let server = try SampleServer()
    let result = try GRPCallBinary.run(
      ["-plaintext", "--output", "envelope", "-d", #"{"id":1}"#] + Self.proto
        + [server.address, "users.UserService/GetUser"]
    )
    #expect(result.status == 1)
    let document = try envelope(result)
    #expect(document["status"] is NSNull)
    #expect((document["error"] as? String)?.contains("id") == true)
  }

  @Test func serverStreamCollectsEveryResponse() throws {
    let server = try SampleServer(arguments: ["--synthetic-events", "7"])
    let result = try GRPCallBinary.run(
      ["-plaintext", "--output", "envelope"] + Self.proto
        + [server.address, "users.UserService/WatchUsers"]
    )
    #expect(result.status == 0, "\(result.stderr)")
    let document = try envelope(result)
    let responses = try #require(document["responses"] as? [[String: Any]])
    #expect(responses.count == 7)
    #expect((responses.last?["user"] as? [String: Any])?["id"] as? String == "s6")
    #expect(result.stdout.filter { $0 == "\n" }.count > 7, "indented, one document")
    let timing = try #require(document["timing"] as? [String: Double])
    #expect(timing["firstResponseMs"] != nil)
    #expect(timing["reflectionMs"] == nil)
  }

  @Test func combinationsThatCannotBeEnvelopedAreUsageErrors() throws {
    for flags in [["-v"], ["-format", "text"]] {
      let result = try GRPCallBinary.run(
        ["-plaintext", "--output", "envelope"] + flags + Self.proto
          + ["127.0.0.1:1", "users.UserService/GetUser"]
      )
      #expect(result.status == 2, "\(flags): \(result.stderr)")
      #expect(result.stderr.contains("--output envelope"), "\(result.stderr)")
      #expect(result.stdout.isEmpty)
    }
  }
}
