import Foundation
import TestSupport
import Testing

/// The committed completion scripts, in real shells, against the sample server: after the
/// address the verbs and `service/method` names (from reflection, or from the `-proto` on the
/// line), services after `list`, symbols after `describe`, message types after `convert --type`,
/// and call's flags on a line that does not name `call`.
@Suite struct ShellCompletionTests {
  static let proto = "samples/user-service/user_service.proto"

  /// A PATH whose `grpcall` is the binary under test.
  static var path: String {
    let directory = URL(fileURLWithPath: GRPCallBinary.path).deletingLastPathComponent().path
    return directory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
  }

  static let environment = "export PATH='\(path)' XDG_CACHE_HOME='\(GRPCallBinary.cacheHome)'; "

  /// bash: sources the script, sets COMP_* as readline would for `line` (cursor at its end),
  /// calls the completion function, prints COMPREPLY.
  static func bash(_ line: String) throws -> [String] {
    let script = """
      \(environment)source completions/grpcall.bash
      line=$1
      COMP_LINE=$line; COMP_POINT=${#line}
      read -ra COMP_WORDS <<< "$line"
      [[ $line == *' ' ]] && COMP_WORDS+=('')
      COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
      _grpcall grpcall "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
      printf '%s\\n' "${COMPREPLY[@]}"
      """
    let (status, output) = try OracleProtoc.run("/bin/bash", ["-c", script, "bash", line])
    #expect(status == 0, "\(output)")
    return output.split(separator: "\n").map(String.init)
  }

