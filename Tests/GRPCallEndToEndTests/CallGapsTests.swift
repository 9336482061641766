import Foundation
import TestSupport
import Testing

/// The gaps found against real servers (issue 8): message limits, compression, credentials in
/// verbose output, flags named as typed, timeouts, TLS names, user-agent, request files, -vv
/// timing, schema export and combined sources, reflection versions, one connection per run.
@Suite struct CallGapsTests {
  let proto = ["-proto", "samples/user-service/user_service.proto"]
  let getU1 = ["-d", #"{"id":"u1"}"#]

  // MARK: - Message size limit

  @Test func responseOverTheLimitIsResourceExhausted() throws {
    let server = try SampleServer(arguments: ["--big-user", "5000000"])
    let result = try GRPCallBinary.run(
      ["-plaintext"] + proto + [
        "-d", #"{"id":"big"}"#, server.address, "users.UserService/GetUser",
      ]
    )
    #expect(result.status == 72, "\(result.stderr)")
    #expect(
      result.stderr
        == "ERROR:\n  Code: ResourceExhausted\n  Message: grpc: received message larger than max (5000012 vs. 4194304)\n"
    )
  }

  @Test func maxMessageSizeRaisesTheReceiveLimit() throws {
    let server = try SampleServer(arguments: ["--big-user", "5000000"])
    let result = try GRPCallBinary.run(
      ["-plaintext", "-max-msg-sz", "8388608", "--compact"] + proto + [
        "-d", #"{"id":"big"}"#, server.address, "users.UserService/GetUser",
      ]
    )
    #expect(result.status == 0, "\(result.stderr)")
    let user = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect((user?["name"] as? String)?.count == 5_000_000)
  }

  // MARK: - Compression

