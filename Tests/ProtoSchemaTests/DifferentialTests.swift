import Foundation
import ProtoSchema
import SwiftProtobuf
import TestSupport
import Testing

/// grpcall's compiler must produce what protoc produces, message for message, including
/// `source_code_info` (spans, leading, trailing and detached comments), as
/// `protoc --include_imports --include_source_info --descriptor_set_out` writes it.
@Suite struct DifferentialTests {
  static let root = OracleProtoc.repositoryRoot.path

  func compareWithProtoc(files: [String], importPaths: [String]) throws {
    let expected = try OracleProtoc.descriptorSet(
      files: files,
      importPaths: importPaths,
      includeSourceInfo: true
    )
    let actual = try ProtoCompiler.compile(
      files: files,
      importPaths: importPaths.map { $0.hasPrefix("/") ? $0 : Self.root + "/" + $0 },
      includeSourceInfo: true
    )
    #expect(actual.map(\.name) == expected.file.map(\.name))
    for (mine, theirs) in zip(actual, expected.file) {
      #expect(!theirs.sourceCodeInfo.location.isEmpty)
      if mine != theirs {
        Issue.record(
          "\(mine.name) differs from protoc:\n\(TextDiff.firstDifference(theirs.textFormatString(), mine.textFormatString()))"
        )
      } else if let offset = try CorpusComparison.firstByteDifference(mine, theirs) {
        Issue.record("\(mine.name): serialized bytes differ from protoc's at offset \(offset)")
      }
    }
  }

  @Test func sampleUserService() throws {
    try compareWithProtoc(files: ["user_service.proto"], importPaths: ["samples/user-service"])
  }

  @Test func wellKnownTypes() throws {
    let names = [
      "any", "api", "duration", "empty", "field_mask", "source_context", "struct", "timestamp",
      "type", "wrappers", "descriptor",
    ]
    // Compiled from protoc's own copies on disk (the built-in descriptors are not used when an
    // import path has the file), so this checks the compiler, not the embedded data.
    let include = try OracleProtoc.grpcToolsInclude()
    for name in names {
      try compareWithProtoc(files: ["google/protobuf/\(name).proto"], importPaths: [include])
    }
  }

  @Test func languageFeatures() throws {
    try compareWithProtoc(
      files: [
        "features_proto2.proto", "features_proto3.proto", "custom_options.proto",
        "unpacked_options.proto", "unpacked_options_editions.proto",
        "editions_2023.proto",
        "editions_2024.proto", "source_info.proto",
      ],
      importPaths: ["Tests/ProtoSchemaTests/Fixtures"]
    )
  }
}

/// Shows where two text renderings first differ, with a little context.
enum TextDiff {
  static func firstDifference(_ expected: String, _ actual: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let index = (0 ..< min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
    let from = max(0, index - 6)
    let context = a[from ..< index].map { "  \($0)" }
    let expectedLines = a[index ..< min(a.count, index + 4)].map { "- \($0)" }
    let actualLines = b[index ..< min(b.count, index + 4)].map { "+ \($0)" }
    return (context + expectedLines + actualLines).joined(separator: "\n")
  }
}

/// The other built-in files (google/rpc, gRPC health and reflection) and a real corpus.
@Suite struct CorpusDifferentialTests {
  /// The other built-in files compiled from their sources (PyPI googleapis-common-protos, Debian
  /// grpc-proto), as the built-in descriptors were made.
  @Test func builtInGRPCAndRPCProtos() throws {
    let names = WellKnownProtos.fileNames.filter { !$0.hasPrefix("google/protobuf/") }
    #expect(names.count == 6)
    let importPaths = [try GRPCProtoCorpus.googleapisRoot(), GRPCProtoCorpus.root]
    let expected = try OracleProtoc.descriptorSet(
      files: names,
      importPaths: importPaths,
      includeSourceInfo: true
    )
    let actual = try ProtoCompiler.compile(
      files: names,
      importPaths: importPaths,
      includeSourceInfo: true
    )
    try CorpusComparison.expectEqual(actual, expected.file, ignoringCustomOptions: false)
  }

  /// grpc's own protos (Debian grpc-proto): every file must equal protoc 35's.
  @Test func grpcProtos() throws {
    let files = try GRPCProtoCorpus.files()
    let importPaths = [GRPCProtoCorpus.root, try GRPCProtoCorpus.googleapisRoot()]
    let expected = try OracleProtoc.descriptorSet(
      files: files,
      importPaths: importPaths,
      includeSourceInfo: true
    )
    let actual = try ProtoCompiler.compile(
      files: files,
      importPaths: importPaths,
      includeSourceInfo: true
    )
    try CorpusComparison.expectEqual(actual, expected.file, ignoringCustomOptions: false)
  }