  /// fish: `complete -C` on the line, candidates without their descriptions.
  static func fish(_ line: String) throws -> [String] {
    let script =
      "set -x PATH \(path.split(separator: ":").joined(separator: " ")); set -x XDG_CACHE_HOME \(GRPCallBinary.cacheHome); source completions/grpcall.fish; complete -C '\(line)'"
    let (status, output) = try OracleProtoc.run("/usr/bin/fish", ["-c", script])
    #expect(status == 0, "\(output)")
    return output.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }
  }

  @Test func bashCompletesMethodsServicesSymbolsAndTypes() throws {
    let server = try SampleServer()
    let address = server.address
    #expect(
      try Self.bash("grpcall -plaintext \(address) users.UserService/Get") == [
        "users.UserService/GetUser"
      ]
    )
    let afterAddress = try Self.bash("grpcall -plaintext \(address) ")
    #expect(afterAddress.prefix(3) == ["list", "describe", "health"])
    #expect(afterAddress.contains("users.UserService/Chat"))
    #expect(try Self.bash("grpcall -plaintext \(address) list users") == ["users.UserService"])
    let symbols = try Self.bash("grpcall -plaintext \(address) describe users.User")
    #expect(symbols.contains("users.UserService.WatchUsers"))
    #expect(symbols.contains("users.UserEvent"))
    // From the -proto on the line, with no server at all.
    #expect(try Self.bash("grpcall -proto \(Self.proto) list ") == ["users.UserService"])
    #expect(
      try Self.bash("grpcall convert -proto \(Self.proto) --type users.Ch") == [
        "users.ChatMessage"
      ]
    )
    #expect(
      try Self.bash("grpcall convert --type google.protobuf.Dur") == [
        "google.protobuf.Duration"
      ]
    )
    #expect(try Self.bash("grpcall -plai") == ["-plaintext"])
    #expect(try Self.bash("grpcall con") == ["convert"])
  }

  @Test func fishCompletesMethodsServicesAndTypes() throws {
    let server = try SampleServer()
    let address = server.address
    #expect(
      try Self.fish("grpcall -plaintext \(address) users.UserService/Upl") == [
        "users.UserService/UploadUsers"
      ]
    )
    #expect(
      try Self.fish("grpcall -plaintext \(address) health gr").contains("grpc.health.v1.Health")
    )
    #expect(
      try Self.fish("grpcall -proto \(Self.proto) describe users.ListUsersReq") == [
        "users.ListUsersRequest"
      ]
    )
    #expect(
      try Self.fish("grpcall convert --type google.protobuf.Time") == [
        "google.protobuf.Timestamp"
      ]
    )
  }

  @Test func zshCompletesInARealTerminal() throws {
    let server = try SampleServer()
    let terminal = try TerminalSession(shell: "zsh -f")
    defer { terminal.close() }
    try terminal.send(
      "cd '\(OracleProtoc.repositoryRoot.path)'; \(Self.environment)autoload -U compinit && compinit -u && source completions/_grpcall && compdef _grpcall grpcall && clear",
      "Enter"
    )
    func complete(_ line: String, expecting text: String) throws -> String {
      try terminal.send("C-u", line, "Tab")
      let deadline = Date().addingTimeInterval(15)
      var screen = ""
      while Date() < deadline {
        screen = try terminal.screen()
        if screen.contains(text) { break }
        Thread.sleep(forTimeInterval: 0.1)
      }
      try terminal.send("C-c")
      return screen
    }
    let method = try complete(
      "grpcall -plaintext \(server.address) users.UserService/Get",
      expecting: "users.UserService/GetUser"
    )
    #expect(method.contains("users.UserService/GetUser"), "\(method)")
    let services = try complete(
      "grpcall -proto \(Self.proto) describe users.Up",
      expecting: "users.UploadSummary"
    )
    #expect(services.contains("users.UploadSummary"), "\(services)")
  }

  /// Typed into bash, zsh and fish in a real terminal, after an address of every form: a real
  /// bash splits `host:port` at the `:` of COMP_WORDBREAKS, which a test that builds COMP_WORDS
  /// itself cannot see.
  @Test(arguments: ["bash", "zsh", "fish"])
  func methodsCompleteAfterEveryAddressFormInARealTerminal(_ shell: String) throws {
    let ipv4 = try SampleServer()
    defer { ipv4.stop() }
    let ipv6 = try SampleServer(arguments: ["--host", "::1"])
    defer { ipv6.stop() }
    let socket = FileManager.default.temporaryDirectory
      .appendingPathComponent("grpcall-\(UUID().uuidString.prefix(8)).sock").path
    let unix = try SampleServer(arguments: ["--unix", socket])
    defer { unix.stop() }
    let setup: String
    let terminal: TerminalSession
    switch shell {
    case "bash":
      terminal = try TerminalSession(shell: "bash --norc --noprofile")
      setup = "source completions/grpcall.bash"
    case "zsh":
      terminal = try TerminalSession(shell: "zsh -f")
      setup =
        "autoload -U compinit && compinit -u && source completions/_grpcall && compdef _grpcall grpcall"
    default:
      terminal = try TerminalSession(shell: "fish --no-config")
      setup = "source completions/grpcall.fish"
    }
    defer { terminal.close() }
    let exports =
      shell == "fish"
      ? "set -x PATH \(Self.path.split(separator: ":").joined(separator: " ")); set -x XDG_CACHE_HOME \(GRPCallBinary.cacheHome); "
      : Self.environment
    try terminal.send(
      "cd '\(OracleProtoc.repositoryRoot.path)'; \(exports)\(setup); clear",
      "Enter"
    )
    Thread.sleep(forTimeInterval: 0.5)
    for address in [ipv4.address, "[::1]:\(ipv6.port)", "unix:\(socket)"] {
      try terminal.send("C-u", "grpcall -plaintext \(address) users.UserService/Get", "Tab")
      let deadline = Date().addingTimeInterval(15)
      var screen = ""
      while Date() < deadline {
        screen = try terminal.screen()
        if screen.contains("users.UserService/GetUser") { break }
        Thread.sleep(forTimeInterval: 0.1)
      }
      try terminal.send("C-c")
      #expect(screen.contains("users.UserService/GetUser"), "\(shell) after \(address):\n\(screen)")
      try terminal.send("clear", "Enter")
      Thread.sleep(forTimeInterval: 0.3)
    }
  }

  /// A server that accepts and never answers: completion gives up quickly and prints nothing.
  @Test func completionNeverHangsTheShell() throws {
    let server = try SampleServer.fault("silent")
    let start = Date()
    let candidates = try Self.bash("grpcall -plaintext \(server.address) users.")
    #expect(candidates.isEmpty, "\(candidates)")
    #expect(Date().timeIntervalSince(start) < 8)
    let direct = try GRPCallBinary.run(
      [
        "---completion", "call", "--", "positional@0", "3", "0", "grpcall", "-plaintext",
        server.address, "",
      ]
    )
    // The verbs need no server; nothing else is offered and nothing is said.
    #expect(direct.stdout == "list\ndescribe\nhealth\n", "\(direct)")
    #expect(direct.stderr.isEmpty, "\(direct)")
  }
}