  @Test(arguments: ["gzip", "deflate"])
  func compressedResponsesAreDecoded(algorithm: String) throws {
    let server = try SampleServer(arguments: ["--compression", algorithm, "--big-user", "20000"])
    let result = try GRPCallBinary.run(
      ["-plaintext", "-vv"] + proto + [
        "-d", #"{"id":"big"}"#, server.address, "users.UserService/GetUser",
      ]
    )
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("grpc-encoding: \(algorithm)"))
    #expect(result.stdout.contains("Estimated response size: 20011 bytes"))
    let wire = try #require(
      result.stdout.split(separator: "\n").first { $0.hasPrefix("Response size on the wire:") }
    )
    #expect(wire.hasSuffix("(\(algorithm))"), "\(wire)")
    let wireBytes = Int(wire.split(separator: " ")[5]) ?? .max
    #expect(wireBytes < 20011)
  }

  @Test(arguments: ["gzip", "deflate"])
  func requestsAreCompressedWithCompress(algorithm: String) throws {
    let server = try SampleServer()
    let name = String(repeating: "a", count: 2000)
    let result = try GRPCallBinary.run(
      ["-plaintext", "-vv", "--compress", algorithm] + proto + [
        "-d", #"{"name":"\#(name)"}"#, server.address, "users.UserService/CreateUser",
      ]
    )
    #expect(result.status == 0, "\(result.stderr)")
    let line = try #require(
      result.stdout.split(separator: "\n").first { $0.hasPrefix("Request 1 size:") }
    )
    #expect(line.hasPrefix("Request 1 size: 2003 bytes, "), "\(line)")
    #expect(line.hasSuffix("bytes on the wire (\(algorithm))"), "\(line)")
    #expect(result.stdout.contains("\"name\": \"\(name)\""))
  }

  @Test func unknownCompressionIsAUsageError() throws {
    let result = try GRPCallBinary.run(["--compress", "brotli", "-plaintext", "x:1", "a.B/C"])
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("The --compress option must be 'gzip', 'deflate' or 'none'."))
  }

  // MARK: - Credentials

  @Test func verboseOutputRedactsCredentials() throws {
    let server = try SampleServer(arguments: ["--token", "sekrit"])
    let headers = [
      "-H", "authorization: Bearer sekrit", "-H", "x-api-key: k3y", "-H", "session-token: t0k",
      "-H", "cookie: id=c00kie", "-H", "x-plain: visible",
    ]
    let result = try GRPCallBinary.run(
      ["-plaintext", "-v"] + headers + proto + getU1 + [
        server.address, "users.UserService/GetUser",
      ]
    )
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("authorization: Bearer <redacted 6 chars>\n"))
    #expect(result.stdout.contains("x-api-key: <redacted 3 chars>\n"))
    #expect(result.stdout.contains("session-token: <redacted 3 chars>\n"))
    #expect(result.stdout.contains("cookie: <redacted 9 chars>\n"))
    #expect(result.stdout.contains("x-plain: visible\n"))
    for secret in ["sekrit", "k3y", "t0k", "c00kie"] {
      #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret), "\(secret)")
    }
    let shown = try GRPCallBinary.run(
      ["-plaintext", "-v", "--show-secrets"] + headers + proto + getU1 + [
        server.address, "users.UserService/GetUser",
      ]
    )
    #expect(shown.stdout.contains("authorization: Bearer sekrit\n"))
  }

  @Test func errorMessagesRedactCredentials() throws {
    let result = try GRPCallBinary.run(
      ["-plaintext", "-expand-headers", "-H", "authorization: Bearer sekrit${GRPCALL_NOPE}"]
        + proto + getU1 + ["127.0.0.1:9", "users.UserService/GetUser"]
    )
    #expect(result.status == 1)
    #expect(!result.stderr.contains("sekrit"))
    #expect(
      result.stderr
        == "Failed to expand additional headers: header \"authorization: Bearer <redacted 21 chars>\" refers to missing environment variable \"GRPCALL_NOPE\"\n"
    )
  }

  // MARK: - Usage errors name the flag as typed

  @Test(arguments: ["-servrname", "-proto-out-dirr", "-plaintextt", "-servrname=x"])
  func unknownSingleDashFlagIsNamedAsTyped(flag: String) throws {
    let result = try GRPCallBinary.run([flag, "x", "127.0.0.1:9", "list"])
    #expect(result.status == 2)
    let name = flag.prefix { $0 != "=" }
    let first = String(result.stderr.split(separator: "\n").first ?? "")
    #expect(
      first == "Unknown option '\(name)'"
        || first.hasPrefix("Unknown option '\(name)'. Did you mean"),
      "\(result.stderr)"
    )
  }

  /// A single-dash long flag is one flag, never a run of one-letter flags: `-import-path` without
  /// its value used to be read as `-i -m … -h` and print the help with exit 0.
  @Test(arguments: ["-import-path", "-authority", "-connect-timeout", "-proto"])
  func singleDashFlagWithoutValueIsAUsageError(flag: String) throws {
    let result = try GRPCallBinary.run([flag])
    #expect(result.status == 2, "\(result.stdout)")
    #expect(result.stdout.isEmpty)
    #expect(
      result.stderr.hasPrefix("Missing value for '\(flag) <"),
      "\(result.stderr)"
    )
  }

  /// Suggestions keep the spelling the user typed.
  @Test func suggestionKeepsTheDashesTyped() throws {
    let single = try GRPCallBinary.run(["-servrname=x", "127.0.0.1:9", "list"])
    #expect(single.stderr.hasPrefix("Unknown option '-servrname'. Did you mean '-servername'?"))
    let double = try GRPCallBinary.run(["--servrname=x", "127.0.0.1:9", "list"])
    #expect(double.stderr.hasPrefix("Unknown option '--servrname'. Did you mean '--servername'?"))
  }

  @Test func useReflectionFalseWithoutFilesIsAUsageError() throws {
    let result = try GRPCallBinary.run([
      "-plaintext", "-use-reflection=false", "127.0.0.1:9", "list",
    ])
    #expect(result.status == 2)
    #expect(
      result.stderr.hasPrefix(
        "No protoset files or proto files specified and -use-reflection set to false.\n"
      )
    )
  }

  // MARK: - Request data from a file

  @Test func requestDataFromAFile() throws {
    let server = try SampleServer()
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "grpcall-req-\(UUID().uuidString).json"
    )
    try Data(#"{"name":"Ann"} {"name":"Bob"}"#.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try GRPCallBinary.run(
      ["-plaintext", "--compact"] + proto + [
        "-d", "@" + file.path, server.address, "users.UserService/UploadUsers",
      ]
    )
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == #"{"created":2}"# + "\n")
    let missing = try GRPCallBinary.run(
      ["-plaintext"] + proto + [
        "-d", "@/nonexistent.json", server.address, "users.UserService/GetUser",
      ]
    )
    #expect(missing.status == 1)
    #expect(
      missing.stderr
        == "Failed to read request data: open /nonexistent.json: no such file or directory\n"
    )
  }

  // MARK: - Connect timeout

  @Test func serverThatNeverAnswersTimesOut() throws {
    let silent = try SilentServer()
    let start = Date()
    let result = try GRPCallBinary.run(
      ["-plaintext", "-connect-timeout", "1"] + proto + getU1 + [
        silent.address, "users.UserService/GetUser",
      ]
    )
    let elapsed = Date().timeIntervalSince(start)
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "Failed to dial target host \"\(silent.address)\": connect: timed out after 1s\n"
    )
    #expect(elapsed < 8, "took \(elapsed) s")
  }

  @Test func connectTimeoutCoversTheTLSHandshake() throws {
    let silent = try SilentServer()
    let result = try GRPCallBinary.run(
      ["-insecure", "-connect-timeout", "0.5"] + proto + getU1 + [
        silent.address, "users.UserService/GetUser",
      ]
    )
    #expect(result.status == 1)
    #expect(result.stderr.hasSuffix(": connect: timed out after 500ms\n"), "\(result.stderr)")
  }

  // MARK: - User agent

  @Test func userAgentIsGRPCallThenTheFlag() throws {
    let server = try SampleServer()
    let plain = try GRPCallBinary.run(
      ["-plaintext", "-v"] + proto + getU1 + [server.address, "users.UserService/GetUser"]
    )
    #expect(plain.stdout.contains("x-seen-user-agent: grpcall/0.1.0\n"), "\(plain.stdout)")
    let custom = try GRPCallBinary.run(
      ["-plaintext", "-v", "-user-agent", "ci-smoke/2"] + proto + getU1 + [
        server.address, "users.UserService/GetUser",
      ]
    )
    #expect(custom.stdout.contains("x-seen-user-agent: grpcall/0.1.0 ci-smoke/2\n"))
  }

  // MARK: - -vv timing

  @Test func veryVerboseShowsTimingData() throws {
    let server = try SampleServer()
    let result = try GRPCallBinary.run(
      ["-plaintext", "-vv"] + getU1 + [server.address, "users.UserService/GetUser"]
    )
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    let start = try #require(lines.firstIndex { $0.hasPrefix("Timing Data: ") })
    let tree = lines[start...].map { $0.prefix { $0 != ":" } }
    #expect(
      Array(tree.prefix(7)) == [
        "Timing Data", "  Dial", "    TCP Connect", "    HTTP/2 Settings", "  Reflection",
        "  InvokeRPC", "    First Response Byte",
      ]
    )
    #expect(result.stdout.contains("Estimated response size: "))
    #expect(result.stdout.contains("Request 1 size: 4 bytes, 4 bytes on the wire (identity)"))
  }

  // MARK: - Reflection versions and one connection

  @Test(arguments: ["v1", "v1alpha", "both"])
  func reflectionWorksWithEachProtocol(version: String) throws {
    let server = try SampleServer(arguments: ["--reflection", version])
    let list = try GRPCallBinary.run(["-plaintext", server.address, "list"])
    #expect(list.status == 0, "\(list.stderr)")
    let expected =
      ["grpc.health.v1.Health"]
      + (version == "v1alpha" ? [] : ["grpc.reflection.v1.ServerReflection"])
      + (version == "v1" ? [] : ["grpc.reflection.v1alpha.ServerReflection"])
      + ["users.UserService"]
    #expect(list.stdout.split(separator: "\n").map(String.init) == expected)
    let call = try GRPCallBinary.run(
      ["-plaintext", "--compact"] + getU1 + [server.address, "users.UserService/GetUser"]
    )
    #expect(call.status == 0, "\(call.stderr)")
    #expect(call.stdout.contains(#""name":"Ada Lovelace""#))
  }

  @Test func reflectionAndTheCallShareOneConnection() throws {
    let server = try SampleServer()
    let proxy = try CountingProxy(to: server.port)
    let result = try GRPCallBinary.run(
      ["-plaintext"] + getU1 + ["127.0.0.1:\(proxy.port)", "users.UserService/GetUser"]
    )
    #expect(result.status == 0, "\(result.stderr)")
    #expect(proxy.connections() == 1)
  }

  // MARK: - Combined schema sources and export

  @Test func useReflectionCombinesWithLocalFiles() throws {
    let server = try SampleServer()
    let combined = [
      "-plaintext", "-use-reflection", "-import-path", "Tests/Conformance", "-proto",
      "test_messages_proto3.proto",
    ]
    let local = try GRPCallBinary.run(
      combined + [server.address, "describe", "protobuf_test_messages.proto3.ForeignMessage"]
    )
    #expect(local.status == 0, "\(local.stderr)")
    #expect(local.stdout.hasPrefix("protobuf_test_messages.proto3.ForeignMessage is a message:"))
    let remote = try GRPCallBinary.run(
      combined + ["--compact"] + getU1 + [server.address, "users.UserService/GetUser"]
    )
    #expect(remote.status == 0, "\(remote.stderr)")
    #expect(remote.stdout.contains(#""name":"Ada Lovelace""#))
    let filesOnly = try GRPCallBinary.run(
      Array(combined.dropFirst(2)) + ["-plaintext"] + getU1 + [
        server.address, "users.UserService/GetUser",
      ]
    )
    #expect(filesOnly.status == 1)
    #expect(filesOnly.stderr.contains("does not expose service \"users.UserService\""))
  }

  @Test func protoOutDirCompilesBackToTheSameDescriptors() throws {
    let server = try SampleServer()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "grpcall-out-\(UUID().uuidString)"
    )
    defer { try? FileManager.default.removeItem(at: directory) }
    let protoset = directory.path + ".pb"
    defer { try? FileManager.default.removeItem(atPath: protoset) }
    let result = try GRPCallBinary.run([
      "-plaintext", "-proto-out-dir", directory.path, "-protoset-out", protoset, server.address,
      "describe", "users.UserService",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let exported = directory.appendingPathComponent("user_service.proto").path
    #expect(FileManager.default.fileExists(atPath: exported))
    let recompiled = try OracleProtoc.descriptorSet(
      files: ["user_service.proto"],
      importPaths: [directory.path],
      includeSourceInfo: false
    )
    let reflected = try ProtosetFile.files(at: protoset)
    for file in recompiled.file where file.name == "user_service.proto" {
      let original = try #require(reflected.first { $0.name == file.name })
      #expect(ProtosetFile.normalized(file) == ProtosetFile.normalized(original))
    }
  }
}
