import Foundation
import ProtoSchema
import SwiftProtobuf
import Testing

/// Descriptors from protosets and reflection are checked like compiled ones before they reach
/// the pool (a broken oneof link or map entry trapped later), and loading them never recurses
/// once per import.
@Suite struct DescriptorValidationTests {
  /// `package p; message O { string a = 1; }` and a service using it.
  func base() -> Google_Protobuf_FileDescriptorProto {
    var file = Google_Protobuf_FileDescriptorProto()
    file.name = "p.proto"
    file.package = "p"
    file.syntax = "proto3"
    var message = Google_Protobuf_DescriptorProto()
    message.name = "O"
    var field = Google_Protobuf_FieldDescriptorProto()
    field.name = "a"
    field.number = 1
    field.type = .string
    field.label = .optional
    message.field = [field]
    file.messageType = [message]
    return file
  }

  func problem(_ edit: (inout Google_Protobuf_DescriptorProto) -> Void) -> String? {
    var file = base()
    edit(&file.messageType[0])
    do {
      _ = try DescriptorPool(files: [file])
      return nil
    } catch {
      return error.description
    }
  }

  @Test func theBaseIsValid() {
    let none = problem { (_: inout Google_Protobuf_DescriptorProto) in }
    #expect(none == nil)
  }

  @Test func brokenLinksAreErrors() {
    let oneof = problem { (message: inout Google_Protobuf_DescriptorProto) in
      message.field[0].oneofIndex = 5
    }
    #expect(oneof == "p.proto: invalid descriptor: could not link field p.O.a to one-of index 5")
    let negativeOneof = problem { (message: inout Google_Protobuf_DescriptorProto) in
      message.field[0].oneofIndex = -1
    }
    #expect(negativeOneof?.contains("one-of index -1") == true)
    for number: Int32 in [0, -7, 536_870_912] {
      let found = problem { (message: inout Google_Protobuf_DescriptorProto) in
        message.field[0].number = number
      }
      #expect(found?.contains("number \(number)") == true, "\(number)")
    }
    let implementation = problem { (message: inout Google_Protobuf_DescriptorProto) in
      message.field[0].number = 19_000
    }
    #expect(implementation?.contains("reserved for the protobuf") == true)
    let reserved = problem { (message: inout Google_Protobuf_DescriptorProto) in
      var range = Google_Protobuf_DescriptorProto.ReservedRange()
      range.start = 1
      range.end = 5
      message.reservedRange = [range]
    }
    #expect(reserved?.contains("reserved number 1") == true)
    let sameNumber = problem { (message: inout Google_Protobuf_DescriptorProto) in
      var twin = message.field[0]
      twin.name = "b"
      message.field.append(twin)
    }
    #expect(sameNumber?.contains("already used by p.O.a") == true)
    let sameName = problem { (message: inout Google_Protobuf_DescriptorProto) in
      var twin = message.field[0]
      twin.number = 2
      message.field.append(twin)
    }
    #expect(sameName?.contains("defined twice") == true)
  }

  @Test func mapEntriesNeedAKeyAndAValue() {
    func withEntry(
      _ fields: [(String, Int32, Google_Protobuf_FieldDescriptorProto.TypeEnum)]
    )
      -> String?
    {
      problem { message in
        var entry = Google_Protobuf_DescriptorProto()
        entry.name = "XEntry"
        entry.options.mapEntry = true
        entry.field = fields.map { name, number, type in
          var field = Google_Protobuf_FieldDescriptorProto()
          field.name = name
          field.number = number
          field.type = type
          field.label = .optional
          return field
        }
        message.nestedType = [entry]
      }
    }
    let empty = withEntry([])
    #expect(empty?.contains("map entry p.O.XEntry") == true)
    let keyOnly = withEntry([("key", 1, .string)])
    #expect(keyOnly?.contains("map entry p.O.XEntry") == true)
    let doubleKey = withEntry([("key", 1, .double), ("value", 2, .string)])
    #expect(doubleKey?.contains("key") == true)
    let valid = withEntry([("key", 1, .string), ("value", 2, .string)])
    #expect(valid == nil)
  }

  @Test func enumsNeedAValue() {
    var file = base()
    var empty = Google_Protobuf_EnumDescriptorProto()
    empty.name = "E"
    file.enumType = [empty]
    #expect(throws: SchemaError.self) { try DescriptorPool(files: [file]) }
  }

  /// 20 000 files, each importing the next, in reverse order: sorted without recursion.
  @Test func longImportChainsSortWithoutRecursion() throws {
    let count = 20_000
    let files = (0 ..< count).reversed().map { index in
      var file = Google_Protobuf_FileDescriptorProto()
      file.name = "f\(index).proto"
      file.package = "p\(index)"
      if index > 0 { file.dependency = ["f\(index - 1).proto"] }
      return file
    }
    let pool = try DescriptorPool(files: files)
    #expect(pool.files.map(\.name) == (0 ..< count).map { "f\($0).proto" })
    var cyclic = files
    cyclic[cyclic.count - 1].dependency = ["f\(count - 1).proto"]
    #expect(throws: SchemaError.self) { try DescriptorPool(files: cyclic) }
  }

  /// 3 000 .proto files, each importing the next: compiled without recursion per import.
  @Test func longImportChainsCompile() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("grpcall-chain-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let count = 3000
    for index in 0 ..< count {
      let imports = index == 0 ? "" : "import \"f\(index - 1).proto\";\n"
      try "syntax = \"proto3\";\npackage p\(index);\n\(imports)message M\(index) {}\n".write(
        to: directory.appendingPathComponent("f\(index).proto"),
        atomically: false,
        encoding: .utf8
      )
    }
    let files = try ProtoCompiler.compile(
      files: ["f\(count - 1).proto"],
      importPaths: [directory.path]
    )
    #expect(files.count == count)
    #expect(files.first?.name == "f0.proto")
  }
}
