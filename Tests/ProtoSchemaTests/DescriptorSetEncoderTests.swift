import SwiftProtobuf
import Testing

@testable import ProtoSchema

/// Protosets written in one pass must be exactly swift-protobuf's bytes.
@Suite struct DescriptorSetEncoderTests {
  @Test func compiledFilesWithSourceInfoMatchTheLibrary() throws {
    let (pool, _, _) = try ProtoCompiler.compileIntoPool(
      files: CompiledPoolTests.fixtures + ["google/protobuf/descriptor.proto"],
      importPaths: [DifferentialTests.root + "/Tests/ProtoSchemaTests/Fixtures"],
      includeSourceInfo: true
    )
    let set = pool.fileSet(including: pool.files.map(\.name))
    #expect(set.file.count > 5)
    let allHaveSourceInfo = set.file.allSatisfy { $0.hasSourceCodeInfo }
    #expect(allHaveSourceInfo)
    let expected: [UInt8] = try set.serializedBytes()
    let ours = try DescriptorSetEncoder.serialize(set)
    #expect(ours == expected)
  }

  @Test func edgeCasesMatchTheLibrary() throws {
    var location = Google_Protobuf_SourceCodeInfo.Location()
    location.path = [4, 0, 2, -1, 300]
    location.span = [1, 2, 70_000]
    location.leadingComments = ""
    location.leadingDetachedComments = ["a", "", "ü\n"]
    var bare = Google_Protobuf_SourceCodeInfo.Location()
    bare.trailingComments = " t "
    var file = Google_Protobuf_FileDescriptorProto()
    file.name = "x.proto"
    file.dependency = ["y.proto"]
    file.publicDependency = [0]
    file.syntax = "proto3"
    file.sourceCodeInfo.location = [location, bare, Google_Protobuf_SourceCodeInfo.Location()]
    var noFieldsAfter = file
    noFieldsAfter.clearSyntax()
    noFieldsAfter.publicDependency = []
    var unknown = file
    // path [1], then field 7 — not in the message — kept as an unknown field.
    unknown.sourceCodeInfo.location[0] = try Google_Protobuf_SourceCodeInfo.Location(
      serializedBytes: [0x08, 0x01, 0x38, 0x01] as [UInt8]
    )
    #expect(!unknown.sourceCodeInfo.location[0].unknownFields.data.isEmpty)
    var noInfo = file
    noInfo.clearSourceCodeInfo()
    for candidate in [file, noFieldsAfter, unknown, noInfo] {
      var set = Google_Protobuf_FileDescriptorSet()
      set.file = [candidate, candidate]
      let expected: [UInt8] = try set.serializedBytes()
      let ours = try DescriptorSetEncoder.serialize(set)
      #expect(ours == expected)
    }
  }
}
