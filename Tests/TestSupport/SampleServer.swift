import Foundation

/// The grpcio sample server (samples/user-service/server.py), started on 127.0.0.1 port 0 for one
/// test and stopped with it: it exits when its stdin closes, which also happens if the test
/// process dies.
public final class SampleServer: @unchecked Sendable {
  /// The port the server bound.
  public let port: Int
  private let process: Process
  private let stdin: Pipe

  /// `127.0.0.1:PORT`.
  public var address: String { "127.0.0.1:\(port)" }

  /// Starts a server; `arguments` are passed on (e.g. `["--token", "t"]`).
  public convenience init(arguments: [String] = []) throws {
    try self.init(
      script: "samples/user-service/server.py",
      arguments: ["--port", "0", "--quiet", "--exit-after", "600"] + arguments
    )
  }

  /// A misbehaving server (Tests/FaultServer/fault_server.py) in one of its fault modes.
  public static func fault(_ mode: String, arguments: [String] = []) throws -> SampleServer {
    try SampleServer(
      script: "Tests/FaultServer/fault_server.py",
      arguments: ["--mode", mode] + arguments
    )
  }

  /// Starts a Python server script (relative to the repository) that prints
  /// `listening on HOST:PORT` and stops when its stdin closes.
  init(script: String, arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: OracleProtoc.python)
    let script = OracleProtoc.repositoryRoot.appendingPathComponent(script).path
    process.arguments = [script] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["GRPCALL_SAMPLE_STOP_ON_EOF"] = "1"
    environment["PYTHONUNBUFFERED"] = "1"
    process.environment = environment
    let stdout = Pipe()
    let stdin = Pipe()
    process.standardOutput = stdout
    process.standardInput = stdin
    process.standardError = FileHandle.nullDevice
    try process.run()
    self.process = process
    self.stdin = stdin
    let line = Self.readLine(stdout.fileHandleForReading)
    if arguments.contains("--unix"), line.hasPrefix("listening on ") {
      self.port = 0
      return
    }
    guard let portText = line.split(separator: ":").last, let port = Int(portText) else {
      process.terminate()
      throw OracleProtoc.Failure(description: "sample server did not start (printed \"\(line)\")")
    }
    self.port = port
  }

  private static func readLine(_ handle: FileHandle) -> String {
    var bytes: [UInt8] = []
    while true {
      let chunk = handle.readData(ofLength: 1)
      guard let byte = chunk.first, byte != 0x0A else { break }
      bytes.append(byte)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private let stopped = NSLock()
  private var isStopped = false

  /// Stops the server (closing its stdin, then killing it, so it never outlives the test).
  public func stop() {
    stopped.lock()
    defer { stopped.unlock() }
    guard !isStopped else { return }
    isStopped = true
    try? stdin.fileHandleForWriting.close()
    kill(process.processIdentifier, SIGKILL)
  }

  deinit { stop() }
}

/// Runs the built `grpcall` binary and captures what it prints.
public enum GRPCallBinary {
  /// The result of one run.
  public struct Result: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// Standard output as raw bytes (binary output).
    public var stdoutBytes: [UInt8] = []

    /// A result from parts.
    public init(status: Int32, stdout: String, stderr: String, stdoutBytes: [UInt8] = []) {
      self.status = status
      self.stdout = stdout
      self.stderr = stderr
      self.stdoutBytes = stdoutBytes
    }
  }

  /// The binary built next to the tests (`.build/<config>/grpcall`).
  public static var path: String {
    if let configured = ProcessInfo.processInfo.environment["GRPCALL_BINARY"] { return configured }
    let candidates = [Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL]
      .map { $0.appendingPathComponent("grpcall").path }
    let testBundleDirectory = Bundle.allBundles.map {
      $0.bundleURL.deletingLastPathComponent().appendingPathComponent("grpcall").path
    }
    for candidate in candidates + testBundleDirectory
    where FileManager.default.isExecutableFile(atPath: candidate) {
      return candidate
    }
    return OracleProtoc.repositoryRoot.appendingPathComponent(".build/debug/grpcall").path
  }

  /// `XDG_CACHE_HOME` of every run: one fresh directory per test process.
  public static let cacheHome = FileManager.default.temporaryDirectory
    .appendingPathComponent("grpcall-test-cache-\(UUID().uuidString)").path

  /// Runs grpcall with `arguments` (and `input` on stdin), from the repository root. With
  /// `keepInputOpen`, stdin stays open that many seconds after the input (an interactive session).
  public static func run(
    _ arguments: [String],
    input: String? = nil,
    inputBytes: [UInt8]? = nil,
    keepInputOpen: Double = 0,
    environment: [String: String] = [:]
  ) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    // The -proto schema cache of test runs stays out of the user's home.
    process.environment = ProcessInfo.processInfo.environment
      .merging(["XDG_CACHE_HOME": cacheHome]) { $1 }
      .merging(environment) { $1 }
    process.currentDirectoryURL = OracleProtoc.repositoryRoot
    let out = Pipe()
    let err = Pipe()
    let stdin = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    if let inputBytes { stdin.fileHandleForWriting.write(Data(inputBytes)) }
    if keepInputOpen > 0 { Thread.sleep(forTimeInterval: keepInputOpen) }
    try stdin.fileHandleForWriting.close()
    let errData = ReadInBackground(err.fileHandleForReading)
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus,
      stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData.wait(), as: UTF8.self),
      stdoutBytes: Array(outData)
    )
  }
}

