import Foundation
import TestSupport
import Testing

/// Where output goes wrong: a closed pipe, a full device, links and devices as output paths, bad
/// request data in the middle of a stream.
@Suite struct OutputFailureTests {
  let proto = ["-proto", "samples/user-service/user_service.proto"]

  func shell(_ script: String) throws -> (Int32, String) {
    try OracleProtoc.run("/bin/bash", ["-c", script])
  }

  /// `grpcall … | head -c 100`: the first failed write ends the call, exit 141 like SIGPIPE.
  @Test func closedPipeStopsTheStream() throws {
    let server = try SampleServer(arguments: ["--synthetic-events", "200000"])
    let command =
      ([GRPCallBinary.path, "-plaintext"] + proto + [
        "-d", "'{}'", server.address, "users.UserService/WatchUsers",
      ]).joined(separator: " ")
    let (status, output) = try shell(
      "set -o pipefail; \(command) | head -c 100 > /dev/null; echo \"grpcall exited ${PIPESTATUS[0]}\""
    )
    #expect(status == 0)
    #expect(output.contains("grpcall exited 141"), "\(output)")
  }

  @Test func fullDeviceIsAnError() throws {
    let server = try SampleServer()
    let command =
      ([GRPCallBinary.path, "-plaintext"] + proto + [
        "-d", #"'{"id":"u1"}'"#, server.address, "users.UserService/GetUser",
      ]).joined(separator: " ")
    let (status, output) = try shell("\(command) > /dev/full")
    #expect(status == 1)
    #expect(output == "grpcall: cannot write standard output: no space left on device\n")
  }

  /// `-protoset-out` writes through a symbolic link (the link stays a link) and into devices.
  @Test func outputPathsAreWrittenThrough() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "write-through-\(UUID().uuidString)"
    )
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let target = directory.appendingPathComponent("target.pb").path
    let link = directory.appendingPathComponent("link.pb").path
    try Data().write(to: URL(fileURLWithPath: target))
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    let written = try GRPCallBinary.run(proto + ["-protoset-out", link, "list"])
    #expect(written.status == 0, "\(written.stderr)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
    #expect(try Data(contentsOf: URL(fileURLWithPath: target)).count > 100)

    let devNull = directory.appendingPathComponent("null.pb").path
    try FileManager.default.createSymbolicLink(atPath: devNull, withDestinationPath: "/dev/null")
    #expect(try GRPCallBinary.run(proto + ["-protoset-out", devNull, "list"]).status == 0)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: devNull) == "/dev/null")

    let full = try GRPCallBinary.run(proto + ["-protoset-out", "/dev/full", "list"])
    #expect(full.status == 1)
    #expect(full.stderr.contains("no space left on device"), "\(full.stderr)")
    var info = stat()
    #expect(stat("/dev/full", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
  }

  /// A bad message in the middle of a client or bidi stream is a request data error with its
  /// place, exit 1 — not the cancelled stream's Unavailable.
  @Test func badStreamedMessageIsReportedWithItsPlace() throws {
    let server = try SampleServer()
    for method in ["UploadUsers", "Chat"] {
      let data = method == "Chat" ? #"{"sender":"a"} {"sender":1}"# : #"{"name":"a"} {"name":1}"#
      let result = try GRPCallBinary.run(
        ["-plaintext"] + proto + ["-d", data, server.address, "users.UserService/\(method)"]
      )
      #expect(result.status == 1, "\(method): \(result.stderr)")
      let field = method == "Chat" ? "sender" : "name"
      #expect(
        result.stderr
          == "Error invoking method \"users.UserService/\(method)\": error getting request data: message 2: \(field): expected a string, got 1\n"
      )
    }
  }
}

/// Bad local input named plainly, never a trap: header names and values, TLS files that are
/// missing, directories or not PEM, a directory given as `-proto`.
@Suite struct BadLocalInputTests {
  let call = [
    "-proto", "samples/user-service/user_service.proto", "-d", #"{"id":"u1"}"#,
  ]

  @Test func invalidHeadersAreRefusedBeforeCalling() throws {
    let server = try SampleServer()
    for (header, problem) in [
      ("Bad Name: x", "the name may hold only letters, digits, '-', '_' and '.'"),
      ("x-é: x", "the name may hold only letters, digits, '-', '_' and '.'"),
      ("x-a: b\r\nevil: 1", "the value may not hold control characters"),
    ] {
      let result = try GRPCallBinary.run(
        ["-plaintext", "-H", header] + call + [server.address, "users.UserService/GetUser"]
      )
      #expect(result.status == 1, "\(header): \(result.stderr)")
      #expect(result.stderr.hasSuffix(problem + "\n"), "\(header): \(result.stderr)")
      #expect(result.stderr.split(separator: "\n").count == 1)
    }
  }

  @Test func unusableTLSFilesAreNamed() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "tls-files-\(UUID().uuidString)"
    )
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let garbage = directory.appendingPathComponent("garbage.pem").path
    try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: garbage))
    for (path, problem) in [
      ("/nonexistent/ca.pem", "open /nonexistent/ca.pem: no such file or directory"),
      (directory.path, "read \(directory.path): is a directory"),
      (garbage, "could not load ca certificate \(garbage): no PEM certificate found"),
    ] {
      let result = try GRPCallBinary.run(["-cacert", path, "127.0.0.1:1", "list"])
      #expect(result.status == 1)
      #expect(result.stderr.hasPrefix("Failed to create TLS config: "), "\(result.stderr)")
      #expect(result.stderr.hasSuffix(problem + "\n"), "\(result.stderr)")
    }
  }

  @Test func directoryAsProtoFileIsSaid() throws {
    let result = try GRPCallBinary.run(["-proto", "samples", "list"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("samples: Input file is a directory."), "\(result.stderr)")
  }
}
