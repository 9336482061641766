import Foundation
import ProtoCodec
import ProtoSchema
import TestSupport
import Testing

/// Text format against upb (Python `text_format`) and protoc's `--decode`.
@Suite struct TextFormatDifferentialTests {
  static let caseCount = 500

  /// upb's text parses into the same message through grpcall, and grpcall's text parses into
  /// the same message through upb.
  @Test(arguments: CodecDifferentialTests.corpora)
  func randomMessagesRoundTripThroughText(file: String, typeName: String) throws {
    let oracle = try CodecOracle(typeName: typeName, file: file)
    let type = try #require(oracle.pool.message(named: typeName))
    let toText = BinaryToText(pool: oracle.pool)
    let fromText = TextToBinary(pool: oracle.pool)
    let cases = try oracle.generate(count: Self.caseCount, seed: 42)
    var ourTexts: [String] = []
    var fromUpbText: [[UInt8]] = []
    for item in cases {
      ourTexts.append(try toText.text(item.binary, as: type))
      fromUpbText.append(try fromText.encode(Array(item.text.utf8), as: type))
    }
    let parsedByUpb = try oracle.parse(text: ourTexts)
    for (index, item) in cases.enumerated() where parsedByUpb[index] != item.binary {
      Issue.record("case \(index): upb reads grpcall's text differently:\n\(ourTexts[index])")
    }
    let canonical = try oracle.canonical(fromUpbText)
    for (index, item) in cases.enumerated() where canonical[index] != item.binary {
      Issue.record("case \(index): grpcall reads upb's text differently:\n\(item.text)")
    }
  }

  /// Without `Any` expansion, the text is byte for byte what `protoc --decode` prints.
  @Test(arguments: CodecDifferentialTests.corpora)
  func textIsWhatProtocDecodePrints(file: String, typeName: String) throws {
    let oracle = try CodecOracle(typeName: typeName, file: file)
    let type = try #require(oracle.pool.message(named: typeName))
    let toText = BinaryToText(pool: oracle.pool, options: .init(expandAny: false))
    let include = try OracleProtoc.grpcToolsInclude()
    for item in try oracle.generate(count: 25, seed: 9) {
      let (status, expected) = try OracleProtoc.run(
        OracleProtoc.python,
        [
          "-m", "grpc_tools.protoc", "--decode=\(typeName)", "-I\(CodecOracle.fixtures.path)",
          "-I\(include)", file,
        ],
        input: item.binary
      )
      #expect(status == 0)
      let mine = try toText.text(item.binary, as: type)
      #expect(mine == expected, "protoc --decode printed:\n\(expected)\ngrpcall:\n\(mine)")
    }
  }

  /// Inputs upb rejects must be rejected; inputs it accepts must give the same message.
  @Test func acceptsAndRejectsWhatUpbDoes() throws {
    let oracle = try CodecOracle(typeName: "codec.test.AllTypes")
    let type = try #require(oracle.pool.message(named: "codec.test.AllTypes"))
    let fromText = TextToBinary(pool: oracle.pool)
    let accepted = try oracle.compareVerdicts(
      inputs: TextCornerCases.all,
      verdicts: try oracle.parse(text: TextCornerCases.all),
      stricterThanUpb: TextCornerCases.stricterThanPythonProtobuf
    ) { input in try fromText.encode(Array(input.utf8), as: type) }
    #expect(accepted > 10)
    #expect(accepted < TextCornerCases.all.count - 5)
  }
}

/// Text-format inputs around the format's corner cases, for `codec.test.AllTypes`.
enum TextCornerCases {
  /// Inputs Python protobuf accepts but protoc (and grpcall) reject: unknown escapes.
  static let stricterThanPythonProtobuf: Set<String> = ["optional_string: \"\\z\""]

  static let all: [String] = [
    // Accepted spellings.
    "optional_int32: 1",
    "optional_int32: -2147483648",
    "optional_int32: 0x7fffffff",
    "optional_int32: 017",
    "optional_int64: -9223372036854775808",
    "optional_uint64: 18446744073709551615",
    "optional_float: 1.5f",
    "optional_float: inf",
    "optional_double: -Infinity",
    "optional_double: nan",
    "optional_double: 1e10",
    "optional_double: .5",
    "optional_double: 3",
    "optional_bool: true",
    "optional_bool: t",
    "optional_bool: False",
    "optional_bool: 1",
    "optional_string: 'single'",
    "optional_string: \"a\" \"b\" 'c'",
    "optional_string: \"\\n\\t\\\\\\\"\\'\\101\\x41\\u00e9\"",
    "optional_bytes: \"\\377\\000\"",
    "optional_color: GREEN",
    "optional_color: 2",
    "optional_color: 99",
    "optional_nested { a: 1 }",
    "optional_nested: { a: 1 }",
    "optional_nested < a: 1 >",
    "optional_nested { a: 1, label: \"x\"; }",
    "repeated_int32: [1, 2, 3]",
    "repeated_int32: []",
    "repeated_int32: 1 repeated_int32: 2",
    "repeated_nested [{ a: 1 }, { a: 2 }]",
    "repeated_nested: [{ a: 1 }]",
    "map_string_string { key: \"k\" value: \"v\" }",
    "map_int32_int32 [{ key: 1 value: 2 }, { key: 3 value: 4 }]",
    "oneof_uint32: 5",
    "# a comment\noptional_int32: 1 # trailing\n",
    "optional_any { [type.googleapis.com/codec.test.Nested] { a: 7 } }",
    "optional_any { type_url: \"type.googleapis.com/codec.test.Nested\" value: \"\\010\\007\" }",
    "optional_timestamp { seconds: 5 nanos: 6 }",
    "",
    // Rejected.
    "optional_int32: 2147483648",
    "optional_int32: -2147483649",
    "optional_int32: 1.5",
    "optional_uint32: -1",
    "optional_int32: \"1\"",
    "optional_bool: yes",
    "optional_bool: 2",
    "optional_string: abc",
    "optional_string: \"\\z\"",
    "optional_string: \"unterminated",
    "optional_string: \"\\377\"",
    "optional_color: PURPLE",
    "no_such_field: 1",
    "optional_int32 1",
    "optional_int32: 1 optional_int32: 2",
    "optional_nested { a: 1 } optional_nested { a: 2 }",
    "oneof_uint32: 1 oneof_string: \"x\"",
    "optional_nested { a: 1",
    "optional_nested a: 1",
    "optional_int32: [1, 2]",
    "repeated_int32: [1, 2",
    "optional_any { [type.googleapis.com/no.Such] { } }",
    "[codec.test.nope]: 1",
    "optional_nested { [type.googleapis.com/codec.test.Nested] { } }",
    "optional_int32: 1 }",
  ]
}