  /// googleapis' common protos as shipped on PyPI (googleapis-common-protos): every file must
  /// compile and equal protoc's descriptor, custom options (google.api.http, field_behavior,
  /// resource...) and source info included.
  @Test func googleapisCommonProtos() throws {
    let (_, sitePackages) = try OracleProtoc.run(
      OracleProtoc.python,
      [
        "-c",
        "import google.api.annotations_pb2 as m, os; print(os.path.dirname(os.path.dirname(os.path.dirname(m.__file__))))",
      ]
    )
    let root = sitePackages.trimmingCharacters(in: .whitespacesAndNewlines)
    let enumerator = FileManager.default.enumerator(atPath: root + "/google")
    var files: [String] = []
    while let path = enumerator?.nextObject() as? String {
      if path.hasSuffix(".proto") { files.append("google/" + path) }
    }
    files.sort()
    #expect(files.count >= 60, "googleapis-common-protos has \(files.count) files")
    let expected = try OracleProtoc.descriptorSet(
      files: files,
      importPaths: [root],
      includeSourceInfo: true
    )
    let actual = try ProtoCompiler.compile(
      files: files,
      importPaths: [root],
      includeSourceInfo: true
    )
    try CorpusComparison.expectEqual(actual, expected.file, ignoringCustomOptions: false)
  }
}

/// Debian's protoc 3.21 as a second oracle for proto2 and proto3 files (it predates editions).
@Suite struct SecondOracleTests {
  static let root = OracleProtoc.repositoryRoot.path

  /// The files named on the command line must equal protoc 3.21's, source info included; the
  /// well-known types they import are 3.21's own older copies, so those are not compared.
  /// Intended difference: custom option values are compared through protoc 35 only, because
  /// 3.21 encoded them differently (piecewise message options unmerged, repeated ones unpacked).
  func compareWithDebianProtoc(files: [String], importPaths: [String]) throws {
    let expected = try OracleProtoc.debianDescriptorSet(files: files, importPaths: importPaths)
    let actual = try ProtoCompiler.compile(
      files: files,
      importPaths: importPaths,
      includeSourceInfo: true
    )
    let named = Set(files)
    let theirs = expected.file.filter { named.contains($0.name) }
    #expect(theirs.count == files.count)
    try CorpusComparison.expectEqual(
      actual.filter { named.contains($0.name) },
      theirs,
      ignoringCustomOptions: true
    )
  }

  @Test func fixturesAndSample() throws {
    try compareWithDebianProtoc(
      files: [
        "features_proto2.proto", "features_proto3.proto", "custom_options.proto",
        "unpacked_options.proto",
        "source_info.proto",
      ],
      importPaths: [Self.root + "/Tests/ProtoSchemaTests/Fixtures"]
    )
    try compareWithDebianProtoc(
      files: ["user_service.proto"],
      importPaths: [Self.root + "/samples/user-service"]
    )
  }

  @Test func grpcProtos() throws {
    let files = try GRPCProtoCorpus.files()
    try compareWithDebianProtoc(
      files: files,
      importPaths: [GRPCProtoCorpus.root, try GRPCProtoCorpus.googleapisRoot()]
    )
  }
}

/// grpc's own protos as Debian's `grpc-proto` package ships them.
enum GRPCProtoCorpus {
  static let root = "/usr/share/grpc-proto"

  /// Every file but the meshca config, which needs Envoy's protos.
  static func files() throws -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: root)
    var files: [String] = []
    while let path = enumerator?.nextObject() as? String {
      if path.hasSuffix(".proto"), !path.contains("meshca") { files.append(path) }
    }
    #expect(files.count >= 20, "grpc-proto has \(files.count) files")
    return files.sorted()
  }

  /// googleapis-common-protos' directory in the venv (grpc's protos import google/rpc).
  static func googleapisRoot() throws -> String {
    let (_, sitePackages) = try OracleProtoc.run(
      OracleProtoc.python,
      [
        "-c",
        "import google.api.annotations_pb2 as m, os; print(os.path.dirname(os.path.dirname(os.path.dirname(m.__file__))))",
      ]
    )
    return sitePackages.trimmingCharacters(in: .whitespacesAndNewlines)
  }
}

