import Foundation
import ProtoCodec
import ProtoSchema
import TestSupport
import Testing

/// grpcall's codec against upb on random messages covering every field kind.
@Suite struct CodecDifferentialTests {
  static let caseCount = 1500

  /// The proto3 `AllTypes` and the proto2 `AllTypesProto2` (closed enums, groups, extensions).
  static let corpora: [(file: String, type: String)] = [
    ("codec_test.proto", "codec.test.AllTypes"),
    ("codec_test_proto2.proto", "codec.test2.AllTypesProto2"),
  ]

  @Test(arguments: corpora)
  func randomMessagesRoundTripLikeUpb(file: String, typeName: String) throws {
    let oracle = try CodecOracle(typeName: typeName, file: file)
    let type = try #require(oracle.pool.message(named: typeName))
    let toJSON = BinaryToJSON(pool: oracle.pool, options: .init(indent: ""))
    let toBinary = JSONToBinary(pool: oracle.pool)
    let cases = try oracle.generate(count: Self.caseCount, seed: 20_261_128)
    #expect(cases.count == Self.caseCount)

    var fromUpbJSON: [[UInt8]] = []
    for (index, item) in cases.enumerated() {
      // binary → JSON must mean what upb's JSON means.
      let mine = try toJSON.json(item.binary, as: type)
      let ours = try JSONSerialization.jsonObject(with: Data(mine.utf8)) as! NSDictionary
      let theirs = try JSONSerialization.jsonObject(with: Data(item.json.utf8)) as! NSDictionary
      if ours != theirs {
        Issue.record("case \(index): binary→JSON differs\nupb:     \(item.json)\ngrpcall: \(mine)")
      }
      // JSON → binary (from upb's JSON), checked below through upb's canonical form.
      fromUpbJSON.append(try toBinary.encode(Array(item.json.utf8), as: type))
    }
    let canonical = try oracle.canonical(fromUpbJSON)
    for (index, item) in cases.enumerated() where canonical[index] != item.binary {
      Issue.record("case \(index): JSON→binary differs from upb for \(item.json)")
    }
  }

  @Test func messagesWithoutMapsEncodeToUpbsExactBytes() throws {
    let oracle = try CodecOracle(typeName: "codec.test.Nested")
    let type = try #require(oracle.pool.message(named: "codec.test.Nested"))
    let toBinary = JSONToBinary(pool: oracle.pool)
    var reordered = 0
    for item in try oracle.generate(count: 300, seed: 7) {
      #expect(try toBinary.encode(Array(item.json.utf8), as: type) == item.binary, "\(item.json)")
      // The same object with its keys sorted by name, not field number, at every level.
      let object = try JSONSerialization.jsonObject(with: Data(item.json.utf8))
      let sorted = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
      if sorted != Data(item.json.utf8) { reordered += 1 }
      #expect(try toBinary.encode(Array(sorted), as: type) == item.binary, "\(item.json)")
    }
    #expect(reordered > 100)
  }

  /// Inputs upb rejects must be rejected; inputs it accepts must give the same message.
  @Test func acceptsAndRejectsWhatUpbDoes() throws {
    let oracle = try CodecOracle(typeName: "codec.test.AllTypes")
    let type = try #require(oracle.pool.message(named: "codec.test.AllTypes"))
    let toBinary = JSONToBinary(pool: oracle.pool)
    let accepted = try oracle.compareVerdicts(
      inputs: JSONCornerCases.all,
      verdicts: try oracle.parse(json: JSONCornerCases.all),
      stricterThanUpb: JSONCornerCases.stricterThanPythonProtobuf
    ) { input in try toBinary.encode(Array(input.utf8), as: type) }
    #expect(accepted > 10)
    #expect(accepted < JSONCornerCases.all.count - 10)
  }
}

/// JSON inputs around the proto3 JSON mapping's corner cases (names follow the conformance suite).
enum JSONCornerCases {
  /// Inputs Python protobuf's json_format accepts although the proto3 JSON spec and the
  /// conformance suite require rejecting them; grpcall follows the spec (intended differences).
  static let stricterThanPythonProtobuf: Set<String> = [
    #"{"optionalInt32": 1, "optional_int32": 2}"#,  // Required.*.FieldNameDuplicateDifferentCasing
    #"{"optionalInt32": "+1"}"#,  // leading '+' is not JSON number syntax
    #"{"optionalBytes": "!!"}"#,  // not base64 at all
    #"{"optionalNested": []}"#,  // a message must be a JSON object
    #"[]"#,  // the top level must be an object
  ]

