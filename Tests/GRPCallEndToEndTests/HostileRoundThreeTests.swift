import Foundation
import TestSupport
import Testing

/// Issue 19, hostile servers and inputs round three: each class that crashed, grew without bound,
/// hung past its time limit or said something false or internal, driven through the built binary.
@Suite struct HostileRoundThreeTests {
  let proto = ["-proto", "samples/user-service/user_service.proto"]

  func fault(
    _ mode: String,
    serverArguments: [String] = [],
    flags: [String] = [],
    method: String = "users.UserService/GetUser"
  ) throws -> GRPCallBinary.Result {
    let server = try SampleServer.fault(mode, arguments: serverArguments)
    defer { server.stop() }
    return try GRPCallBinary.run(
      ["-plaintext", "-max-time", "10"] + flags + proto + ["-d", "{}", server.address, method]
    )
  }

  /// No trap, no type names, no source paths.
  func expectClean(_ result: GRPCallBinary.Result, _ what: String) {
    #expect(result.status < 128, "\(what): killed by a signal (\(result.status))")
    for leak in [".swift", "Error(", "NIO", "errno", "(message", "(malformed", "yaml_"] {
      #expect(!result.stderr.contains(leak), "\(what): internals in \(result.stderr)")
    }
  }

  /// A scratch directory for generated inputs.
  func scratch() throws -> URL {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("grpcall-hostile-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
  }

  /// Runs `script` with /bin/sh from the repository root; `$GRPCALL` is the binary.
  func shell(_ script: String) throws -> GRPCallBinary.Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", script]
    process.environment = ProcessInfo.processInfo.environment.merging([
      "GRPCALL": GRPCallBinary.path, "XDG_CACHE_HOME": GRPCallBinary.cacheHome,
    ]) { $1 }
    process.currentDirectoryURL = OracleProtoc.repositoryRoot
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return GRPCallBinary.Result(
      status: process.terminationStatus,
      stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self)
    )
  }

  // MARK: - Crashes

  /// `grpc-message: 100%` trapped the transport's decoder; `%ZZ` was shown as `3`. Valid escapes
  /// are decoded, broken ones kept as sent (grpc-go's rule), in every output form.
  @Test func badlyEncodedStatusMessagesAreKeptAsSent() throws {
    let cases = [
      ("100%", "100%"), ("10%", "10%"), ("ab%", "ab%"), ("%ZZ", "%ZZ"), ("%", "%"),
      ("a%41b", "aAb"), ("%E2%9C%93 ok", "✓ ok"),
    ]
    for (sent, shown) in cases {
      let result = try fault("bad-percent", serverArguments: ["--message", sent])
      expectClean(result, sent)
      #expect(result.status == 64 + 3, "\(sent): \(result.stderr)")
      #expect(result.stderr.contains("Message: \(shown)\n"), "\(sent): \(result.stderr)")
    }
    let formatted = try fault("bad-percent", flags: ["-format-error"])
    #expect(formatted.status == 67, "\(formatted.stderr)")
    #expect((formatted.stdout + formatted.stderr).contains("100%"))
    let envelope = try fault("bad-percent", flags: ["--output", "envelope"])
    #expect(envelope.status == 67, "\(envelope.stderr)")
    #expect(envelope.stdout.contains("100%"), "\(envelope.stdout)")
    let server = try SampleServer.fault("bad-percent")
    defer { server.stop() }
    let health = try GRPCallBinary.run(["-plaintext", "-max-time", "10", server.address, "health"])
    expectClean(health, "health")
  }

  /// A field linked to a oneof that does not exist, map entries without a value or without any
  /// field, field numbers 0, negative, reserved or repeated: refused like a compiled file.
  @Test func brokenDescriptorsAreRefusedInWords() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    let generator = """
      import sys
      from google.protobuf import descriptor_pb2 as d
      def base():
          fs = d.FileDescriptorSet(); f = fs.file.add(); f.name = "p.proto"; f.package = "p"
          f.syntax = "proto3"; m = f.message_type.add(); m.name = "O"
          a = m.field.add(); a.name = "a"; a.number = 1; a.type = a.TYPE_STRING; a.label = a.LABEL_OPTIONAL
          s = f.service.add(); s.name = "S"; x = s.method.add(); x.name = "M"
          x.input_type = ".p.O"; x.output_type = ".p.O"
          return fs, m, a
      def save(name, fs): open(sys.argv[1] + "/" + name + ".pb", "wb").write(fs.SerializeToString())
      fs, m, a = base(); a.oneof_index = 5; save("oneof", fs)
      fs, m, a = base(); a.number = 0; save("zero", fs)
      fs, m, a = base(); a.number = -3; save("negative", fs)
      fs, m, a = base(); a.number = 19500; save("implementation", fs)
      fs, m, a = base(); r = m.reserved_range.add(); r.start = 1; r.end = 2; save("reserved", fs)
      fs, m, a = base(); b = m.field.add(); b.CopyFrom(a); b.name = "b"; save("duplicate", fs)
      for name, fields in (("map-empty", []), ("map-key-only", ["key"])):
          fs, m, a = base(); e = m.nested_type.add(); e.name = "XEntry"; e.options.map_entry = True
          for n in fields:
              k = e.field.add(); k.name = n; k.number = 1; k.type = k.TYPE_STRING; k.label = k.LABEL_OPTIONAL
          g = m.field.add(); g.name = "x"; g.number = 2; g.label = g.LABEL_REPEATED
          g.type = g.TYPE_MESSAGE; g.type_name = ".p.O.XEntry"; save(name, fs)
      """
    let script = directory.appendingPathComponent("make.py")
    try generator.write(to: script, atomically: true, encoding: .utf8)
    let python = Process()
    python.executableURL = URL(fileURLWithPath: OracleProtoc.python)
    python.arguments = [script.path, directory.path]
    try python.run()
    python.waitUntilExit()
    let expected = [
      "oneof": "could not link field p.O.a to one-of index 5",
      "zero": "number 0", "negative": "number -3", "implementation": "number 19500",
      "reserved": "reserved number 1", "duplicate": "uses number 1",
      "map-empty": "map entry p.O.XEntry", "map-key-only": "map entry p.O.XEntry",
    ]
    for (name, words) in expected {
      let path = directory.appendingPathComponent("\(name).pb").path
      for arguments in [
        ["-protoset", path, "describe"],
        ["-protoset", path, "-plaintext", "-d", "{}", "127.0.0.1:1", "p.S/M"],
        [
          "-protoset", path, "-proto-out-dir", directory.appendingPathComponent("out").path, "list",
        ],
      ] {
        let result = try GRPCallBinary.run(arguments)
        expectClean(result, name)
        #expect(result.status == 1, "\(name) \(arguments): \(result.stderr)")
        #expect(result.stderr.contains(words), "\(name): \(result.stderr)")
      }
    }
  }

  /// The same broken link served by server reflection.
  @Test func brokenDescriptorsFromReflectionAreRefusedInWords() throws {
    let server = try SampleServer.fault("reflection-broken")
    defer { server.stop() }
    for arguments in [
      [server.address, "describe", "p.O"], ["-d", "{}", server.address, "p.S/M"],
    ] {
      let result = try GRPCallBinary.run(["-plaintext", "-max-time", "10"] + arguments)
      expectClean(result, "reflection")
      #expect(result.status == 1, "\(result.stderr)")
      #expect(
        result.stderr.contains("could not link field p.O.a to one-of index 5"),
        "\(result.stderr)"
      )
    }
  }

  /// 2 700 files, each importing the next, as .proto sources and as a protoset: the recursion
  /// over imports overflowed the stack.
  @Test func longImportChainsLoad() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    let count = 2700
    for index in 0 ..< count {
      let imports = index == 0 ? "" : "import \"f\(index - 1).proto\";\n"
      let text = "syntax = \"proto3\";\npackage p\(index);\n\(imports)message M\(index) {}\n"
      try text.write(
        to: directory.appendingPathComponent("f\(index).proto"),
        atomically: false,
        encoding: .utf8
      )
    }
    let last = "f\(count - 1).proto"
    let compiled = try GRPCallBinary.run([
      "-no-cache", "-import-path", directory.path, "-proto", last,
      "-protoset-out", directory.appendingPathComponent("chain.pb").path,
      "describe", "p\(count - 1).M\(count - 1)",
    ])
    #expect(compiled.status == 0, "\(compiled.stderr.prefix(500))")
    #expect(compiled.stdout.contains("message M\(count - 1)"))
    let loaded = try GRPCallBinary.run([
      "-protoset", directory.appendingPathComponent("chain.pb").path, "describe", "p0.M0",
    ])
    #expect(loaded.status == 0, "\(loaded.stderr.prefix(500))")
  }

  // MARK: - Memory without bound

  /// Nine levels of `&aN [*aN-1 × 9]`: 387 million values from a 1 KB file.
  @Test func yamlAliasBombIsRefusedWithItsPlace() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    var lines = ["name: bomb", "target: 127.0.0.1:1", "plaintext: true", "vars:"]
    lines.append("  a0: &a0 [x, x, x, x, x, x, x, x, x]")
    for level in 1 ... 9 {
      let items = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
      lines.append("  a\(level): &a\(level) [\(items)]")
    }
    lines += ["steps:", "  - call: users.UserService/GetUser", "    request: {id: *a9}"]
    let file = directory.appendingPathComponent("bomb.yaml")
    try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
    let result = try GRPCallBinary.run(["test", file.path])
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains("bomb.yaml:"), "\(result.stderr)")
    #expect(result.stderr.contains("aliases expand this file to more than"), "\(result.stderr)")
  }

  /// Endless input to a call that takes one request: reading stops at the second message or at
  /// `-max-msg-sz` bytes of one message, before any connection is made.
  @Test func endlessInputToAOneRequestCallStops() throws {
    let zero = try GRPCallBinary.run(
      ["-plaintext"] + proto + ["-d", "@/dev/zero", "127.0.0.1:1", "users.UserService/GetUser"]
    )
    #expect(zero.status == 1, "\(zero.stderr)")
    #expect(zero.stderr.contains("larger than 4194304 bytes"), "\(zero.stderr)")
    let small = try GRPCallBinary.run(
      ["-plaintext", "-max-msg-sz", "1000"] + proto
        + ["-d", "@/dev/zero", "127.0.0.1:1", "users.UserService/WatchUsers"]
    )
    #expect(small.stderr.contains("larger than 1000 bytes"), "\(small.stderr)")
    let endless = try shell(
      "yes '{\"id\": \"u1\"}' | \"$GRPCALL\" -plaintext -proto samples/user-service/user_service.proto -d @ 127.0.0.1:1 users.UserService/GetUser"
    )
    #expect(endless.status == 1, "\(endless.stderr)")
    #expect(endless.stderr.contains("request data contained more than 1 message"))
  }

  // MARK: - Hangs

  /// A server sending its SETTINGS one byte every 2 s: `-connect-timeout` covers the whole set-up.
  @Test func trickledSettingsEndAtTheConnectTimeout() throws {
    let start = Date()
    let result = try fault("trickle-settings", flags: ["-connect-timeout", "2"])
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.contains("timed out after 2s"), "\(result.stderr)")
    // Bounded, not timed: the server would trickle for 20 s more.
    #expect(Date().timeIntervalSince(start) < 15)
  }

  /// `-d @FIFO` with nobody writing: `-max-time` bounds reading the request too.
  @Test func namedPipeWithoutWriterEndsAtMaxTime() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    let fifo = directory.appendingPathComponent("fifo").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let result = try GRPCallBinary.run(
      ["-plaintext", "-max-time", "1"] + proto
        + ["-d", "@" + fifo, "127.0.0.1:1", "users.UserService/GetUser"]
    )
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.contains("within -max-time (1s)"), "\(result.stderr)")
  }

  /// `^(a+)+$` against 84 `a`s and a `!`: a backtracking engine spins for ages; grpcall's linear
  /// engine answers at once and the step fails as it should.
  @Test func catastrophicRegexInAnAssertionIsAnsweredInLinearTime() throws {
    let server = try SampleServer()
    defer { server.stop() }
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    let name = String(repeating: "a", count: 84) + "!"
    let scenario = """
      name: regex
      target: \(server.address)
      plaintext: true
      proto: [\(OracleProtoc.repositoryRoot.path)/samples/user-service/user_service.proto]
      steps:
        - name: create
          call: users.UserService/CreateUser
          request: {name: "\(name)", email: "a@example.com"}
          expect:
            within: 5s
            assert:
              - $.name matches "^(a+)+$"
        - name: message
          call: users.UserService/GetUser
          request: {id: nope}
          expect: {status: NOT_FOUND, message: {matches: "^(U|u)ser( nope)+ not found$"}}
      """
    let file = directory.appendingPathComponent("regex.yaml")
    try scenario.write(to: file, atomically: true, encoding: .utf8)
    let result = try GRPCallBinary.run(["test", file.path])
    #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains("1 passed, 1 failed"), "\(result.stdout)")
  }

  // MARK: - Wrong answers and leaked internals

  @Test func compressedResponsesPastTheLimitAreResourceExhausted() throws {
    let bomb = try fault("gzip-bomb")
    expectClean(bomb, "gzip-bomb")
    #expect(bomb.status == 64 + 8, "\(bomb.stderr)")
    #expect(bomb.stderr.contains("after decompression larger than max (4194304)"))
    let empty = try fault("gzip-empty")
    expectClean(empty, "gzip-empty")
    #expect(empty.status == 64 + 13, "\(empty.stderr)")
    #expect(empty.stderr.contains("the compressed message is empty"), "\(empty.stderr)")
  }

  @Test func responseHeadersAreReadAsGrpcGoReadsThem() throws {
    let charset = try fault("charset-content-type")
    #expect(charset.status == 0, "\(charset.stderr)")
    #expect(charset.stdout.contains(#""name": "Ada""#))
    let json = try fault("json-content-type")
    expectClean(json, "json")
    #expect(json.status == 77, "\(json.stderr)")
    #expect(json.stderr.contains("application/grpc+json"), "\(json.stderr)")
    let duplicate = try fault("duplicate-status")
    #expect(duplicate.status == 64 + 5, "\(duplicate.stderr)")
    #expect(duplicate.stderr.contains("second status wins"))
    let window = try fault("window-update-zero")
    expectClean(window, "window-update-zero")
    #expect(window.status == 78, "\(window.stderr)")
    #expect(window.stderr.contains("WINDOW_UPDATE with an increment of 0"), "\(window.stderr)")
  }

  @Test func dependencyErrorsAreWords() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    var random = SystemRandomNumberGenerator()
    let noise = (0 ..< 3000).map { _ in UInt8.random(in: 0 ... 255, using: &random) }
    let protoset = directory.appendingPathComponent("noise.pb")
    try Data(noise).write(to: protoset)
    let loaded = try GRPCallBinary.run(["-protoset", protoset.path, "list"])
    #expect(loaded.status == 1)
    expectClean(loaded, "noise protoset")
    #expect(loaded.stderr.contains("not a FileDescriptorSet: "), "\(loaded.stderr)")
    let nul = directory.appendingPathComponent("nul.yaml")
    try Data("name: x\n\0steps: []\n".utf8).write(to: nul)
    let yaml = try GRPCallBinary.run(["test", nul.path])
    #expect(yaml.status == 2)
    expectClean(yaml, "nul.yaml")
    // One position, not the file's and then libyaml's.
    #expect(yaml.stderr.split(separator: ":").count <= 4, "\(yaml.stderr)")
    let deep = directory.appendingPathComponent("deep.yaml")
    let nested = String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000)
    try "name: x\nsteps: \(nested)\n".write(to: deep, atomically: true, encoding: .utf8)
    let deepResult = try GRPCallBinary.run(["test", deep.path])
    #expect(deepResult.status == 2)
    expectClean(deepResult, "deep.yaml")
  }

  /// TLS to a plaintext server printed BoringSSL's error stack with a build path.
  @Test func forgettingPlaintextIsSaidInWords() throws {
    let server = try SampleServer()
    defer { server.stop() }
    for arguments in [
      [server.address, "list"], proto + ["-d", "{}", server.address, "users.UserService/GetUser"],
    ] {
      let result = try GRPCallBinary.run(["-max-time", "10"] + arguments)
      expectClean(result, "TLS to plaintext")
      #expect(result.status == 1, "\(result.stderr)")
      #expect(
        result.stderr.contains("the server is not speaking TLS (add -plaintext)"),
        "\(result.stderr)"
      )
      #expect(!result.stderr.contains("BoringSSL") && !result.stderr.contains("checkouts"))
    }
  }

  /// A URL as the address trapped in the transport (debug) or printed its parser's case name:
  /// a usage error that says what an address looks like.
  @Test func urlsAsAddressesAreUsageErrors() throws {
    for address in ["http://127.0.0.1:50051", "https://localhost:443/prefix", "::1:50051"] {
      let result = try GRPCallBinary.run(
        ["-plaintext"] + proto + ["-d", "{}", address, "users.UserService/GetUser"]
      )
      expectClean(result, address)
      #expect(result.status == 2, "\(address): \(result.stderr)")
      #expect(result.stderr.contains("an address is host:port"), "\(result.stderr)")
    }
  }

  // MARK: - Request side

  @Test func connectionSpecificHeadersAreRefusedLocally() throws {
    let server = try SampleServer()
    defer { server.stop() }
    for header in ["te: gzip", "connection: close", "Transfer-Encoding: chunked"] {
      let result = try GRPCallBinary.run(["-plaintext", "-H", header, server.address, "list"])
      #expect(result.status == 1, "\(header): \(result.stderr)")
      #expect(result.stderr.contains("HTTP/1 connection header"), "\(result.stderr)")
      #expect(!result.stderr.contains("Stream unexpectedly closed"))
    }
  }

  /// Pings every millisecond would flood the server until it hangs up: clamped to grpc-go's 10 s.
  @Test func tinyKeepaliveIsClampedAndTheCallWorks() throws {
    let server = try SampleServer()
    defer { server.stop() }
    let result = try GRPCallBinary.run(
      ["-plaintext", "-keepalive-time", "0.001"] + proto
        + ["-d", #"{"id": "nope"}"#, server.address, "users.UserService/GetUser"]
    )
    #expect(result.status == 64 + 5, "\(result.stderr)")
    #expect(result.stderr.contains("not found"))
  }

  /// 10 000 `-H`: every one parsed, in order (linear parsing), and the server's refusal of the
  /// oversized header list said in words instead of an empty ResourceExhausted.
  @Test func thousandsOfHeadersAreParsedAndTheRefusalExplained() throws {
    let count = 10_000
    let headers = (0 ..< count).flatMap { ["-H", "x-h\($0): v\($0)"] }
    let verbose = try GRPCallBinary.run(
      headers + ["-v", "-plaintext"] + proto
        + ["-d", "{}", "127.0.0.1:1", "users.UserService/GetUser"]
    )
    let sent = verbose.stdout.split(separator: "\n").filter { $0.hasPrefix("x-h") }
    #expect(sent.count == count, "\(verbose.stderr)")
    #expect(sent.first == "x-h0: v0" && sent.last == "x-h\(count - 1): v\(count - 1)")
    let server = try SampleServer()
    defer { server.stop() }
    let refused = try GRPCallBinary.run(
      headers + ["-plaintext"] + proto + ["-d", "{}", server.address, "users.UserService/GetUser"]
    )
    #expect(refused.status == 64 + 8, "\(refused.stderr)")
    #expect(refused.stderr.contains("request headers of"), "\(refused.stderr)")
    let variables = (0 ..< 3000).flatMap { ["--var", "v\($0)=\($0)"] }
    let test = try GRPCallBinary.run(["test"] + variables + ["--parallel", "-1", "x.yaml"])
    #expect(test.stderr.contains("--parallel option must be at least 1"), "\(test.stderr)")
  }

  // MARK: - Scenario files

  @Test func templateAndRegexErrorsAreFoundBeforeAnythingRuns() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    let cases = [
      (#"request: {id: "${abc"}"#, "without a closing '}'"),
      (#"request: {id: "x${"}"#, "without a closing '}'"),
      (#"request: {id: "${a:-${b}"}"#, "inside a default"),
      ("expect: {message: {matches: \"^(a+\"}}", "missing ')'"),
      ("expect: {assert: [\"$.id matches \\\"[z-a]\\\"\"]}", "invalid range"),
      ("expect: {message: {matches: \"(\\\\1)\"}}", "backreferences"),
    ]
    for (line, words) in cases {
      let text = """
        name: t
        target: 127.0.0.1:1
        plaintext: true
        steps:
          - call: users.UserService/GetUser
            \(line)
        """
      let file = directory.appendingPathComponent("t.yaml")
      try text.write(to: file, atomically: true, encoding: .utf8)
      let result = try GRPCallBinary.run(["test", file.path])
      #expect(result.status == 2, "\(line): \(result.stdout)\(result.stderr)")
      #expect(result.stderr.contains("t.yaml:6:"), "\(line): \(result.stderr)")
      #expect(result.stderr.contains(words), "\(line): \(result.stderr)")
    }
  }

  // MARK: - Smaller

  @Test func wrapperNumbersKeepSignAndSayOutOfRange() throws {
    func convert(_ type: String, _ json: String) throws -> GRPCallBinary.Result {
      try GRPCallBinary.run(
        ["convert", "--type", type, "--from", "json", "--to", "json"],
        input: json
      )
    }
    #expect(try convert("google.protobuf.DoubleValue", "-0").stdout.hasPrefix("-0"))
    #expect(try convert("google.protobuf.FloatValue", "-0").stdout.hasPrefix("-0"))
    let huge = try convert("google.protobuf.DoubleValue", "1e999")
    #expect(huge.stderr.contains("1e999 is out of range for type double"), "\(huge.stderr)")
    let float = try convert("google.protobuf.FloatValue", "3.5e38")
    #expect(float.stderr.contains("3.5e38 is out of range for type float"), "\(float.stderr)")
    let value = try convert("google.protobuf.Value", #"{"a": 1e999}"#)
    #expect(value.stderr.contains("out of range"), "\(value.stderr)")
  }

  @Test func importsStayInsideTheImportPathsAndPipesAreNotRead() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(at: directory) }
    let sub = directory.appendingPathComponent("sub")
    try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
    try "syntax = \"proto3\";\nmessage X {}\n".write(
      to: directory.appendingPathComponent("x.proto"),
      atomically: true,
      encoding: .utf8
    )
    for (name, target) in [("up", "../x.proto"), ("absolute", directory.path + "/x.proto")] {
      try "syntax = \"proto3\";\nimport \"\(target)\";\nmessage Y {}\n".write(
        to: sub.appendingPathComponent("\(name).proto"),
        atomically: true,
        encoding: .utf8
      )
      let result = try GRPCallBinary.run([
        "-no-cache", "-import-path", sub.path, "-proto", "\(name).proto", "describe", "Y",
      ])
      #expect(result.status == 1, "\(name): \(result.stdout)")
      #expect(result.stderr.contains("\(name).proto:2:1: Import \"\(target)\""), "\(result.stderr)")
    }
    let fifo = directory.appendingPathComponent("pipe.proto").path
    #expect(mkfifo(fifo, 0o600) == 0)
    for path in [fifo, "/dev/zero"] {
      let result = try GRPCallBinary.run(["-no-cache", "-proto", path, "describe", "X"])
      #expect(result.status == 1)
      #expect(result.stderr.contains("not a regular file"), "\(result.stderr)")
    }
  }
}