/// Compares compiled files with protoc's, message for message.
enum CorpusComparison {
  static func expectEqual(
    _ actual: [Google_Protobuf_FileDescriptorProto],
    _ expected: [Google_Protobuf_FileDescriptorProto],
    ignoringCustomOptions: Bool
  ) throws {
    let mine = Dictionary(uniqueKeysWithValues: actual.map { ($0.name, $0) })
    #expect(Set(actual.map(\.name)) == Set(expected.map(\.name)))
    var differing: [String] = []
    for theirs in expected {
      guard var ours = mine[theirs.name] else { continue }
      var theirs = theirs
      if ignoringCustomOptions {
        ours = try stripCustomOptions(ours)
        theirs = try stripCustomOptions(theirs)
      }
      if ours != theirs {
        differing.append(theirs.name)
        if differing.count <= 3 {
          Issue.record(
            "\(theirs.name) differs from protoc:\n\(TextDiff.firstDifference(theirs.textFormatString(), ours.textFormatString()))"
          )
        }
      } else if let offset = try firstByteDifference(ours, theirs) {
        differing.append(theirs.name)
        if differing.count <= 3 {
          Issue.record("\(theirs.name): serialized bytes differ from protoc's at offset \(offset)")
        }
      }
    }
    #expect(
      differing.isEmpty,
      "\(differing.count) of \(expected.count) files differ: \(differing.prefix(10))"
    )
  }

  /// Where two files' serialized bytes first differ (custom option values are kept as raw bytes,
  /// so this sees how each compiler encoded them), or nil when they are equal.
  static func firstByteDifference(
    _ ours: Google_Protobuf_FileDescriptorProto,
    _ theirs: Google_Protobuf_FileDescriptorProto
  ) throws -> Int? {
    let mine: [UInt8] = try ours.serializedBytes()
    let protocs: [UInt8] = try theirs.serializedBytes()
    if mine == protocs { return nil }
    let shared = min(mine.count, protocs.count)
    return (0 ..< shared).first { mine[$0] != protocs[$0] } ?? shared
  }

  /// Removes custom options: uninterpreted ones (grpcall) and extension fields (protoc), by
  /// round-tripping every options message through its known fields only.
  static func stripCustomOptions(
    _ file: Google_Protobuf_FileDescriptorProto
  ) throws -> Google_Protobuf_FileDescriptorProto {
    var visitor = file
    func clean<M: SwiftProtobuf.Message>(_ options: inout M) {
      options.unknownFields = UnknownStorage()
    }
    clean(&visitor.options)
    visitor.options.uninterpretedOption = []
    if visitor.options == Google_Protobuf_FileOptions() { visitor.clearOptions() }
    func cleanMessage(_ message: inout Google_Protobuf_DescriptorProto) {
      clean(&message.options)
      message.options.uninterpretedOption = []
      if message.options == Google_Protobuf_MessageOptions() { message.clearOptions() }
      for i in message.field.indices { cleanField(&message.field[i]) }
      for i in message.extension.indices { cleanField(&message.extension[i]) }
      for i in message.nestedType.indices { cleanMessage(&message.nestedType[i]) }
      for i in message.enumType.indices { cleanEnum(&message.enumType[i]) }
    }
    func cleanField(_ field: inout Google_Protobuf_FieldDescriptorProto) {
      clean(&field.options)
      field.options.uninterpretedOption = []
      if field.options == Google_Protobuf_FieldOptions() { field.clearOptions() }
    }
    func cleanEnum(_ enumType: inout Google_Protobuf_EnumDescriptorProto) {
      clean(&enumType.options)
      enumType.options.uninterpretedOption = []
      if enumType.options == Google_Protobuf_EnumOptions() { enumType.clearOptions() }
      for i in enumType.value.indices {
        clean(&enumType.value[i].options)
        enumType.value[i].options.uninterpretedOption = []
        if enumType.value[i].options == Google_Protobuf_EnumValueOptions() {
          enumType.value[i].clearOptions()
        }
      }
    }
    for i in visitor.messageType.indices { cleanMessage(&visitor.messageType[i]) }
    for i in visitor.enumType.indices { cleanEnum(&visitor.enumType[i]) }
    for i in visitor.extension.indices { cleanField(&visitor.extension[i]) }
    for i in visitor.service.indices {
      clean(&visitor.service[i].options)
      visitor.service[i].options.uninterpretedOption = []
      if visitor.service[i].options == Google_Protobuf_ServiceOptions() {
        visitor.service[i].clearOptions()
      }
      for j in visitor.service[i].method.indices {
        clean(&visitor.service[i].method[j].options)
        visitor.service[i].method[j].options.uninterpretedOption = []
        if visitor.service[i].method[j].options == Google_Protobuf_MethodOptions() {
          visitor.service[i].method[j].clearOptions()
        }
      }
    }
    return visitor
  }
}
