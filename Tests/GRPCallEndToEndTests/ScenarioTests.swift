import Foundation
import TestSupport
import Testing

/// `grpcall test` end to end: scenario files against the sample server.
@Suite struct ScenarioTests {
  let directory: URL

  init() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "grpcall-scenarios-\(UUID().uuidString)"
    )
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  func write(_ name: String, _ text: String) throws -> String {
    let path = directory.appendingPathComponent(name).path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// A UTF-8 locale, so the console uses ✔ and ✘ whatever the machine's default.
  static let utf8 = ["LC_ALL": "C.UTF-8"]

  static let schema = """
    plaintext: true
    proto: [user_service.proto]
    import-path: [samples/user-service]
    """

  @Test func smokeFilePasses() throws {
    let server = try SampleServer()
    let result = try GRPCallBinary.run(
      [
        "test", "--var", "TARGET=\(server.address)", "samples/user-service/smoke.yaml",
      ],
      environment: Self.utf8
    )
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.hasSuffix("7 passed, 0 failed\n"), "\(result.stdout)")
    #expect(result.stdout.contains("  ✔ create ("))
  }

  @Test func connectionSchemaAndHeaderKeys() throws {
    let server = try SampleServer(arguments: ["--token", "s3cret"])
    let common = """
      target: ${ADDR}
      plaintext: true
      authority: users.internal
      user-agent: smoke-ua/1
      connect-timeout: 3
      keepalive-time: 30
      max-msg-sz: 8388608
      compress: gzip
      headers: {authorization: "Bearer ${TOKEN}"}
      vars: {who: u1}
      """
    let step = """
      steps:
        - name: get
          call: users.UserService/GetUser
          request: {id: "${who}"}
          headers: {x-trace: abc}
          expect:
            response: {name: Ada Lovelace}
            headers: {x-seen-user-agent: {contains: "smoke-ua/1"}, content-type: {matches: "^application/grpc"}}
            trailers: {}
      """
    let withProto = try write(
      "proto.yaml",
      common + "\nproto: [user_service.proto]\nimport-path: [samples/user-service]\n" + step
    )
    let protoset = directory.appendingPathComponent("users.pb").path
    let saved = try GRPCallBinary.run([
      "-proto", "samples/user-service/user_service.proto", "-protoset-out", protoset, "list",
    ])
    #expect(saved.status == 0)
    let withProtoset = try write("protoset.yaml", common + "\nprotoset: [\(protoset)]\n" + step)
    let withReflection = try write("reflection.yaml", common + "\n" + step)
    for file in [withProto, withProtoset, withReflection] {
      let result = try GRPCallBinary.run([
        "test", "--var", "ADDR=\(server.address)", "--var", "TOKEN=s3cret", file,
      ])
      #expect(result.status == 0, "\(file): \(result.stdout)")
    }
    let wrongToken = try GRPCallBinary.run([
      "test", "--var", "ADDR=\(server.address)", "--var", "TOKEN=nope", withProto,
    ])
    #expect(wrongToken.status == 1)
    #expect(
      wrongToken.stdout.contains(
        "status: expected OK, got UNAUTHENTICATED: missing or invalid bearer token"
      )
    )
  }

  static let assertions: [(passing: String, failing: String)] = [
    (#"$.age == 36"#, #"$.age == 35"#),
    (#"$.id != "u2""#, #"$.id != "u1""#),
    (#"$.age < 40"#, #"$.age < 30"#),
    (#"$.age <= 36"#, #"$.age <= 35"#),
    (#"$.age > 35"#, #"$.age > 36"#),
    (#"$.age >= 36"#, #"$.age >= 37"#),
    (#"$.email matches "^ada@""#, #"$.email matches "^bob@""#),
    (#"$.roles contains "dev""#, #"$.roles contains "ops""#),
    (#"$.roles.length() == 2"#, #"$.roles.length() == 3"#),
    (#"$.createdAt exists"#, #"$.nickname exists"#),
    (#"$.nickname not exists"#, #"$.name not exists"#),
  ]

  func assertionFile(_ name: String, _ list: [String], address: String) throws -> String {
    let lines = list.map { "        - '\($0)'" }.joined(separator: "\n")
    return try write(
      name,
      """
      target: \(address)
      \(Self.schema)
      steps:
        - call: users.UserService/GetUser
          request: {id: u1}
          expect:
            assert:
      \(lines)
      """
    )
  }

  @Test func eachAssertionOperatorPassesAndFails() throws {
    let server = try SampleServer()
    let passing = try assertionFile(
      "pass.yaml",
      Self.assertions.map(\.passing),
      address: server.address
    )
    let passed = try GRPCallBinary.run(["test", passing])
    #expect(passed.status == 0, "\(passed.stdout)")
    let failing = try assertionFile(
      "fail.yaml",
      Self.assertions.map(\.failing),
      address: server.address
    )
    let failed = try GRPCallBinary.run(["test", failing])
    #expect(failed.status == 1)
    for (index, assertion) in Self.assertions.map(\.failing).enumerated() {
      #expect(
        failed.stdout.contains("fail.yaml:\(index + 10):11: assert \(assertion): "),
        "\(assertion)\n\(failed.stdout)"
      )
    }
    #expect(failed.stdout.contains("assert $.age == 35: $.age is 36"))
    #expect(failed.stdout.contains("assert $.nickname exists: $.nickname does not exist"))
  }

  @Test func capturesScriptedChatAndUpload() throws {
    let server = try SampleServer()
    let file = try write(
      "flow.yaml",
      """
      target: \(server.address)
      \(Self.schema)
      steps:
        - name: create
          call: users.UserService/CreateUser
          request: {name: Cy, email: cy@example.com, age: 41}
          capture: {uid: $.id, years: $.age}
        - name: read
          call: users.UserService/GetUser
          request: {id: "${uid}"}
          expect:
            response: {id: "${uid}", name: Cy, age: "${years}"}
        - name: chat
          call: users.UserService/Chat
          stream:
            - send: {sender: me, content: one}
            - receive: {sender: me, content: one}
              within: 3s
            - send: {sender: me, content: two}
            - receive: {content: two}
            - close
          expect: {status: 0}
        - name: upload script
          call: users.UserService/UploadUsers
          stream:
            - send: {name: Dee}
            - send: {name: Eve}
            - send: {name: ""}
            - close
            - receive: {created: 2, failed: 1}
        - name: upload list
          call: users.UserService/UploadUsers
          requests: [{name: Fay}]
          expect: {response: {created: 1}}
      """
    )
    let result = try GRPCallBinary.run(["test", "-v", file])
    #expect(result.status == 0, "\(result.stdout)")
    #expect(result.stdout.contains("5 passed, 0 failed"))
    #expect(result.stdout.contains(#"      > {"sender":"me","content":"one"}"#))
    #expect(result.stdout.contains(#"      < {"created":2,"failed":1}"#))
  }

  @Test func streamsStatusesAndCounts() throws {
    let server = try SampleServer(arguments: ["--synthetic-events", "3"])
    let file = try write(
      "streams.yaml",
      """
      target: \(server.address)
      \(Self.schema)
      steps:
        - name: synthetic watch
          call: users.UserService/WatchUsers
          expect:
            messages: {count: 3}
            responses: [{user: {id: s0}}, {user: {id: s1}}, {user: {id: s2}}]
            assert:
              - '$[0].user.name == "Synthetic 0"'
              - '$[*].eventType contains created'
              - '$.user.id == s2'
        - name: missing
          call: users.UserService/GetUser
          request: {id: nope}
          expect: {status: NotFound, message: {matches: "^User nope not found$"}}
        - name: by number
          call: users.UserService/GetUser
          request: {}
          expect: {status: 3, message: id must not be empty}
      """
    )
    let result = try GRPCallBinary.run(["test", file])
    #expect(result.status == 0, "\(result.stdout)")
  }

  @Test func failingScenarioShowsTheDiffAndWritesJUnit() throws {
    let server = try SampleServer()
    let file = try write(
      "failing.yaml",
      """
      name: failing
      target: \(server.address)
      \(Self.schema)
      steps:
        - name: good
          call: users.UserService/GetUser
          request: {id: u1}
        - name: bad
          call: users.UserService/GetUser
          request: {id: u2}
          expect:
            response: {name: Someone Else, roles: [dev]}
        - name: after
          call: users.UserService/GetUser
          request: {id: u3}
          expect: {status: NOT_FOUND}
      """
    )
    let junit = directory.appendingPathComponent("report.xml").path
    let result = try GRPCallBinary.run(["test", "--junit", junit, file], environment: Self.utf8)
    #expect(result.status == 1)
    #expect(result.stdout.contains("  ✘ bad ("))
    #expect(
      result.stdout.contains(
        "failing.yaml:14:7: response.name: expected \"Someone Else\", got \"Grace Hopper\""
      )
    )
    #expect(result.stdout.contains("failing.yaml:18:13: status: expected NOT_FOUND, got OK"))
    #expect(result.stdout.hasSuffix("1 passed, 2 failed\n"))
    let check = """
      import sys
      from junitparser import JUnitXml, Failure
      xml = JUnitXml.fromfile(sys.argv[1])
      cases = [(s.name, c.name, [r.message for r in c.result if isinstance(r, Failure)]) for s in xml for c in s]
      print(xml.tests, xml.failures, len(list(xml)))
      for suite, case, failures in cases:
          print(suite, "|", case, "|", failures)
      """
    let (status, output) = try OracleProtoc.run(OracleProtoc.python, ["-c", check, junit])
    #expect(status == 0, "\(output)")
    let lines = output.split(separator: "\n")
    #expect(lines.first == "3 2 1")
    #expect(
      lines.contains { $0.hasPrefix("failing | bad | [") && $0.contains("response.name: expected") }
    )
    #expect(lines.contains("failing | good | []"))
    let fast = try GRPCallBinary.run(["test", "--fail-fast", file])
    #expect(fast.stdout.hasSuffix("1 passed, 1 failed\n"), "\(fast.stdout)")
  }

  @Test(arguments: [
    (
      "unknown.yaml", "target: x\nsteps:\n  - call: a.B/C\n    reqest: {}\n",
      "unknown.yaml:4:5: unknown key 'reqest' in a step"
    ),
    (
      "yaml.yaml", "target: x\nsteps:\n  - call: a.B/C\n    request: {id: [1, 2\n",
      "yaml.yaml:5:1: "
    ),
    (
      "path.yaml", "target: x\nsteps:\n  - call: a.B/C\n    capture: {id: id}\n",
      "path.yaml:4:19: 'id' is not a path"
    ),
    (
      "unset.yaml", "target: ${NOWHERE_SET_VAR}\nsteps:\n  - call: a.B/C\n",
      "unset.yaml:1:9: variable 'NOWHERE_SET_VAR' is not set"
    ),
  ])
  func invalidFilesExit2BeforeAnythingRuns(name: String, text: String, message: String) throws {
    let valid = try write(
      "valid-\(name)",
      "target: 127.0.0.1:1\nplaintext: true\nsteps:\n  - call: a.B/C\n"
    )
    let file = try write(name, text)
    let result = try GRPCallBinary.run(["test", valid, file])
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty, "\(result.stdout)")
    let first = String(result.stderr.split(separator: "\n").first ?? "")
    #expect(first.hasPrefix(directory.path + "/" + message), "\(result.stderr)")
  }

  @Test func parallelFilesAllRun() throws {
    let server = try SampleServer()
    var files: [String] = []
    for index in 1 ... 4 {
      files.append(
        try write(
          "p\(index).yaml",
          "target: \(server.address)\n\(Self.schema)\nsteps:\n  - call: users.UserService/GetUser\n    request: {id: u\(index)}\n"
        )
      )
    }
    let result = try GRPCallBinary.run(["test", "--parallel", "3", directory.path])
    #expect(result.status == 0, "\(result.stdout)")
    #expect(result.stdout.hasSuffix("4 passed, 0 failed\n"))
    for index in 1 ... 4 { #expect(result.stdout.contains("p\(index) (")) }
  }

  @Test func waitForASlowServer() throws {
    let port = try FreePort.pick()
    let file = try write(
      "late.yaml",
      "target: 127.0.0.1:\(port)\n\(Self.schema)\nsteps:\n  - call: users.UserService/GetUser\n    request: {id: u1}\n"
    )
    let running = try RunningGRPCall(["test", "--wait-for", "30", file])
    Thread.sleep(forTimeInterval: 1.5)
    let server = try SampleServer(arguments: ["--port", "\(port)"])
    let result = try running.finish()
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.hasSuffix("1 passed, 0 failed\n"))
    server.stop()
    let noWait = try GRPCallBinary.run(["test", file])
    #expect(noWait.status == 1)
    #expect(noWait.stdout.contains("connect: connection refused"), "\(noWait.stdout)")
  }

  @Test func stepsOfAFileShareOneConnection() throws {
    let server = try SampleServer()
    let proxy = try CountingProxy(to: server.port)
    let file = try write(
      "shared.yaml",
      """
      target: 127.0.0.1:${PROXY_PORT}
      plaintext: true
      user-agent: ${AGENT:-shared/1}
      steps:
        - call: users.UserService/GetUser
          request: {id: u1}
          expect: {headers: {x-seen-user-agent: {contains: shared/1}}}
        - call: users.UserService/ListUsers
        - call: users.UserService/GetUser
          request: {id: u2}
      """
    )
    let result = try GRPCallBinary.run(["test", "--var", "PROXY_PORT=\(proxy.port)", file])
    #expect(result.status == 0, "\(result.stdout)")
    #expect(proxy.connections() == 1)
  }

  @Test func asciiMarksOnANonUTF8Locale() throws {
    let server = try SampleServer()
    let file = try write(
      "ascii.yaml",
      "target: \(server.address)\n\(Self.schema)\nsteps:\n  - name: one\n    call: users.UserService/GetUser\n    request: {id: u1}\n"
    )
    let result = try GRPCallBinary.run(
      ["test", file],
      environment: ["LANG": "C", "LC_ALL": "", "LC_CTYPE": ""]
    )
    #expect(result.stdout.contains("  ok one ("), "\(result.stdout)")
  }
}

/// `grpcall ADDRESS health`: grpc_health_probe's output and exit codes.
@Suite struct HealthTests {
  @Test func servingServer() throws {
    let server = try SampleServer()
    let whole = try GRPCallBinary.run(["-plaintext", server.address, "health"])
    #expect(whole.status == 0)
    #expect(whole.stdout == "status: SERVING\n")
    let service = try GRPCallBinary.run([
      "-plaintext", server.address, "health", "users.UserService",
    ])
    #expect(service.stdout == "status: SERVING\n")
  }

  @Test func notServingIsExit4() throws {
    let server = try SampleServer(arguments: ["--health-status", "users.UserService=NOT_SERVING"])
    let result = try GRPCallBinary.run([
      "-plaintext", server.address, "health", "users.UserService",
    ])
    #expect(result.status == 4)
    #expect(result.stdout == "status: NOT_SERVING\n")
    let watch = try GRPCallBinary.run([
      "-plaintext", "-max-time", "1", server.address, "health", "--watch", "users.UserService",
    ])
    #expect(watch.status == 4)
    #expect(watch.stdout == "status: NOT_SERVING\n")
  }

  @Test func unknownServiceIsExit3() throws {
    let server = try SampleServer()
    let result = try GRPCallBinary.run(["-plaintext", server.address, "health", "no.Such"])
    #expect(result.status == 3)
    #expect(
      result.stderr
        == "error: health rpc failed: NotFound (the server does not know service \"no.Such\")\n"
    )
  }

  @Test func noServerIsExit2() throws {
    let result = try GRPCallBinary.run(["-plaintext", "127.0.0.1:1", "health"])
    #expect(result.status == 2)
    #expect(
      result.stderr
        == "error: Failed to dial target host \"127.0.0.1:1\": connect: connection refused\n"
    )
  }

  @Test func badArgumentsAreExit1() throws {
    let result = try GRPCallBinary.run(["-plaintext", "nohostport", "health"])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("error: "))
  }

  @Test func waitRetriesUntilServing() throws {
    let port = try FreePort.pick()
    let running = try RunningGRPCall(["-plaintext", "127.0.0.1:\(port)", "health", "--wait", "30"])
    Thread.sleep(forTimeInterval: 1.0)
    let server = try SampleServer(arguments: ["--port", "\(port)"])
    let result = try running.finish()
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "status: SERVING\n")
    server.stop()
  }
}
