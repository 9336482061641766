import ProtoCodec
import ProtoSchema
import TestSupport
import Testing

/// The canonicalizer's shortcut: a message judged canonical is returned as it is, so the judgement
/// must agree with re-encoding, and must say yes to what a runtime (upb) serializes.
@Suite struct CanonicalFormTests {
  @Test(arguments: CodecDifferentialTests.corpora)
  func judgementAgreesWithReencoding(file: String, typeName: String) throws {
    let oracle = try CodecOracle(typeName: typeName, file: file)
    let type = try #require(oracle.pool.message(named: typeName))
    let canonicalizer = BinaryCanonicalizer(pool: oracle.pool)
    var judgedCanonical = 0
    for (index, item) in try oracle.generate(count: 600, seed: 20_261_202).enumerated() {
      for variant in Self.variants(of: item.binary) {
        let reencoded = try canonicalizer.reencoded(variant, as: type)
        let judged = canonicalizer.isCanonical(variant, as: type)
        if judged && reencoded != variant {
          Issue.record("case \(index): judged canonical, but re-encoding changes it")
        }
        if judged { judgedCanonical += 1 }
        #expect(try canonicalizer.canonical(variant, as: type) == reencoded, "case \(index)")
      }
    }
    // upb's own serializations are canonical: most proto3 ones must take the shortcut. Random
    // proto2 messages nearly always hold a group or an extension, left to the full re-encoding.
    #expect(judgedCanonical > (typeName.hasSuffix("Proto2") ? 0 : 600 / 2))
  }

  /// Hand-made non-canonical forms of one message are all judged so.
  @Test func nonCanonicalFormsAreSeen() throws {
    let oracle = try CodecOracle(typeName: "codec.test.AllTypes")
    let type = try #require(oracle.pool.message(named: "codec.test.AllTypes"))
    let canonicalizer = BinaryCanonicalizer(pool: oracle.pool)
    let int32Field = try #require(type.field(named: "optionalInt32"))
    let stringField = try #require(type.field(named: "optionalString"))
    let int32Tag = UInt8(int32Field.number << 3)
    let stringTag = UInt8(stringField.number << 3 | 2)
    let canonical: [UInt8] = [int32Tag, 5, stringTag, 1, 0x61]
    #expect(canonicalizer.isCanonical(canonical, as: type))
    let nonCanonical: [String: [UInt8]] = [
      "fields out of order": [stringTag, 1, 0x61, int32Tag, 5],
      "a singular field twice": [int32Tag, 4, int32Tag, 5, stringTag, 1, 0x61],
      "a varint longer than needed": [int32Tag, 0x85, 0x00, stringTag, 1, 0x61],
      "an implicit default written": [int32Tag, 0, stringTag, 1, 0x61],
      "an empty implicit string": [int32Tag, 5, stringTag, 0],
      "an unknown field": [int32Tag, 5, stringTag, 1, 0x61, 0xF8, 0x7F, 1],
      "a truncated string": [int32Tag, 5, stringTag, 3, 0x61],
      "a tag longer than needed": [int32Tag | 0x80, 0x00, 5, stringTag, 1, 0x61],
      "a length longer than needed": [int32Tag, 5, stringTag, 0x81, 0x00, 0x61],
    ]
    for (what, bytes) in nonCanonical {
      #expect(!canonicalizer.isCanonical(bytes, as: type), "\(what)")
    }
  }

  /// The message itself, and doubled (singular fields repeat, sub-messages merge).
  static func variants(of binary: [UInt8]) -> [[UInt8]] {
    [binary, binary + binary]
  }
}
