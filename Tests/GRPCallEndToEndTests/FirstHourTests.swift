import Foundation
import TestSupport
import Testing

/// Issue 20, a new user's first hour: the words grpcall answers common mistakes with.
@Suite struct FirstHourTests {
  let proto = ["-proto", "samples/user-service/user_service.proto"]

  /// grpcurl's and curl's spellings get the flag they mean, not the nearest spelling
  /// (`-data` suggested `-watch`).
  @Test func commonSpellingsAreSuggestedByMeaning() throws {
    for (typed, meant) in [
      ("-data", "-d"), ("--data", "-d"), ("-header", "-H"), ("--header", "-H"),
    ] {
      let result = try GRPCallBinary.run([typed, "x", "127.0.0.1:1", "a.B/C"])
      #expect(result.status == 2)
      #expect(
        result.stderr.hasPrefix("Unknown option '\(typed)'. Did you mean '\(meant)'?"),
        "\(result.stderr)"
      )
    }
  }

  @Test func anUnqualifiedTypeNameGetsItsFullName() throws {
    let result = try GRPCallBinary.run(["convert"] + proto + ["--type", "User"], input: "{}")
    #expect(result.status != 0)
    #expect(result.stderr.contains("fully qualified"), "\(result.stderr)")
    #expect(result.stderr.contains("did you mean users.User?"), "\(result.stderr)")
  }

  @Test func aMissingImportNamesImportPath() throws {
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("grpcall-missing-import-\(UUID().uuidString).proto")
    try "syntax = \"proto3\";\nimport \"missing/dep.proto\";\nmessage A {}\n".write(
      to: file,
      atomically: true,
      encoding: .utf8
    )
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try GRPCallBinary.run(["-no-cache", "-proto", file.path, "list"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("missing/dep.proto: File not found."))
    #expect(
      result.stderr.contains("add the directory that holds missing/dep.proto with -import-path")
    )
  }

  @Test func aServerWithoutReflectionPointsAtProtoFiles() throws {
    let server = try SampleServer(arguments: ["--reflection", "none"])
    defer { server.stop() }
    let result = try GRPCallBinary.run(["-plaintext", server.address, "list"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("does not support the reflection API"), "\(result.stderr)")
    #expect(result.stderr.contains("-proto or -protoset"), "\(result.stderr)")
  }

  /// A header without a colon said "Failed to expand additional headers" though nothing was
  /// to be expanded.
  @Test func aBadHeaderIsInvalidNotUnexpanded() throws {
    let result = try GRPCallBinary.run(
      ["-plaintext", "-H", "te: trailers"] + proto
        + ["-d", "{}", "127.0.0.1:1", "users.UserService/GetUser"]
    )
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("Invalid header: "), "\(result.stderr)")
    #expect(!result.stderr.contains("expand"))
  }

  /// `--output envelope` promised the document "however the call ends": SIGTERM and Ctrl-C
  /// (typed in a real terminal) wrote nothing and lost every received event.
  @Test func envelopeIsWrittenWhenTheCallIsStopped() throws {
    let server = try SampleServer()
    defer { server.stop() }
    let watch =
      proto + ["--output", "envelope", "-d", "{}", server.address, "users.UserService/WatchUsers"]
    func createUser(_ name: String) throws {
      let created = try GRPCallBinary.run(
        ["-plaintext"] + proto
          + [
            "-d", #"{"name": "\#(name)", "email": "x@example.com"}"#, server.address,
            "users.UserService/CreateUser",
          ]
      )
      #expect(created.status == 0, "\(created.stderr)")
    }
    // SIGTERM, as a supervisor or `timeout` sends it.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: GRPCallBinary.path)
    process.arguments = ["-plaintext"] + watch
    process.currentDirectoryURL = OracleProtoc.repositoryRoot
    process.environment = ProcessInfo.processInfo.environment.merging(
      ["XDG_CACHE_HOME": GRPCallBinary.cacheHome]
    ) { $1 }
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    Thread.sleep(forTimeInterval: 2)
    try createUser("Terminated")
    Thread.sleep(forTimeInterval: 1)
    process.terminate()
    let document = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 143)
    #expect(document.contains(#""name": "Terminated""#), "\(document)")
    #expect(document.contains("interrupted by SIGTERM"), "\(document)")
    // Ctrl-C typed in a real terminal.
    let terminal = try TerminalSession()
    defer { terminal.close() }
    try terminal.send(
      "cd '\(OracleProtoc.repositoryRoot.path)'; export XDG_CACHE_HOME='\(GRPCallBinary.cacheHome)'; '\(GRPCallBinary.path)' -plaintext \(watch.joined(separator: " ")); echo \"exit=$?\"",
      "Enter"
    )
    Thread.sleep(forTimeInterval: 2)
    try createUser("Interrupted")
    Thread.sleep(forTimeInterval: 1)
    try terminal.send("C-c")
    let deadline = Date().addingTimeInterval(10)
    var screen = ""
    while Date() < deadline {
      screen = try terminal.screen()
      if screen.contains("exit=") { break }
      Thread.sleep(forTimeInterval: 0.1)
    }
    #expect(screen.contains(#""name": "Interrupted""#), "\(screen)")
    #expect(screen.contains("interrupted by SIGINT (Ctrl-C)"), "\(screen)")
    #expect(screen.contains("exit=130"), "\(screen)")
  }

  /// A Chat step against a server refusing the token said "no response within 2s" after 2 ms:
  /// a step that ends because the call ended says so, with the status.
  @Test func aStreamStepEndedByTheCallSaysItsStatus() throws {
    let server = try SampleServer(arguments: ["--token", "secret"])
    defer { server.stop() }
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("grpcall-chat-\(UUID().uuidString).yaml")
    let scenario = """
      name: chat
      target: \(server.address)
      plaintext: true
      proto: [\(OracleProtoc.repositoryRoot.path)/samples/user-service/user_service.proto]
      headers: {authorization: "Bearer wrong"}
      steps:
        - name: chat script
          call: users.UserService/Chat
          stream:
            - send: {sender: me, content: hi}
            - receive: {content: hi}
              within: 2s
            - close
      """
    try scenario.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try GRPCallBinary.run(["test", file.path])
    #expect(result.status == 1)
    #expect(
      result.stdout.contains("receive: the call ended (Unauthenticated: "),
      "\(result.stdout)"
    )
    #expect(!result.stdout.contains("no response within"), "\(result.stdout)")
  }

  /// `grpcall test -v` printed a stream's requests, then its responses (`> > < <`).
  @Test func verboseTestShowsAStreamInTheOrderItHappened() throws {
    let server = try SampleServer()
    defer { server.stop() }
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("grpcall-order-\(UUID().uuidString).yaml")
    let scenario = """
      name: order
      target: \(server.address)
      plaintext: true
      proto: [\(OracleProtoc.repositoryRoot.path)/samples/user-service/user_service.proto]
      steps:
        - name: chat
          call: users.UserService/Chat
          stream:
            - send: {sender: me, content: one}
            - receive: {content: one}
            - send: {sender: me, content: two}
            - receive: {content: two}
            - close
      """
    try scenario.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try GRPCallBinary.run(["test", "-v", file.path])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let arrows = result.stdout.split(separator: "\n")
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { $0.hasPrefix("> ") || $0.hasPrefix("< ") }
      .map { String($0.prefix(1)) }
    #expect(arrows == [">", "<", ">", "<"], "\(result.stdout)")
  }

  /// `status: NOTFOUND` was accepted silently; a misspelt key got no suggestion.
  @Test func misspeltKeysAndStatusNamesAreSaidWithWhatWasMeant() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("grpcall-keys-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let cases = [
      ("    reqest: {}", "t.yaml:5:5: unknown key 'reqest' in a step — did you mean 'request'?"),
      ("    expect: {status: NOTFOUND}", "'NOTFOUND' is not a gRPC status"),
      ("    expect: {status: NOTFOUND}", "did you mean NOT_FOUND?"),
      ("    expect: {stauts: OK}", "did you mean 'status'?"),
    ]
    for (line, words) in cases {
      let file = directory.appendingPathComponent("t.yaml")
      try "name: t\ntarget: 127.0.0.1:1\nsteps:\n  - call: a.B/C\n\(line)\n".write(
        to: file,
        atomically: true,
        encoding: .utf8
      )
      let result = try GRPCallBinary.run(["test", file.path])
      #expect(result.status == 2, "\(line): \(result.stdout)\(result.stderr)")
      #expect(result.stderr.contains(words), "\(line): \(result.stderr)")
    }
    for accepted in ["NOT_FOUND", "not_found", "NotFound", "5", "CANCELED", "Canceled"] {
      let file = directory.appendingPathComponent("ok.yaml")
      try
        "name: t\ntarget: 127.0.0.1:1\nsteps:\n  - call: a.B/C\n    expect: {status: \(accepted)}\n"
        .write(to: file, atomically: true, encoding: .utf8)
      let result = try GRPCallBinary.run(["test", file.path])
      #expect(result.status == 1, "\(accepted): \(result.stderr)")  // parsed; the call fails
    }
  }
}
