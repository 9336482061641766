import Foundation
import TestSupport
import Testing

/// The built binary against the grpcio sample server: argv in; stdout, stderr and exit code out.
@Suite(.serialized) final class InvokeTests {
  let server: SampleServer
  let proto = ["-proto", "samples/user-service/user_service.proto"]

  init() throws {
    server = try SampleServer()
  }

  deinit { server.stop() }

  func grpcall(_ arguments: [String], input: String? = nil) throws -> GRPCallBinary.Result {
    try GRPCallBinary.run(arguments, input: input)
  }

  @Test func unaryPrintsProto3JSON() throws {
    let result = try grpcall(
      ["-plaintext"] + proto + ["-d", #"{"id":"u1"}"#, server.address, "users.UserService/GetUser"]
    )
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty)
    #expect(result.stdout.hasPrefix("{\n  \"id\": \"u1\",\n  \"name\": \"Ada Lovelace\",\n"))
    #expect(result.stdout.contains("\n  \"department\": \"ENGINEERING\",\n"))
    #expect(result.stdout.contains("\n  \"roles\": [\n    \"admin\",\n    \"dev\"\n  ],\n"))
    let createdAt = try #require(
      result.stdout.split(separator: "\n").first { $0.contains("createdAt") }
    )
    let rfc3339 = try Regex(
      #"  "createdAt": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6}|\.\d{9})?Z""#
    )
    #expect(createdAt.wholeMatch(of: rfc3339) != nil)
    #expect(result.stdout.hasSuffix("\n}\n"))
  }

  @Test func notFoundPrintsErrorBlockAndExits69() throws {
    let result = try grpcall(
      ["-plaintext"] + proto + [
        "-d", #"{"id":"nobody"}"#, server.address, "users.UserService/GetUser",
      ]
    )
    #expect(result.status == 69)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr == "ERROR:\n  Code: NotFound\n  Message: User nobody not found\n")
  }

  @Test func errorDetailsPrintWithBuiltInGoogleRPCTypes() throws {
    let result = try grpcall(
      ["-plaintext"] + proto + ["-d", "{}", server.address, "users.UserService/GetUser"]
    )
    #expect(result.status == 67)
    #expect(
      result.stderr == """
        ERROR:
          Code: InvalidArgument
          Message: id must not be empty
          Details:
          1)\t{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"id","description":"must not be empty"}]}
          2)\t{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"EMPTY_ID","domain":"users.example.com"}

        """
    )
  }

  @Test func invalidArgumentExits67() throws {
    let result = try grpcall(
      ["--plaintext"] + proto + [
        "-d", #"{"name":""}"#, server.address, "users.UserService/CreateUser",
      ]
    )
    #expect(result.status == 67)
    #expect(result.stderr.contains("Code: InvalidArgument"))
    #expect(result.stderr.contains("name must not be empty"))
  }

  @Test func methodWithDotSeparator() throws {
    let result = try grpcall(
      ["-plaintext"] + proto + [
        "-d", #"{"page_size":1}"#, server.address, "users.UserService.ListUsers",
      ]
    )
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\"nextPageToken\": \"1\""))
    #expect(result.stdout.contains("\"totalCount\": 5"))
  }

  @Test func clientStreamingCountsUploads() throws {
    let data = #"{"name":"A"}{"name":""} {"name":"B"}"#
    let result = try grpcall(
      ["-plaintext"] + proto + ["-d", data, server.address, "users.UserService/UploadUsers"]
    )
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "{\n  \"created\": 2,\n  \"failed\": 1\n}\n")
  }

  @Test func bidiEchoesFromStandardInput() throws {
    let input = #"{"sender":"t","content":"one"}"# + "\n" + #"{"sender":"t","content":"two"}"#
    let result = try grpcall(
      ["-plaintext"] + proto + ["-d", "@", server.address, "users.UserService/Chat"],
      input: input
    )
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout
        == "{\n  \"sender\": \"t\",\n  \"content\": \"one\"\n}\n{\n  \"sender\": \"t\",\n  \"content\": \"two\"\n}\n"
    )
  }

  /// Starts a streaming grpcall with `-v` and waits until the server's headers arrive, i.e. the
  /// stream is live (the sample server sends them first thing).
  func startLiveStream(_ arguments: [String]) throws -> RunningGRPCall {
    let call = try RunningGRPCall(["-v"] + arguments)
    #expect(call.waitForOutput(containing: "Response headers received:"), "stream did not start")
    return call
  }

  @Test func serverStreamPrintsEventsThenDeadline() throws {
    let watcher = try startLiveStream(
      ["-plaintext"] + proto + [
        "-max-time", "4", "-d", #"{"departments":["SALES"]}"#, server.address,
        "users.UserService/WatchUsers",
      ]
    )
    _ = try grpcall(
      ["-plaintext"] + proto + [
        "-d", #"{"name":"Ann","department":"MARKETING"}"#, server.address,
        "users.UserService/CreateUser",
      ]
    )
    _ = try grpcall(
      ["-plaintext"] + proto + [
        "-d", #"{"name":"Sal","department":"SALES"}"#, server.address,
        "users.UserService/CreateUser",
      ]
    )
    let result = try watcher.finish()
    #expect(result.status == 64 + 4)
    #expect(
      result.stdout.contains("\"eventType\": \"created\""),
      "\(result.stdout) \(result.stderr)"
    )
    #expect(result.stdout.contains("\"name\": \"Sal\""))
    #expect(!result.stdout.contains("Ann"))
    #expect(result.stdout.hasSuffix("Sent 1 request and received 1 response\n"))
    #expect(result.stderr.contains("Code: DeadlineExceeded"))
  }

  @Test func watchSeesCreatedUpdatedAndDeleted() throws {
    let expiring = try SampleServer(arguments: ["--expire-after", "1"])
    defer { expiring.stop() }
    let address = expiring.address
    let watcher = try startLiveStream(
      ["-plaintext"] + proto + [
        "--compact", "-max-time", "4", "-d", "{}", address, "users.UserService/WatchUsers",
      ]
    )
    let create = #"{"name":"Eve","email":"eve@example.com"}"#
    let update = #"{"name":"Eve Adams","email":"eve@example.com"}"#
    _ = try grpcall(
      ["-plaintext"] + proto + ["-d", create, address, "users.UserService/CreateUser"]
    )
    _ = try grpcall(
      ["-plaintext"] + proto + ["-d", update, address, "users.UserService/CreateUser"]
    )
    let result = try watcher.finish()
    let events = result.stdout.split(separator: "\n").compactMap { line -> String? in
      for kind in ["created", "updated", "deleted"] where line.contains(#""eventType":"\#(kind)""#)
      { return kind }
      return nil
    }
    #expect(events == ["created", "updated", "deleted"], "\(result.stdout)")
    #expect(result.stdout.contains(#""name":"Eve Adams""#))
  }

  /// Responses are written in batches, but never held while grpcall waits for the next one: an
  /// event shows up on stdout while the stream (plain output, no -v) is still open.
  @Test func streamedResponseIsOutBeforeTheStreamEnds() throws {
    let watcher = try RunningGRPCall(
      ["-plaintext"] + proto + [
        "--compact", "-max-time", "30", "-d", #"{"departments":["SALES"]}"#, server.address,
        "users.UserService/WatchUsers",
      ]
    )
    var seen = false
    for attempt in 0 ..< 10 where !seen {
      _ = try grpcall(
        ["-plaintext"] + proto + [
          "-d", #"{"name":"Batch \#(attempt)","department":"SALES"}"#, server.address,
          "users.UserService/CreateUser",
        ]
      )
      seen = watcher.waitForOutput(containing: "Batch \(attempt)", timeout: 1.5)
    }
    #expect(seen, "no event printed while the stream was open")
    watcher.terminate()
  }

  @Test func chatRelaysBetweenClients() throws {
    let address = server.address
    let listener = try startLiveStream(
      ["-plaintext"] + proto + [
        "--compact", "-max-time", "8", "-d", "@", address, "users.UserService/Chat",
      ]
    )
    let talker = try grpcall(
      ["-plaintext"] + proto + [
        "--compact", "-d", #"{"sender":"bob","content":"hi all"}"#, address,
        "users.UserService/Chat",
      ]
    )
    #expect(talker.stdout == #"{"sender":"bob","content":"hi all"}"# + "\n")
    #expect(listener.waitForOutput(containing: #"{"sender":"bob","content":"hi all"}"#))
    let heard = try listener.finish()
    #expect(heard.status == 0, "\(heard.stderr)")
  }

  @Test func verboseLayout() throws {
    let result = try grpcall(
      ["-plaintext", "-v", "-H", "X-Trace: abc"] + proto + [
        "-d", #"{"id":"u2"}"#, server.address, "users.UserService/GetUser",
      ]
    )
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.hasPrefix(
        "\nResolved method descriptor:\nrpc GetUser ( .users.GetUserRequest ) returns ( .users.User );\n\nRequest metadata to send:\nx-trace: abc\n\nResponse headers received:\n"
      )
    )
    #expect(result.stdout.contains("\nResponse contents:\n{\n  \"id\": \"u2\","))
    #expect(
      result.stdout.hasSuffix(
        "\nResponse trailers received:\n(empty)\nSent 1 request and received 1 response\n"
      )
    )
  }

  @Test func bearerTokenIsSent() throws {
    let secured = try SampleServer(arguments: ["--token", "s3cret"])
    defer { secured.stop() }
    let denied = try grpcall(
      ["-plaintext"] + proto + [
        "-d", #"{"id":"u1"}"#, secured.address, "users.UserService/GetUser",
      ]
    )
    #expect(denied.status == 64 + 16)
    #expect(denied.stderr.contains("Code: Unauthenticated"))
    let allowed = try grpcall(
      ["-plaintext", "-H", "authorization: Bearer s3cret"] + proto + [
        "-d", #"{"id":"u1"}"#, secured.address, "users.UserService/GetUser",
      ]
    )
    #expect(allowed.status == 0, "\(allowed.stderr)")
  }
}

