import Foundation
import TestSupport
import Testing

/// `grpcall convert` treats a message as protobuf runtimes do after parsing (cases found by the
/// conformance suite, on its own test messages): the last oneof member and the last value win,
/// defaults of implicit-presence fields leave no bytes, binary output is re-encoded canonically.
@Suite struct CanonicalConvertTests {
  let schema = [
    "-import-path", "Tests/Conformance", "-proto", "test_messages_proto3.proto", "--type",
    "protobuf_test_messages.proto3.TestAllTypesProto3",
  ]

  func convert(
    _ arguments: [String],
    input: String? = nil,
    bytes: [UInt8]? = nil
  ) throws
    -> GRPCallBinary.Result
  {
    try GRPCallBinary.run(["convert"] + schema + arguments, input: input, inputBytes: bytes)
  }

  /// oneof_uint32 = 111 (field 111), then oneof_bool = true (field 115): only the bool remains.
  @Test func lastOneofMemberWinsInJSON() throws {
    let bytes: [UInt8] = [0xF8, 0x06, 0x00, 0x98, 0x07, 0x01]
    let result = try convert(["--from", "binary", "--to", "json", "--compact"], bytes: bytes)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == #"{"oneofBool":true}"# + "\n")
  }

  @Test func implicitDefaultsLeaveNoBytes() throws {
    let result = try convert(
      ["--from", "json", "--to", "binary"],
      input: #"{"FieldName13": 0, "optionalString": "", "optionalNullValue": null}"#
    )
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdoutBytes.isEmpty, "\(result.stdoutBytes)")
  }

  @Test func nullValueFieldRoundTripsToEmpty() throws {
    let binary = try convert(
      ["--from", "json", "--to", "binary"],
      input: #"{"optionalNullValue": null}"#
    )
    let json = try convert(
      ["--from", "binary", "--to", "json", "--compact"],
      bytes: binary.stdoutBytes
    )
    #expect(json.stdout == "{}\n")
  }

  @Test func binaryToBinaryIsCanonical() throws {
    // optional_int32 = 1 as a 10-byte varint, then 2 (last wins); repeated_int32 [3, 4] unpacked
    // (proto3 packs it); oneof_uint32 then oneof_string; optional_bool = false (default); an
    // unknown field 9999 kept at the end.
    let input: [UInt8] =
      [0x08, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x08, 0x02]
      + [0xF8, 0x01, 0x03, 0xF8, 0x01, 0x04]
      + [0xF8, 0x06, 0x05, 0x92, 0x07, 0x01, 0x61]
      + [0x68, 0x00]
      + [0xF8, 0xE0, 0x04, 0x07]
    let result = try convert(["--from", "binary", "--to", "binary"], bytes: input)
    #expect(result.status == 0, "\(result.stderr)")
    let expected: [UInt8] =
      [0x08, 0x02]
      + [0xFA, 0x01, 0x02, 0x03, 0x04]
      + [0x92, 0x07, 0x01, 0x61]
      + [0xF8, 0xE0, 0x04, 0x07]
    #expect(result.stdoutBytes == expected)
  }
}
