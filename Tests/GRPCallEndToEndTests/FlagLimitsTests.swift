import Foundation
import TestSupport
import Testing

/// Numeric flags at their limits: huge and infinite times mean "practically never" (no trap),
/// NaN and negative values are usage errors naming the flag (exit 2), never help on stdout.
@Suite struct FlagLimitsTests {
  let server: SampleServer
  init() throws { server = try SampleServer() }

  func call(_ flags: [String]) throws -> GRPCallBinary.Result {
    try GRPCallBinary.run(
      ["-plaintext"] + flags + [
        "-proto", "samples/user-service/user_service.proto", "-d", #"{"id":"u1"}"#,
        server.address, "users.UserService/GetUser",
      ]
    )
  }

  @Test func hugeAndInfiniteTimesCall() throws {
    for flags in [
      ["-max-time", "1e18"], ["-max-time", "inf"], ["-keepalive-time", "1e18"],
      ["-connect-timeout", "inf"], ["-max-time", "1e300", "-connect-timeout", "1e300"],
    ] {
      let result = try call(flags)
      #expect(result.status == 0, "\(flags): \(result.stderr)")
      #expect(result.stdout.contains("Ada Lovelace"), "\(flags)")
    }
  }

  @Test func nanAndNegativeValuesAreUsageErrors() throws {
    for (flags, message) in [
      (["-max-time", "nan"], "The -max-time argument must be a number of seconds, not NaN."),
      (["-max-time=-1"], "The -max-time argument must not be negative."),
      (["-max-time", "-1"], "The -max-time argument must not be negative."),
      (["-max-msg-sz=-5"], "The -max-msg-sz argument must not be negative."),
      (["-keepalive-time", "-3"], "The -keepalive-time argument must not be negative."),
    ] {
      let result = try call(flags)
      #expect(result.status == 2, "\(flags): \(result.stderr)")
      #expect(result.stdout.isEmpty, "\(flags) printed \(result.stdout)")
      #expect(result.stderr.hasPrefix(message + "\n"), "\(flags): \(result.stderr)")
    }
  }
}
