import Testing

@testable import ProtoCodec

/// `UTF8Validation` must judge every byte sequence as the standard library does.
@Suite struct UTF8ValidationTests {
  static func standard(_ bytes: [UInt8]) -> String? { String(validating: bytes, as: UTF8.self) }

  @Test func everyOneAndTwoByteSequence() {
    var mismatches: [[UInt8]] = []
    for first in 0 ... 255 {
      let one = [UInt8(first)]
      if UTF8Validation.string(one) != Self.standard(one) { mismatches.append(one) }
      for second in 0 ... 255 {
        let two = [UInt8(first), UInt8(second)]
        if UTF8Validation.string(two) != Self.standard(two) { mismatches.append(two) }
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
  }

  @Test func boundariesOfThreeAndFourByteSequences() {
    let leads: [UInt8] = [0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
    let others: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xFF]
    var mismatches: [[UInt8]] = []
    for lead in leads {
      for second in others {
        for third in others {
          let three = [lead, second, third]
          if UTF8Validation.string(three) != Self.standard(three) { mismatches.append(three) }
          for fourth in others {
            let four = [lead, second, third, fourth]
            if UTF8Validation.string(four) != Self.standard(four) { mismatches.append(four) }
            let inText = [0x61] + four + [0x62]
            if UTF8Validation.isValid(inText[1...]) != (Self.standard(Array(inText[1...])) != nil) {
              mismatches.append(inText)
            }
          }
        }
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
  }

  @Test func randomSequences() {
    var generator = SystemRandomNumberGenerator()
    var mismatches: [[UInt8]] = []
    let pool: [UInt8] = [0x41, 0x7F, 0x80, 0xBF, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5]
    for _ in 0 ..< 50_000 {
      let length = Int.random(in: 0 ... 9, using: &generator)
      let bytes = (0 ..< length).map { _ in
        Bool.random(using: &generator)
          ? pool.randomElement(using: &generator)! : UInt8.random(in: 0 ... 255, using: &generator)
      }
      if UTF8Validation.string(bytes) != Self.standard(bytes) { mismatches.append(bytes) }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
  }
}
