import GRPCallScenario
import Testing

/// The scenario regex engine: RE2 syntax matched in linear time. Checked against the standard
/// library's backtracking engine on patterns both accept, and on what only a linear engine can
/// answer quickly.
@Suite struct LinearRegexTests {
  static let patterns = [
    "abc", "^abc$", "a.c", "a*", "^a+$", "a?b", "a{2}", "a{2,}", "^a{1,3}$", "(ab)+", "(?:ab|cd)*e",
    "[a-c]+", "[^a-c]", "\\d+", "^\\w+@\\w+\\.com$", "\\s", "x|y|z", "^$", "colou?r",
    "[a\\]]", "\\.", "^u[0-9]+$", "(a|ab)(c|bcd)(d*)", "^(a+)+$", "[\\d-]+", "a{0,0}b",
  ]
  static let texts = [
    "", "abc", "xabcx", "ac", "aaa", "b", "ab", "abab", "abcde", "cde", "aac", "123", "a@b.com",
    "a b", "z", "color", "colour", "]", "a.b", "u42", "abcd", "aaaa!", "-1-2", "bb",
  ]

  @Test func agreesWithTheStandardLibrary() throws {
    for pattern in Self.patterns {
      let linear = try LinearRegex(pattern)
      let reference = try Regex(pattern)
      for text in Self.texts {
        #expect(
          linear.matches(in: text) == text.contains(reference),
          "/\(pattern)/ on \"\(text)\""
        )
      }
    }
  }

  /// A backtracking engine takes 2^84 steps here.
  @Test func nestedQuantifiersAreLinear() throws {
    let regex = try LinearRegex("^(a+)+$")
    #expect(!regex.matches(in: String(repeating: "a", count: 84) + "!"))
    #expect(regex.matches(in: String(repeating: "a", count: 100_000)))
    #expect(!(try LinearRegex("(x+x+)+y")).matches(in: String(repeating: "x", count: 50_000)))
  }

  @Test func refusesWhatCannotBeLinearOrIsBroken() {
    for (pattern, words) in [
      ("(a", "missing ')'"), ("a)", "unmatched ')'"), ("[a", "missing ']'"),
      ("*a", "nothing to repeat"),
      ("(\\w)\\1", "backreferences"), ("(?=a)", "look-arounds"), ("a{5,2}", "invalid repeat"),
      ("a{1001}", "over 1000"), ("[z-a]", "invalid range"), ("\\", "trailing backslash"),
      ("\\q", "unknown escape"),
    ] {
      #expect(throws: LinearRegex.SyntaxError.self, "\(pattern)") { try LinearRegex(pattern) }
      do {
        _ = try LinearRegex(pattern)
      } catch {
        #expect(error.description.contains(words), "\(pattern): \(error.description)")
      }
    }
    let nested = String(repeating: "(", count: 1000) + String(repeating: ")", count: 1000)
    #expect(throws: LinearRegex.SyntaxError.self) { try LinearRegex(nested) }
    #expect(throws: LinearRegex.SyntaxError.self) { try LinearRegex("((a{1000}){1000}){1000}") }
  }
}
