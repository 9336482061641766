import Foundation
import TestSupport
import Testing

/// `grpcall convert`, driven through the built binary.
@Suite struct ConvertTests {
  let schema = ["-import-path", "samples/user-service", "-proto", "user_service.proto"]
  let user =
    #"{"id":"u1","name":"Ann","email":"a@x.io","age":30,"department":"SALES","roles":["a","b"],"createdAt":"2024-01-02T03:04:05.500Z"}"#
  let userText = """
    id: "u1"
    name: "Ann"
    email: "a@x.io"
    age: 30
    department: SALES
    roles: "a"
    roles: "b"
    created_at {
      seconds: 1704164645
      nanos: 500000000
    }

    """

  func convert(
    _ arguments: [String],
    input: String? = nil,
    bytes: [UInt8]? = nil
  ) throws
    -> GRPCallBinary.Result
  {
    try GRPCallBinary.run(
      ["convert"] + schema + ["--type", "users.User"] + arguments,
      input: input,
      inputBytes: bytes
    )
  }

  /// JSON → binary (the default direction) writes exactly what `protoc --encode` writes.
  @Test func jsonToBinaryMatchesProtocEncode() throws {
    let ours = try convert([], input: user)
    #expect(ours.status == 0, "\(ours.stderr)")
    let include = try OracleProtoc.grpcToolsInclude()
    let (status, _) = try OracleProtoc.run(
      OracleProtoc.python,
      [
        "-c",
        """
        import subprocess, sys
        out = subprocess.run([sys.executable, '-m', 'grpc_tools.protoc', '--encode=users.User',
            '-Isamples/user-service', '-I\(include)', 'user_service.proto'],
            input=sys.argv[1].encode(), capture_output=True, check=True).stdout
        sys.exit(0 if out == bytes.fromhex(sys.argv[2]) else 1)
        """,
        userText, ours.stdoutBytes.map { String(format: "%02x", $0) }.joined(),
      ]
    )
    #expect(status == 0, "protoc --encode wrote different bytes")
  }

  @Test func binaryToTextAndJSON() throws {
    let binary = try convert([], input: user).stdoutBytes
    let text = try convert(["--from", "binary", "--to", "text"], bytes: binary)
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdout == userText)
    let json = try convert(["-from", "binary", "-to", "json", "--compact"], bytes: binary)
    #expect(json.stdout == user + "\n")
    let back = try convert(["--from", "text", "--to", "binary"], input: text.stdout)
    #expect(back.stdoutBytes == binary)
  }

  @Test func readsAFileArgument() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "user-\(UUID().uuidString).json"
    ).path
    try Data(user.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let result = try convert(["--to", "text", path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == userText)
  }

  @Test func emitDefaultsAndProtoNames() throws {
    let result = try convert(
      ["--to", "json", "--emit-defaults", "--proto-names", "--compact"],
      input: #"{"id":"u1"}"#
    )
    #expect(
      result.stdout
        == #"{"id":"u1","name":"","email":"","age":0,"department":"UNKNOWN","roles":[]}"#
        + "\n"
    )
  }

  @Test func builtInTypesNeedNoSchema() throws {
    let result = try GRPCallBinary.run(
      ["convert", "--type", "google.protobuf.Duration", "--from", "text", "--to", "json"],
      input: "seconds: 5 nanos: 1"
    )
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "\"5.000000001s\"\n")
  }

  @Test func badInputIsOneLineAndExit1() throws {
    let json = try convert([], input: #"{"roles":["a",7]}"#)
    #expect(json.status == 1)
    #expect(
      json.stderr
        == "cannot read the input as json users.User: roles[1]: expected a string, got 7\n"
    )
    let text = try convert(["--from", "text"], input: "id: \"u1\"\nage: x\n")
    #expect(text.status == 1)
    #expect(text.stderr.contains("2:6"), "\(text.stderr)")
    #expect(text.stderr.split(separator: "\n").count == 1)
  }

  @Test func unwritableOutputIsOneLineAndExit1() throws {
    // created_at.seconds = 253402300800 (year 10000): valid binary, not valid RFC 3339.
    let binary: [UInt8] = [0x3A, 0x07, 0x08, 0x80, 0x83, 0xD1, 0xFF, 0xAF, 0x07]
    let result = try convert(["--from", "binary", "--to", "json"], bytes: binary)
    #expect(result.status == 1)
    #expect(
      result.stderr.hasPrefix("cannot write users.User as json: createdAt:"),
      "\(result.stderr)"
    )
    #expect(result.stderr.split(separator: "\n").count == 1)
    #expect(result.stdout.isEmpty)
  }

  @Test func malformedBinaryIsAnInputError() throws {
    // Field 1 (id) claims 5 bytes but only 2 follow.
    let result = try convert(
      ["--from", "binary", "--to", "json"],
      bytes: [0x0A, 0x05, 0x61, 0x62]
    )
    #expect(result.status == 1)
    #expect(
      result.stderr.hasPrefix("cannot read the input as binary users.User:"),
      "\(result.stderr)"
    )
  }

  @Test func unknownTypeIsExit1() throws {
    let result = try GRPCallBinary.run(
      ["convert"] + schema + ["--type", "users.Nope"],
      input: "{}"
    )
    #expect(result.status == 1)
    #expect(result.stderr.contains("users.Nope is not in the schema"))
  }

  /// A well-known type's value in the wrong JSON shape is named in words, never by the codec
  /// library's error case.
  @Test func wellKnownValueErrorsAreWords() throws {
    let cases: [(type: String, input: String, reason: String)] = [
      ("google.protobuf.Duration", #"{"seconds": 3}"#, "expected a string"),
      ("google.protobuf.Duration", #""3""#, "malformed duration"),
      ("google.protobuf.Timestamp", "7", "expected a string"),
      ("google.protobuf.FieldMask", "true", "expected a string"),
    ]
    for (type, input, reason) in cases {
      let result = try GRPCallBinary.run(["convert", "--type", type, "--to", "json"], input: input)
      #expect(result.status == 1)
      #expect(result.stderr.contains(": \(reason)"), "\(type) \(input): \(result.stderr)")
      #expect(!result.stderr.contains("malformedString"), "\(result.stderr)")
      #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }
  }

  /// `convert` is parsed on its own when named first; what the parser rejects still gets the
  /// whole command's usage line, and help still names `grpcall convert`.
  @Test func usageErrorsAndHelpNameTheWholeCommand() throws {
    let missing = try GRPCallBinary.run(["convert", "--to", "json"], input: "{}")
    #expect(missing.status == 2)
    #expect(
      missing.stderr.contains("Missing expected argument '-type <type>'"),
      "\(missing.stderr)"
    )
    let unknown = try GRPCallBinary.run(["convert", "--type", "x.Y", "--nope"], input: "{}")
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("Unknown option '--nope'"), "\(unknown.stderr)")
    let help = try GRPCallBinary.run(["convert", "--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("USAGE: grpcall convert"), "\(help.stdout)")
  }
}