  static let all: [String] = [
    #"{}"#,
    #"{"optionalInt32": 1}"#, #"{"optional_int32": 1}"#,
    #"{"optionalInt32": 1, "optional_int32": 2}"#,  // FieldNameDuplicate
    #"{"optionalInt32": "12"}"#, #"{"optionalInt32": " 12"}"#, #"{"optionalInt32": "12 "}"#,
    #"{"optionalInt32": 1e2}"#, #"{"optionalInt32": 100.0}"#, #"{"optionalInt32": 0.5}"#,
    #"{"optionalInt32": 2147483648}"#, #"{"optionalInt32": -2147483649}"#,
    #"{"optionalInt32": 01}"#,
    #"{"optionalInt32": "+1"}"#, #"{"optionalInt32": true}"#, #"{"optionalInt32": null}"#,
    #"{"optionalInt64": "9223372036854775807"}"#, #"{"optionalInt64": "9223372036854775808"}"#,
    #"{"optionalInt64": -9223372036854775808}"#, #"{"optionalUint64": "18446744073709551615"}"#,
    #"{"optionalUint64": "-1"}"#, #"{"optionalUint32": 4294967296}"#, #"{"optionalUint64": "1e3"}"#,
    #"{"optionalFloat": "NaN"}"#, #"{"optionalFloat": "Infinity"}"#,
    #"{"optionalDouble": "-Infinity"}"#,
    #"{"optionalFloat": 3.4028235e39}"#, #"{"optionalDouble": "1.5"}"#,
    #"{"optionalDouble": 1e400}"#,
    #"{"optionalFloat": NaN}"#, #"{"optionalBool": true}"#, #"{"optionalBool": "true"}"#,
    #"{"optionalBool": 1}"#,
    #"{"optionalString": "caf\u00e9"}"#, #"{"optionalString": "\ud83d\ude00"}"#,
    #"{"optionalString": "\ud83d"}"#,
    #"{"optionalString": 'x'}"#, #"{"optionalString": "\x"}"#,
    #"{"optionalBytes": "AQID"}"#, #"{"optionalBytes": "AQI"}"#, #"{"optionalBytes": "-_8"}"#,
    #"{"optionalBytes": "!!"}"#,
    #"{"optionalColor": "RED"}"#, #"{"optionalColor": 2}"#, #"{"optionalColor": 7}"#,
    #"{"optionalColor": "PURPLE"}"#,
    #"{"optionalColor": "red"}"#, #"{"optionalColor": RED}"#,
    #"{"optionalNested": {"a": 1, "child": {"label": "x"}}}"#, #"{"optionalNested": []}"#,
    #"{"repeatedInt32": [1, 2, 3]}"#, #"{"repeatedInt32": [1, null]}"#, #"{"repeatedInt32": 1}"#,
    #"{"repeatedString": ["a", "b"],}"#, #"{"repeatedNested": [{"a": 1}, {}]}"#,
    #"{"mapInt32Int32": {"1": 2, "-3": 4}}"#, #"{"mapInt32Int32": {"x": 2}}"#,
    #"{"mapBoolBool": {"true": false}}"#,
    #"{"mapBoolBool": {"TRUE": false}}"#, #"{"mapStringString": {"a": null}}"#,
    #"{"mapStringNested": {"k": {"a": 5}}}"#,
    #"{"mapInt64Int64": {"9223372036854775807": "1"}}"#,
    #"{"oneofUint32": 1}"#, #"{"oneofUint32": 1, "oneofString": "x"}"#,
    #"{"oneofUint32": null, "oneofString": "x"}"#,
    #"{"oneofNested": {}}"#, #"{"presenceInt32": 0}"#, #"{"presenceString": ""}"#,
    #"{"optionalBoolWrapper": false}"#, #"{"optionalInt64Wrapper": "5"}"#,
    #"{"optionalStringWrapper": null}"#,
    #"{"optionalDuration": "1.5s"}"#, #"{"optionalDuration": "-0.000000001s"}"#,
    #"{"optionalDuration": "1.5"}"#,
    #"{"optionalDuration": "315576000001s"}"#,
    #"{"optionalTimestamp": "2024-01-02T03:04:05Z"}"#,
    #"{"optionalTimestamp": "2024-01-02T03:04:05.123+08:00"}"#,
    #"{"optionalTimestamp": "2024-01-02 03:04:05Z"}"#,
    #"{"optionalTimestamp": "2024-01-02T03:04:05z"}"#,
    #"{"optionalTimestamp": "10000-01-01T00:00:00Z"}"#,
    #"{"optionalFieldMask": "fooBar,baz.quxQuux"}"#, #"{"optionalFieldMask": "foo_bar"}"#,
    #"{"optionalStruct": {"a": [1, "b", null, {"c": true}]}}"#, #"{"optionalValue": null}"#,
    #"{"optionalValue": 1.5}"#,
    #"{"optionalListValue": [1, {}]}"#, #"{"optionalEmpty": {}}"#, #"{"optionalEmpty": {"x": 1}}"#,
    #"{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Duration", "value": "2s"}}"#,
    #"{"optionalAny": {"@type": "type.googleapis.com/codec.test.Nested", "a": 3}}"#,
    #"{"optionalAny": {"a": 3, "@type": "type.googleapis.com/codec.test.Nested"}}"#,
    #"{"optionalAny": {"@type": "type.googleapis.com/codec.test.Missing"}}"#,
    #"{"optionalAny": {"a": 3}}"#, #"{"optionalAny": {}}"#,
    #"{"repeatedTimestamp": ["1970-01-01T00:00:00Z"]}"#, #"{"repeatedValue": [null, 1]}"#,
    #"{"unknownField": 1}"#, #"{"optionalInt32": 1"#, #"{"optionalInt32": 1} x"#, #"[]"#, #"null"#,
  ]
}