/// A grpcall still running, whose output can be watched as it arrives (to know when a stream is
/// live before producing events for it).
public final class RunningGRPCall: @unchecked Sendable {
  private let process: Process
  private let stdin: Pipe
  private let lock = NSCondition()
  private var output = Data()
  private var outputClosed = false
  private let errors: ReadInBackground

  /// Starts grpcall with `arguments`; its stdin stays open until `finish()`.
  public init(_ arguments: [String]) throws {
    process = Process()
    process.executableURL = URL(fileURLWithPath: GRPCallBinary.path)
    process.arguments = arguments
    process.currentDirectoryURL = OracleProtoc.repositoryRoot
    let out = Pipe()
    let err = Pipe()
    stdin = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin
    try process.run()
    errors = ReadInBackground(err.fileHandleForReading)
    let handle = out.fileHandleForReading
    Thread { [self] in
      while true {
        let chunk = handle.availableData
        lock.lock()
        if chunk.isEmpty { outputClosed = true } else { output += chunk }
        lock.broadcast()
        lock.unlock()
        if chunk.isEmpty { return }
      }
    }.start()
  }

  /// Waits until stdout contains `text`; returns whether it did within `timeout` seconds.
  public func waitForOutput(containing text: String, timeout: Double = 20) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    lock.lock()
    defer { lock.unlock() }
    while !String(decoding: output, as: UTF8.self).contains(text) {
      if outputClosed || !lock.wait(until: deadline) { return false }
    }
    return true
  }

  /// Stops grpcall (SIGTERM) and waits for it.
  public func terminate() {
    process.terminate()
    process.waitUntilExit()
  }

  /// Writes to grpcall's stdin.
  public func send(_ text: String) {
    stdin.fileHandleForWriting.write(Data(text.utf8))
  }

  /// Closes stdin, waits for grpcall to exit and returns what it printed.
  public func finish() throws -> GRPCallBinary.Result {
    try? stdin.fileHandleForWriting.close()
    process.waitUntilExit()
    _ = waitForOutput(containing: "\u{0}", timeout: 5)
    lock.lock()
    defer { lock.unlock() }
    return GRPCallBinary.Result(
      status: process.terminationStatus,
      stdout: String(decoding: output, as: UTF8.self),
      stderr: String(decoding: errors.wait(), as: UTF8.self)
    )
  }
}

/// Drains a pipe on another thread so a full stderr pipe never blocks the child.
final class ReadInBackground: @unchecked Sendable {
  private var data = Data()
  private let done = DispatchSemaphore(value: 0)

  init(_ handle: FileHandle) {
    Thread {
      self.data = handle.readDataToEndOfFile()
      self.done.signal()
    }.start()
  }

  func wait() -> Data {
    done.wait()
    return data
  }
}
