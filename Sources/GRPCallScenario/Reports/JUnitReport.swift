/// A JUnit XML report, the format CI systems read: one `testsuite` per scenario file, one
/// `testcase` per step, a `failure` with the message for each failing step, times in seconds.
public enum JUnitReport {
  /// The XML document for `results`.
  public static func xml(_ results: [ScenarioResult]) -> String {
    let tests = results.reduce(0) { $0 + $1.steps.count }
    let failures = results.reduce(0) { $0 + $1.failureCount }
    let time = results.reduce(Duration.zero) { $0 + $1.duration }
    var lines = [
      #"<?xml version="1.0" encoding="UTF-8"?>"#,
      #"<testsuites name="grpcall" tests="\#(tests)" failures="\#(failures)" errors="0" time="\#(seconds(time))">"#,
    ]
    for result in results {
      lines.append(
        #"  <testsuite name="\#(escape(result.name))" file="\#(escape(result.file))" tests="\#(result.steps.count)" failures="\#(result.failureCount)" errors="0" skipped="0" time="\#(seconds(result.duration))">"#
      )
      for step in result.steps {
        let attributes =
          #"name="\#(escape(step.name))" classname="\#(escape(result.name))" file="\#(escape(step.location.file))" line="\#(step.location.line)" time="\#(seconds(step.duration))""#
        if step.passed {
          lines.append("    <testcase \(attributes)/>")
        } else {
          let message =
            step.failures.first.map { $0.split(separator: "\n").first.map(String.init) ?? $0 } ?? ""
          lines.append("    <testcase \(attributes)>")
          lines.append(
            #"      <failure message="\#(escape(message))" type="AssertionFailure">\#(escape(step.failures.joined(separator: "\n")))</failure>"#
          )
          lines.append("    </testcase>")
        }
      }
      lines.append("  </testsuite>")
    }
    lines.append("</testsuites>")
    return lines.joined(separator: "\n") + "\n"
  }

  /// Seconds with millisecond precision.
  static func seconds(_ duration: Duration) -> String {
    let milliseconds =
      duration.components.seconds * 1000
      + duration.components.attoseconds / 1_000_000_000_000_000
    let whole = milliseconds / 1000
    let fraction = milliseconds % 1000
    return "\(whole)." + String(repeating: "0", count: 3 - String(fraction).count)
      + String(fraction)
  }

  /// Text safe inside XML attributes and elements (control characters dropped, as XML 1.0
  /// cannot hold them).
  static func escape(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      case "\n": result += "&#10;"
      case "\t": result += "&#9;"
      default:
        if scalar.value >= 0x20 { result.unicodeScalars.append(scalar) }
      }
    }
    return result
  }
}
