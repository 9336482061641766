import Foundation
import SwiftProtobuf

/// Runs a real protoc (the oracle, from PyPI grpcio-tools) and returns the descriptor set it writes.
public enum OracleProtoc {
  public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The Python interpreter of the project's venv (or `GRPCALL_PYTHON`).
  public static var python: String {
    if let configured = ProcessInfo.processInfo.environment["GRPCALL_PYTHON"] { return configured }
    return repositoryRoot.appendingPathComponent(".venv/bin/python").path
  }

  public struct Failure: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
  }

  /// `protoc --include_imports [--include_source_info] --descriptor_set_out` via grpcio-tools.
  public static func descriptorSet(
    files: [String],
    importPaths: [String],
    includeSourceInfo: Bool = false
  ) throws -> Google_Protobuf_FileDescriptorSet {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "oracle-\(UUID().uuidString).pb"
    )
    defer { try? FileManager.default.removeItem(at: out) }
    let include = try grpcToolsInclude()
    var arguments = [
      "-m", "grpc_tools.protoc", "--include_imports", "--descriptor_set_out=\(out.path)",
    ]
    if includeSourceInfo { arguments.append("--include_source_info") }
    arguments += importPaths.map { "-I\($0)" } + ["-I\(include)"] + files
    let (status, output) = try run(python, arguments)
    guard status == 0 else { throw Failure(description: "protoc failed: \(output)") }
    return try Google_Protobuf_FileDescriptorSet(serializedBytes: try Data(contentsOf: out))
  }

  /// Debian's protoc (`protobuf-compiler`, 3.21), the second opinion for proto2/proto3 files.
  public static let debianProtoc = "/usr/bin/protoc"

  /// `protoc --include_imports --include_source_info --descriptor_set_out` with Debian's protoc,
  /// which brings its own copies of the well-known types.
  public static func debianDescriptorSet(
    files: [String],
    importPaths: [String]
  ) throws -> Google_Protobuf_FileDescriptorSet {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "debian-oracle-\(UUID().uuidString).pb"
    )
    defer { try? FileManager.default.removeItem(at: out) }
    let arguments =
      ["--include_imports", "--include_source_info", "--descriptor_set_out=\(out.path)"]
      + importPaths.map { "-I\($0)" } + ["-I/usr/include"] + files
    let (status, output) = try run(debianProtoc, arguments)
    guard status == 0 else { throw Failure(description: "protoc 3.21 failed: \(output)") }
    return try Google_Protobuf_FileDescriptorSet(serializedBytes: try Data(contentsOf: out))
  }

  /// Whether protoc accepts the files; returns its error output when it does not.
  public static func errors(files: [String], importPaths: [String]) throws -> String? {
    let include = try grpcToolsInclude()
    let (status, output) = try run(
      python,
      ["-m", "grpc_tools.protoc", "-o/dev/null"] + importPaths.map { "-I\($0)" } + ["-I\(include)"]
        + files
    )
    return status == 0 ? nil : output
  }

  public static func grpcToolsInclude() throws -> String {
    let (status, output) = try run(
      python,
      [
        "-c",
        "import grpc_tools, os; print(os.path.join(os.path.dirname(grpc_tools.__file__), '_proto'))",
      ]
    )
    guard status == 0 else {
      throw Failure(description: "grpc_tools is not installed for \(python): \(output)")
    }
    return output.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  public static func run(
    _ executable: String,
    _ arguments: [String],
    input: [UInt8]? = nil
  ) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = repositoryRoot
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    let stdin = Pipe()
    if input != nil { process.standardInput = stdin }
    try process.run()
    if let input {
      // Write from another thread: the child may fill its stdout before it has read all input.
      let writer = stdin.fileHandleForWriting
      Thread {
        writer.write(Data(input))
        try? writer.close()
      }.start()
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}
