/// Durations written as Go's `time.Duration` prints them (`1.5s`, `16.914667ms`, `250µs`), which
/// is how grpcurl shows timings and timeouts.
public enum DurationText {
  /// The longest time a flag can ask for: about 31 years, far past any deadline, and far from
  /// `Duration`'s overflow.
  public static let longest: Duration = .seconds(1_000_000_000)

  /// A flag's positive number of seconds as a `Duration`; `inf` and values past `longest` mean
  /// `longest` (practically never) instead of overflowing. Nil for NaN, zero or negative values.
  public static func duration(seconds: Double) -> Duration? {
    guard !seconds.isNaN, seconds > 0 else { return nil }
    guard seconds < 1_000_000_000 else { return longest }
    return .nanoseconds(Int64((seconds * 1_000_000_000).rounded()))
  }

  /// `duration` in Go's format.
  public static func go(_ duration: Duration) -> String {
    let nanoseconds = duration.nanoseconds
    if nanoseconds == 0 { return "0s" }
    let sign = nanoseconds < 0 ? "-" : ""
    let magnitude = nanoseconds.magnitude
    let (unit, scale): (String, UInt64) =
      switch magnitude {
      case ..<1_000: ("ns", 1)
      case ..<1_000_000: ("µs", 1_000)
      case ..<1_000_000_000: ("ms", 1_000_000)
      default: ("s", 1_000_000_000)
      }
    return sign + decimal(magnitude, scale: scale) + unit
  }

  /// `value / scale` with as many decimals as needed, none trailing.
  static func decimal(_ value: UInt64, scale: UInt64) -> String {
    let whole = value / scale
    var fraction = value % scale
    guard fraction > 0 else { return String(whole) }
    var digits = ""
    var place = scale / 10
    while fraction > 0 && place > 0 {
      digits.append(Character(String(fraction / place)))
      fraction %= place
      place /= 10
    }
    return "\(whole).\(digits)"
  }
}