/// grpcurl's `-format text`: text-format requests separated by 0x1E, text-format responses (the
/// second and later prefixed with 0x1E), and `-format-error` as a text `google.rpc.Status`.
@Suite(.serialized) final class TextFormatCallTests {
  let server: SampleServer
  let flags = [
    "-plaintext", "-proto", "samples/user-service/user_service.proto", "-format", "text",
  ]

  init() throws {
    server = try SampleServer()
  }

  deinit { server.stop() }

  @Test func unaryInTextFormat() throws {
    let result = try GRPCallBinary.run(
      flags + ["-d", #"id: "u1""#, server.address, "users.UserService/GetUser"]
    )
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("id: \"u1\"\nname: \"Ada Lovelace\"\n"))
    #expect(result.stdout.contains("roles: \"admin\"\nroles: \"dev\"\ncreated_at {\n  seconds: "))
    #expect(result.stdout.hasSuffix("}\n"))
  }

  @Test func clientStreamReadsRecordSeparatedMessages() throws {
    let result = try GRPCallBinary.run(
      flags + ["-d", "@", server.address, "users.UserService/UploadUsers"],
      input: "name: \"A\"\u{1E}name: \"B\"\u{1E}name: \"C\""
    )
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "created: 3\n")
  }

  @Test func serverStreamSeparatesResponses() throws {
    let result = try GRPCallBinary.run(
      flags + ["-d", "page_size: 2", server.address, "users.UserService/ListUsers"]
    )
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("users {\n  id: \"u1\""))
    #expect(!result.stdout.contains("\u{1E}"), "one response, so no separator")
  }

  @Test func streamedResponsesAreRecordSeparated() throws {
    let events = try SampleServer(arguments: ["--synthetic-events", "3"])
    defer { events.stop() }
    let result = try GRPCallBinary.run(
      flags + ["-d", "", events.address, "users.UserService/WatchUsers"]
    )
    #expect(result.status == 0, "\(result.stderr)")
    let messages = result.stdout.split(separator: "\u{1E}", omittingEmptySubsequences: false)
    #expect(messages.count == 3, "\(result.stdout)")
    #expect(messages.allSatisfy { $0.hasPrefix("event_type: ") && $0.hasSuffix("}\n") })
  }

  @Test func formatErrorPrintsStatusAsText() throws {
    let result = try GRPCallBinary.run(
      flags + ["-format-error", "-d", #"id: """#, server.address, "users.UserService/GetUser"]
    )
    #expect(result.status == 64 + 3)
    #expect(result.stderr.hasPrefix("code: 3\nmessage: \"id must not be empty\"\ndetails {\n"))
    #expect(result.stderr.contains("  [type.googleapis.com/google.rpc.BadRequest] {\n"))
  }

  @Test func badTextRequestIsOneLine() throws {
    let result = try GRPCallBinary.run(
      flags + ["-d", "bogus: 1", server.address, "users.UserService/GetUser"]
    )
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "Error invoking method \"users.UserService/GetUser\": error getting request data: 1:1: message type users.GetUserRequest has no field named bogus\n"
    )
  }
}
