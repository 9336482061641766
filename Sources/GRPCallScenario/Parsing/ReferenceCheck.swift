/// Checks, before anything runs, that every `${NAME}` in a scenario is set: by `vars:`, by a
/// capture of an earlier step, by `--var`, by the environment, or by a `:-default`.
public enum ReferenceCheck {
  /// Throws for the first reference to a name set nowhere, naming it and its line.
  public static func check(
    _ scenario: Scenario,
    known: Set<String>
  ) throws(ScenarioError) {
    var names = known
    for (name, template) in scenario.variables {
      try check(template, names)
      names.insert(name)
    }
    if let target = scenario.target { try check(target, names) }
    for template in scenario.connection.templates + scenario.protoFiles + scenario.protosets
      + scenario.importPaths
    {
      try check(template, names)
    }
    for (_, template) in scenario.headers { try check(template, names) }
    for step in scenario.steps {
      for template in templates(of: step) { try check(template, names) }
      for capture in step.captures { names.insert(capture.name) }
    }
  }

  static func check(_ template: Template, _ names: Set<String>) throws(ScenarioError) {
    if let problem = template.syntaxProblem {
      throw .invalidValue(problem, at: template.location)
    }
    for reference in template.references
    where !reference.hasDefault && !names.contains(reference.name) {
      throw .unsetVariable(reference.name, at: template.location)
    }
  }

  static func templates(of step: Step) -> [Template] {
    var result = step.headers.map(\.1)
    result += step.request?.templates ?? []
    result += (step.requests ?? []).flatMap(\.templates)
    for action in step.stream ?? [] {
      switch action {
      case .send(let value, _): result += value.templates
      case .receive(let value, _, _): result += value?.templates ?? []
      case .close: break
      }
    }
    let expect = step.expect
    result += expect.response?.templates ?? []
    result += (expect.responses ?? []).flatMap(\.templates)
    result += expect.assertions.compactMap(\.value)
    let matches =
      (expect.message.map { [$0] } ?? []) + expect.headers.map(\.1) + expect.trailers.map(\.1)
    for match in matches {
      switch match {
      case .equals(let template), .contains(let template), .matches(let template):
        result.append(template)
      }
    }
    return result
  }
}
