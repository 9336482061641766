import SwiftProtobuf
import Testing

@testable import ProtoSchema

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The one-pass encoder against swift-protobuf's own on the kinds it writes, and its refusal of
/// the kinds it leaves to the library.
@Suite struct SinglePassEncoderTests {
  static func expectLibraryBytes<M: SwiftProtobuf.Message>(_ message: M) throws {
    let expected: [UInt8] = try message.serializedBytes()
    #expect(SinglePassEncoder.encode(message) == expected, "\(message)")
  }

  @Test func scalarsAndNestingMatchTheLibrary() throws {
    try Self.expectLibraryBytes(Google_Protobuf_FloatValue.with { $0.value = -1.5e-7 })
    try Self.expectLibraryBytes(Google_Protobuf_DoubleValue.with { $0.value = .infinity })
    try Self.expectLibraryBytes(Google_Protobuf_Int32Value.with { $0.value = -7 })
    try Self.expectLibraryBytes(Google_Protobuf_Int64Value.with { $0.value = .min })
    try Self.expectLibraryBytes(Google_Protobuf_UInt32Value.with { $0.value = .max })
    try Self.expectLibraryBytes(Google_Protobuf_UInt64Value.with { $0.value = .max })
    try Self.expectLibraryBytes(Google_Protobuf_BoolValue.with { $0.value = true })
    try Self.expectLibraryBytes(Google_Protobuf_BytesValue.with { $0.value = Data([0, 1, 255]) })
    try Self.expectLibraryBytes(Google_Protobuf_StringValue.with { $0.value = "grüße\n" })
    var option = Google_Protobuf_UninterpretedOption()
    option.name = [
      .with {
        $0.namePart = "a"
        $0.isExtension = true
      }
    ]
    option.negativeIntValue = -3
    option.doubleValue = 0.25
    option.stringValue = Data(repeating: 7, count: 20_000)  // a three-byte length
    var field = Google_Protobuf_FieldDescriptorProto()
    field.name = String(repeating: "f", count: 200)  // a two-byte length
    field.type = .sint64
    field.label = .repeated
    field.options.packed = true
    field.options.uninterpretedOption = [option, Google_Protobuf_UninterpretedOption()]
    try Self.expectLibraryBytes(field)
    var type = Google_Protobuf_Type()
    type.name = "t"
    type.fields = [
      .with {
        $0.kind = .typeSfixed64
        $0.number = -1
      }
    ]
    type.syntax = .proto3
    try Self.expectLibraryBytes(type)
  }

  @Test func kindsLeftToTheLibraryAreRefused() {
    var structure = Google_Protobuf_Struct()
    structure.fields["k"] = Google_Protobuf_Value(numberValue: 1)
    #expect(SinglePassEncoder.encode(structure) == nil)
  }
}
