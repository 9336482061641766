import Foundation
import TestSupport
import Testing

/// A shell in a real terminal (a detached tmux session on its own server socket): commands are
/// typed with `send-keys`, the screen is read back with `capture-pane -e` (escapes included, as
/// tmux re-encodes them).
final class TerminalSession {
  private let socket = "grpcall-test-\(UUID().uuidString)"
  private var commands = 0

  /// A terminal running `shell` (bash by default); it ends by itself after two minutes.
  init(shell: String = "bash --norc --noprofile", environment: [String: String] = [:]) throws {
    let variables = environment.sorted { $0.key < $1.key }.flatMap {
      ["-e", "\($0.key)=\($0.value)"]
    }
    try tmux(
      ["new-session", "-d", "-x", "200", "-y", "80", "-s", "t"] + variables
        + ["timeout --foreground 120 \(shell)"]
    )
  }

  /// Sends keys as tmux names them (`Tab`, `Enter`, `C-u`) or literal text.
  func send(_ keys: String...) throws {
    try tmux(["send-keys", "-t", "t"] + keys)
  }

  /// The screen as it is now, without escapes.
  func screen() throws -> String {
    try tmux(["capture-pane", "-t", "t", "-p", "-J"])
  }

  /// Ends the terminal (it also ends by itself after two minutes).
  func close() { _ = try? tmux(["kill-server"]) }

  /// Runs tmux through Python's subprocess, which closes every inherited descriptor: the tmux
  /// server the first call starts would otherwise hold the one Foundation's `Process` watches
  /// to see its child exit, and the wait would never end. It also clears the signal mask the test
  /// process hands its children, or the server would ignore `kill-server`. Output is read from a
  /// file.
  @discardableResult
  private func tmux(_ arguments: [String]) throws -> String {
    let outputFile = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(socket)-\(UUID().uuidString).out")
    _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: outputFile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments =
      [
        "-c",
        "import signal, subprocess, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); sys.exit(subprocess.call(sys.argv[1:]))",
        "/usr/bin/tmux",
      ]
      + ["-L", socket] + arguments
    let handle = try FileHandle(forWritingTo: outputFile)
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try handle.close()
    let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    guard process.terminationStatus == 0 else { throw TerminalError(output: output) }
    return output
  }

  struct TerminalError: Error { let output: String }

  /// Types `command` and returns what it printed on the screen, escapes included.
  func run(_ command: String, timeout: Double = 20) throws -> String {
    commands += 1
    let marker = "END-OF-COMMAND-\(commands)"
    try tmux([
      "send-keys", "-t", "t", "clear; \(command); echo END-OF-COMMAND-$((\(commands)))", "Enter",
    ])
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      let screen = try tmux(["capture-pane", "-t", "t", "-e", "-p", "-J"])
      // `clear` ran first, so the screen holds the command's output, then the marker.
      let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
      if let end = lines.firstIndex(where: { $0.contains(marker) && !$0.contains("$((") }) {
        return lines[..<end].joined(separator: "\n")
      }
      Thread.sleep(forTimeInterval: 0.1)
    }
    throw TerminalError(output: "no end marker for \(command)")
  }
}

/// Colour: JSON like jq, errors red, -v headings dim on a terminal; plain when piped, with
/// NO_COLOR, or --color never; --color always forces it.
@Suite(.serialized) struct ColorTests {
  static let escape = "\u{1B}["
  let call: String
  let server: SampleServer

  init() throws {
    server = try SampleServer()
    call =
      "'\(GRPCallBinary.path)' -plaintext -d '{\"id\":\"u1\"}' -proto samples/user-service/user_service.proto \(server.address) users.UserService/GetUser"
  }

  /// Runs in the repository root so the relative -proto path resolves.
  func terminal() throws -> TerminalSession {
    let session = try TerminalSession()
    _ = try session.run(
      "cd '\(OracleProtoc.repositoryRoot.path)' && export XDG_CACHE_HOME='\(GRPCallBinary.cacheHome)' && unset NO_COLOR"
    )
    return session
  }

  static func hasBlueKey(_ screen: String, _ key: String) -> Bool {
    screen.contains("34m\"\(key)\"") || screen.contains("34;1m\"\(key)\"")
  }

  @Test func jsonIsColouredOnATerminal() throws {
    let session = try terminal()
    defer { session.close() }
    let screen = try session.run(call)
    #expect(Self.hasBlueKey(screen, "id"), "\(screen.debugDescription)")
    #expect(screen.contains("32m\"u1\""), "strings green")
    #expect(screen.contains("\"Ada Lovelace\""))
  }

  @Test func plainWhenPipedWithNoColorOrNever() throws {
    let session = try terminal()
    defer { session.close() }
    for command in [call + " | cat", "NO_COLOR=1 " + call, call + " --color never"] {
      let screen = try session.run(command)
      #expect(screen.contains("\"id\": \"u1\""), "\(command): \(screen.debugDescription)")
      #expect(!screen.contains(Self.escape), "\(command): \(screen.debugDescription)")
    }
  }

  @Test func errorsAreRedAndHeadingsDim() throws {
    let session = try terminal()
    defer { session.close() }
    let failure = try session.run(
      "'\(GRPCallBinary.path)' -plaintext -max-time 5 127.0.0.1:1 list"
    )
    #expect(failure.contains("31m"), "\(failure.debugDescription)")
    #expect(failure.contains("Failed to dial target host"))
    let notFound = try session.run(call.replacingOccurrences(of: "u1", with: "nobody"))
    #expect(notFound.contains("31mERROR:"), "\(notFound.debugDescription)")
    let verbose = try session.run(call + " -v")
    #expect(verbose.contains("2mResponse headers received:"), "\(verbose.debugDescription)")
  }

  @Test func alwaysForcesColourIntoAPipe() throws {
    let forced = try GRPCallBinary.run(
      [
        "--color", "always", "-plaintext", "-d", #"{"id":"u1"}"#, "-proto",
        "samples/user-service/user_service.proto", server.address, "users.UserService/GetUser",
      ]
    )
    #expect(forced.status == 0)
    #expect(forced.stdout.contains("\u{1B}[34;1m\"id\"\u{1B}[0m"))
    #expect(forced.stdout.contains("\u{1B}[0;32m\"u1\"\u{1B}[0m"))
    let piped = try GRPCallBinary.run(
      [
        "-plaintext", "-d", #"{"id":"u1"}"#, "-proto", "samples/user-service/user_service.proto",
        server.address, "users.UserService/GetUser",
      ]
    )
    #expect(!piped.stdout.contains(Self.escape))
    let bad = try GRPCallBinary.run(["--color", "blue", "127.0.0.1:1", "list"])
    #expect(bad.status == 2)
    #expect(bad.stderr.hasPrefix("The --color option must be 'auto', 'always' or 'never'."))
  }
}
