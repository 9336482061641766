import GRPCallCore
import GRPCallScenario
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Prints scenario runs: a heading per file, one line per step (`✔ create (3 ms)`,
/// `✘ read back (1.2 s)`, ASCII on a non-UTF-8 locale), what failed under a failing step, and
/// `N passed, N failed` at the end. Sequential runs print live; parallel runs print each file
/// whole when it ends.
final class ScenarioConsole: Sendable {
  /// One file's output, gathered when runs are parallel.
  final class Block: Sendable {
    let text = Mutex("")
  }

  let verbose: Bool
  let live: Bool
  let passMark: String
  let failMark: String

  init(
    verbose: Bool,
    live: Bool,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) {
    self.verbose = verbose
    self.live = live
    let locale =
      environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["LC_CTYPE"]
      .flatMap { $0.isEmpty ? nil : $0 } ?? environment["LANG"] ?? ""
    let unicode = locale.lowercased().contains("utf-8") || locale.lowercased().contains("utf8")
    passMark = unicode ? "✔" : "ok"
    failMark = unicode ? "✘" : "FAIL"
  }

  func begin(_ scenario: Scenario, into block: Block) {
    emit("\(scenario.name) (\(scenario.file))\n", block)
  }

  func step(_ step: StepResult, into block: Block) {
    var text =
      "  \(step.passed ? passMark : failMark) \(step.name) (\(Self.duration(step.duration)))\n"
    if verbose {
      text += Self.exchange(step).map { "      \($0)\n" }.joined()
      if let status = step.status { text += "      = \(NetworkText.escaped(status.description))\n" }
    }
    for failure in step.failures {
      let lines = failure.split(separator: "\n", omittingEmptySubsequences: false)
      text +=
        lines.map { "      " + NetworkText.escaped(String($0)) }.joined(separator: "\n") + "\n"
    }
    emit(text, block)
  }

  func end(_ block: Block) {
    guard !live else { return }
    Terminal.out(block.text.withLock { $0 })
  }

  private func emit(_ text: String, _ block: Block) {
    if live {
      Terminal.out(text)
    } else {
      block.text.withLock { $0 += text }
    }
  }

  /// `N passed, N failed`.
  func summary(_ results: [ScenarioResult]) -> String {
    let steps = results.flatMap(\.steps)
    let failed = steps.filter { !$0.passed }.count
    return "\(steps.count - failed) passed, \(failed) failed\n"
  }

  /// `3 ms`, `1.2 s`.
  static func duration(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
    if milliseconds < 1000 { return "\(Int(milliseconds.rounded())) ms" }
    return "\((milliseconds / 100).rounded() / 10) s"
  }

  /// `> request` and `< response` lines in the order they happened (a scripted stream), or all
  /// requests then all responses.
  static func exchange(_ step: StepResult) -> [String] {
    var requests = step.requests[...]
    var responses = step.responses[...]
    var lines: [String] = []
    for sent in step.order {
      if sent, let request = requests.popFirst() { lines.append("> \(request)") }
      if !sent, let response = responses.popFirst() { lines.append("< \(response)") }
    }
    lines += requests.map { "> \($0)" }
    lines += responses.map { "< \($0)" }
    return lines
  }
}
