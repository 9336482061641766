import ArgumentParser
import GRPCallCore
import GRPCallScenario

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `grpcall test`: runs scenario files (scripted sessions and CI smoke checks) and reports each
/// step; exit 0 when all pass, 1 when a step fails, 2 when a file is invalid.
struct TestCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test",
    abstract: "Run scenario files: chained calls, scripted streams, assertions, JUnit reports.",
    discussion: """
      Each file is YAML: target, connection keys, proto/protoset (or reflection), headers, vars and steps (call, request/requests/stream, expect, capture); see docs/scenarios.md.

      Exit codes: 0 all steps passed, 1 a step failed, 2 a scenario file is invalid.
      """
  )

  @OptionGroup var colors: ColorFlags

  @Argument(
    help: ArgumentHelp("Scenario files, or directories of *.yaml files.", valueName: "file|dir")
  )
  var paths: [String] = []

  @Option(
    name: .customLong("var"),
    help: ArgumentHelp("Set a variable for ${NAME} (repeatable).", valueName: "name=value")
  )
  var variables: [String] = []

  @Option(
    name: .customLong("junit"),
    help: ArgumentHelp("Write a JUnit XML report.", valueName: "file")
  )
  var junit: String?

  @Flag(name: .customLong("fail-fast"), help: "Stop a file at its first failing step.")
  var failFast = false

  @Option(
    name: .customLong("parallel"),
    help: ArgumentHelp("Run this many files at once.", valueName: "n")
  )
  var parallel = 1

  @Option(
    name: .customLong("wait-for"),
    help: ArgumentHelp(
      "Before the first step, retry connecting (and the health check) for up to this many seconds.",
      valueName: "seconds"
    )
  )
  var waitFor: Double?

  @Flag(name: .customShort("v"), help: "Print each request and response.")
  var verbose = false

  mutating func validate() throws {
    RepeatedOptions.split(&variables)
    guard !paths.isEmpty else {
      throw ValidationError("Give at least one scenario file or directory.")
    }
    guard parallel >= 1 else { throw ValidationError("The --parallel option must be at least 1.") }
    if let waitFor, waitFor < 0 {
      throw ValidationError("The --wait-for option must not be negative.")
    }
    for variable in variables where !variable.contains("=") {
      throw ValidationError("--var '\(variable)' must be NAME=VALUE.")
    }
  }

  func run() async throws {
    var options = ScenarioRunner.Options()
    options.environment = ProcessInfo.processInfo.environment
    options.failFast = failFast
    options.waitFor = waitFor.flatMap(DurationText.duration(seconds:))
    for variable in variables {
      let parts = variable.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      options.overrides[String(parts[0])] = String(parts[1])
    }
    let runner = ScenarioRunner(options: options)
    let scenarios = try loadAll(runner)
    let console = ScenarioConsole(verbose: verbose, live: parallel == 1)
    let results = await runAll(scenarios, runner: runner, console: console)
    if let junit {
      do {
        try PathWriter.write(Array(JUnitReport.xml(results).utf8), to: junit)
      } catch {
        throw CommandFailure.runtime("\(error)")
      }
    }
    Terminal.out(console.summary(results))
    if results.contains(where: { $0.failureCount > 0 }) { throw CommandFailure.exit(1) }
  }

  /// Every file parsed and checked before anything runs; problems exit 2 as `file:line:col`.
  private func loadAll(_ runner: ScenarioRunner) throws -> [Scenario] {
    var scenarios: [Scenario] = []
    var problems: [String] = []
    let files = ScenarioFiles.expand(paths)
    if files.isEmpty {
      throw CommandFailure.invalidInput(
        "no scenario files (*.yaml) in \(paths.joined(separator: " "))"
      )
    }
    for file in files {
      do {
        let scenario = try ScenarioParser.load(file)
        try runner.validate(scenario)
        scenarios.append(scenario)
      } catch {
        problems.append(error.description)
      }
    }
    if !problems.isEmpty { throw CommandFailure.invalidInput(problems.joined(separator: "\n")) }
    return scenarios
  }

  private func runAll(
    _ scenarios: [Scenario],
    runner: ScenarioRunner,
    console: ScenarioConsole
  ) async -> [ScenarioResult] {
    var results = [ScenarioResult?](repeating: nil, count: scenarios.count)
    await withTaskGroup(of: (Int, ScenarioResult).self) { group in
      var next = 0
      func startNext() {
        guard next < scenarios.count else { return }
        let index = next
        next += 1
        group.addTask {
          let scenario = scenarios[index]
          let block = ScenarioConsole.Block()
          console.begin(scenario, into: block)
          let result = await runner.run(scenario) { event in
            if case .stepFinished(_, let step) = event { console.step(step, into: block) }
          }
          console.end(block)
          return (index, result)
        }
      }
      for _ in 0 ..< parallel { startNext() }
      for await (index, result) in group {
        results[index] = result
        startNext()
      }
    }
    return results.compactMap { $0 }
  }
}
