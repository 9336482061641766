import GRPCallCore
import GRPCallScenario
import ProtoCodec
import ProtoSchema
import SwiftProtobuf

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Fuzz targets for the parts that read untrusted bytes: the `.proto` compiler, JSON → binary,
/// binary → JSON, text format both ways, protoset loading (and what reads a loaded pool:
/// `describe`, `-proto-out-dir`, the codec on every type) and scenario files (YAML, templates,
/// assertions, the linear regex engine). The target is chosen by `GRPCALL_FUZZ_TARGET` (proto,
/// json, binary, text, protoset, scenario).
///
/// Built with `-sanitize=fuzzer,address -DFUZZING` (scripts/fuzz), libFuzzer drives
/// `LLVMFuzzerTestOneInput`. Built normally, it is a replayer: every file named on the command
/// line (or in a directory named there) is fed to the target once — how CI replays the corpus.
enum FuzzTargets {
  /// The test messages of the conformance suite: every field kind, proto2 and proto3.
  static let pool: DescriptorPool = {
    let directory =
      ProcessInfo.processInfo.environment["GRPCALL_FUZZ_SCHEMA"] ?? "Tests/Conformance"
    guard
      let files = try? ProtoCompiler.compile(
        files: ["test_messages_proto3.proto", "test_messages_proto2.proto"],
        importPaths: [directory]
      ),
      let pool = try? DescriptorPool(files: files)
    else { fatalError("cannot compile the fuzz schema in \(directory) (run from the repository)") }
    return pool
  }()

  static let types = [
    "protobuf_test_messages.proto3.TestAllTypesProto3",
    "protobuf_test_messages.proto2.TestAllTypesProto2",
  ]
  .compactMap { pool.message(named: $0) }

  static let target = ProcessInfo.processInfo.environment["GRPCALL_FUZZ_TARGET"] ?? "proto"

  /// Runs one input through the chosen target. Errors are expected; crashes, traps and hangs are
  /// the findings.
  static func run(_ bytes: [UInt8]) {
    switch target {
    case "proto": compile(bytes)
    case "json":
      for type in types { _ = try? JSONToBinary(pool: pool).encode(bytes, as: type) }
    case "binary":
      for type in types {
        _ = try? BinaryToJSON(pool: pool).json(bytes, as: type)
        checkCanonicalShortcut(bytes, type)
      }
    case "text":
      for type in types {
        _ = try? TextToBinary(pool: pool).encode(bytes, as: type)
        _ = try? BinaryToText(pool: pool).text(bytes, as: type)
      }
    case "protoset":
      if let set = try? Google_Protobuf_FileDescriptorSet(serializedBytes: bytes),
        let loaded = try? DescriptorPool(files: set.file)
      {
        usePool(loaded)
      }
    case "scenario":
      scenario(bytes)
    default: fatalError("unknown GRPCALL_FUZZ_TARGET \(target)")
    }
  }

  /// The canonicalizer skips re-encoding what it judges canonical: that judgement must never
  /// differ from re-encoding (a finding if it does).
  static func checkCanonicalShortcut(_ bytes: [UInt8], _ type: MessageDescriptor) {
    let canonicalizer = BinaryCanonicalizer(pool: pool)
    guard canonicalizer.isCanonical(bytes, as: type) else { return }
    guard (try? canonicalizer.reencoded(bytes, as: type)) == bytes else {
      fatalError("judged canonical, but re-encoding changes it")
    }
  }

  /// Everything a loaded pool is read by: a pool that loaded must never trap later (a oneof
  /// index or a map entry that does not exist did).
  static func usePool(_ loaded: DescriptorPool) {
    let describer = SchemaDescriber(pool: loaded)
    _ = try? describer.describeAllServices()
    let exporter = ProtoSourceExporter(pool: loaded)
    for file in loaded.files { _ = exporter.source(of: file) }
    for name in loaded.messageNames.prefix(50) {
      _ = try? describer.describe(name)
      guard let type = loaded.message(named: name) else { continue }
      _ = type.mapKeyValue
      _ = try? JSONToBinary(pool: loaded).encode(Array("{}".utf8), as: type)
      _ = try? BinaryToJSON(pool: loaded).json([], as: type)
      _ = try? BinaryToText(pool: loaded).text([], as: type)
    }
  }

  /// A scenario file: parsed (YAML, keys, values, templates, assertions, regexes) and its
  /// references checked; its first line is also tried as a regex against the rest.
  static func scenario(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    if let parsed = try? ScenarioParser(file: "fuzz.yaml").parse(text) {
      _ = try? ReferenceCheck.check(parsed, known: [])
    }
    let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    if let regex = try? LinearRegex(String(lines[0])) {
      _ = regex.matches(in: lines.count > 1 ? String(lines[1]) : "")
    }
  }

  /// Compiles the input as `fuzz.proto` (it may import the built-in files).
  static func compile(_ bytes: [UInt8]) {
    let directory = "/tmp/grpcall-fuzz-\(ProcessInfo.processInfo.processIdentifier)"
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: directory + "/fuzz.proto", contents: Data(bytes))
    _ = try? ProtoCompiler.compile(files: ["fuzz.proto"], importPaths: [directory])
  }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  FuzzTargets.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
  return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable target's entry point under this name; it hands over to
/// libFuzzer's driver.
@_cdecl("grpcall_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  var count = argc
  var arguments = argv
  return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
#else
@main
enum Replay {
  static func main() {
    var inputs: [String] = []
    for argument in CommandLine.arguments.dropFirst() {
      if let names = try? FileManager.default.contentsOfDirectory(atPath: argument) {
        inputs += names.sorted().map { argument + "/" + $0 }
      } else {
        inputs.append(argument)
      }
    }
    for path in inputs {
      guard let data = FileManager.default.contents(atPath: path) else { continue }
      FuzzTargets.run([UInt8](data))
    }
    print("replayed \(inputs.count) inputs through \(FuzzTargets.target)")
  }
}
#endif
