import Foundation
import TestSupport
import Testing

/// Misbehaving servers (raw HTTP/2 frames, Tests/FaultServer/fault_server.py): grpcall ends with
/// a documented exit code and one clear message, prints what it received before the fault, never
/// hangs, never traps, never shows internals (type names, source paths) or raw terminal escapes.
@Suite struct FaultServerTests {
  let proto = ["-proto", "samples/user-service/user_service.proto"]

  func call(
    _ mode: String,
    method: String = "users.UserService/GetUser",
    flags: [String] = []
  ) throws -> GRPCallBinary.Result {
    let server = try SampleServer.fault(mode)
    defer { server.stop() }
    return try GRPCallBinary.run(
      ["-plaintext", "-max-time", "10"] + flags + proto + ["-d", "{}", server.address, method]
    )
  }

  /// What every failure must look like.
  func expectClean(_ result: GRPCallBinary.Result, _ mode: String) {
    #expect(result.status != 0, "\(mode): exit 0")
    #expect(result.status < 128, "\(mode): killed by a signal (\(result.status))")
    for leak in [
      "NIO", ".swift", "file:", "Error(", "GRPCCore", "RPCError", "internalError",
      "decompressor",
    ] {
      #expect(!result.stderr.contains(leak), "\(mode): internals in \(result.stderr)")
    }
    #expect(!result.stderr.contains("\u{1B}"), "\(mode): raw escape in stderr")
    #expect(!result.stdout.contains("\u{1B}"), "\(mode): raw escape in stdout")
    #expect(!result.stderr.isEmpty, "\(mode): no message")
  }

  @Test func secondResponseToAUnaryCallIsInternal() throws {
    let result = try call("two-messages")
    expectClean(result, "two-messages")
    #expect(result.status == 77, "\(result.stderr)")
    #expect(result.stderr.contains("cardinality violation"), "\(result.stderr)")
    // The one response it was owed is not lost.
    #expect(result.stdout.contains(#""name": "Ada""#))
  }

  @Test func noResponseToAUnaryCallIsInternal() throws {
    let result = try call("no-messages")
    expectClean(result, "no-messages")
    #expect(result.status == 77, "\(result.stderr)")
    #expect(result.stderr.contains("cardinality violation"), "\(result.stderr)")
  }

  @Test func serverStreamFaultsKeepWhatArrived() throws {
    for mode in [
      "rst-mid-stream", "goaway-mid-stream", "close-mid-stream", "no-status", "bad-status",
    ] {
      let result = try call(mode, method: "users.UserService/WatchUsers")
      expectClean(result, mode)
      #expect(result.stdout.contains(#""name": "Ada""#), "\(mode) lost the message")
    }
  }

  /// Header lists as large as grpc-go takes (NIO's own limit is 16 KB): one 20 KB header, 50 of
  /// 300 bytes, one of 150 KB (more than a HEADERS frame and five CONTINUATIONs of 16 KB).
  @Test func largeResponseHeadersArrive() throws {
    for (mode, header) in [
      ("huge-headers", "x-big"), ("many-headers", "x-many-49"), ("giant-headers", "x-giant"),
    ] {
      let result = try call(mode, flags: ["-v"])
      #expect(result.status == 0, "\(mode): \(result.stderr)")
      #expect(result.stdout.contains("\n\(header): "), "\(mode) lost its header")
      #expect(result.stdout.contains(#""name": "Ada""#), "\(mode) lost the message")
    }
  }

  /// A 200 KB `grpc-status-details-bin` trailer is not lost with the status.
  @Test func largeStatusDetailsArrive() throws {
    let result = try call("big-details", flags: ["-format-error"])
    #expect(result.status == 64 + 3, "\(result.stderr)")
    #expect(result.stderr.contains(#""message": "big details""#), "\(result.stderr.prefix(300))")
  }

  /// GOAWAY before the call was processed: Unavailable, at once.
  @Test func goAwayBeforeTheResponseIsUnavailable() throws {
    let start = Date()
    let result = try call("goaway-before-response")
    expectClean(result, "goaway-before-response")
    #expect(result.status == 64 + 14, "\(result.stderr)")
    #expect(result.stderr.contains("Unavailable"), "\(result.stderr)")
    #expect(Date().timeIntervalSince(start) < 8)
  }

  @Test func brokenMessagesEndTheCall() throws {
    for mode in ["huge-length", "compressed-unannounced"] {
      let result = try call(mode)
      expectClean(result, mode)
    }
  }

  @Test func notHTTP2IsSaidPlainly() throws {
    for mode in ["garbage", "http1"] {
      let result = try call(mode)
      expectClean(result, mode)
      #expect(result.stderr.split(separator: "\n").count == 1, "\(mode): \(result.stderr)")
    }
    let http1 = try call("http1")
    #expect(http1.stderr.contains("HTTP/1.1 200 OK"), "\(http1.stderr)")
  }

  @Test func terminalEscapesFromTheServerAreEscaped() throws {
    let result = try call("escapes", flags: ["-v"])
    expectClean(result, "escapes")
    #expect(result.status == 67)
    #expect(result.stderr.contains(#"\x1B[31mred"#), "\(result.stderr)")
    #expect(result.stdout.contains(#"\x1B]0;pwned\x07"#), "\(result.stdout)")
  }

  /// A server that accepts TCP and never answers: -max-time bounds every phase, reflection too.
  @Test func silentServerIsBoundedByMaxTime() throws {
    let server = try SampleServer.fault("silent")
    defer { server.stop() }
    for arguments in [
      ["list"], ["describe", "users.UserService"], ["users.UserService/GetUser"],
    ] {
      let start = Date()
      let result = try GRPCallBinary.run(
        ["-plaintext", "-max-time", "2", server.address] + arguments
      )
      let elapsed = Date().timeIntervalSince(start)
      #expect(elapsed < 6, "\(arguments) took \(elapsed) s")
      expectClean(result, "silent \(arguments)")
    }
  }
}
