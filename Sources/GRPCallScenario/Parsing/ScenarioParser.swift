import GRPCallCore
import Yams

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads scenario files (YAML, through Yams) into `Scenario`s, checking every key, value and
/// `${NAME}` reference before anything runs; each problem names its `file:line:col`.
public struct ScenarioParser {
  let file: String

  /// A parser for the file at `file` (the name is used in locations as given).
  public init(file: String) { self.file = file }

  /// Reads and parses the file.
  public static func load(_ path: String) throws(ScenarioError) -> Scenario {
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else {
      let reason =
        FileManager.default.fileExists(atPath: path)
        ? "cannot read the file as UTF-8" : "no such file"
      throw .unreadable(file: path, reason: reason)
    }
    return try ScenarioParser(file: path).parse(text)
  }

  /// Parses scenario text.
  public func parse(_ text: String) throws(ScenarioError) -> Scenario {
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw ScenarioError.invalidValue("the file is empty", at: location(nil))
      }
      root = node
    } catch let error as ScenarioError {
      throw error
    } catch let error as YamlError {
      throw yamlError(error)
    } catch {
      throw .yaml(location(nil), "the file cannot be read as YAML")
    }
    try checkExpansion(root)
    return try scenario(root)
  }

  /// The most nodes a file may hold once its aliases are expanded: far above any real scenario,
  /// far below what nested aliases of a 1 KB file can reach (`&a [*b, *b, …]` nine levels deep is
  /// billions).
  static let maximumExpandedNodes = 1_000_000

  /// Counts the nodes the file expands to, stopping at the limit: an alias bomb is an error here
  /// instead of gigabytes later.
  func checkExpansion(_ root: Node) throws(ScenarioError) {
    var pending = [root]
    var count = 0
    while let node = pending.popLast() {
      count += 1
      if count > Self.maximumExpandedNodes {
        throw .invalidValue(
          "YAML aliases expand this file to more than \(Self.maximumExpandedNodes) values",
          at: location(node)
        )
      }
      switch node {
      case .scalar, .alias: break
      case .sequence(let sequence): pending += sequence
      case .mapping(let mapping):
        for (key, value) in mapping {
          pending.append(key)
          pending.append(value)
        }
      }
    }
  }

  // MARK: - Locations and errors

  func location(_ node: Node?) -> SourceLocation {
    let mark = node?.mark
    return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
  }

  /// libyaml's words without its internals: its nesting limit names a C function.
  static func plainProblem(_ problem: String) -> String {
    if problem.contains("yaml_set_max_nest_level") || problem.contains("max depth") {
      return "the file nests more levels deep than YAML reading allows"
    }
    return problem
  }

  func yamlError(_ error: YamlError) -> ScenarioError {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return .yaml(
        SourceLocation(file: file, line: mark.line, column: mark.column),
        Self.plainProblem(problem)
      )
    case .reader(let problem, let offset, _, _):
      return .yaml(
        location(nil),
        Self.plainProblem(problem) + (offset.map { " at byte \($0)" } ?? "")
      )
    case .duplicatedKeysInMapping(let duplicates, let context):
      return .yaml(
        SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
        "duplicate keys: \(duplicates.joined(separator: ", "))"
      )
    case .memory: return .yaml(location(nil), "out of memory while reading the file")
    default: return .yaml(location(nil), "the file cannot be read as YAML")
    }
  }

  func mapping(_ node: Node, _ context: String) throws(ScenarioError) -> [(String, Node, Node)] {
    guard case .mapping(let mapping) = node else {
      throw .invalidValue("\(context) must be a mapping of keys to values", at: location(node))
    }
    var result: [(String, Node, Node)] = []
    for (key, value) in mapping {
      guard case .scalar(let scalar) = key else {
        throw .invalidValue("keys in \(context) must be names", at: location(key))
      }
      result.append((scalar.string, key, value))
    }
    return result
  }

  func string(_ node: Node, _ key: String) throws(ScenarioError) -> String {
    guard case .scalar(let scalar) = node else {
      throw .invalidValue("'\(key)' must be a string", at: location(node))
    }
    return scalar.string
  }

  func template(_ node: Node, _ key: String) throws(ScenarioError) -> Template {
    Template(try string(node, key), at: location(node))
  }

  func bool(_ node: Node, _ key: String) throws(ScenarioError) -> Bool {
    guard case .scalar = node, let value = node.bool else {
      throw .invalidValue("'\(key)' must be true or false", at: location(node))
    }
    return value
  }

  func number(_ node: Node, _ key: String) throws(ScenarioError) -> Double {
    guard case .scalar(let scalar) = node, let value = Double(scalar.string), value >= 0 else {
      throw .invalidValue("'\(key)' must be a number of seconds, not negative", at: location(node))
    }
    return value
  }

  func strings(_ node: Node, _ key: String) throws(ScenarioError) -> [String] {
    if case .scalar(let scalar) = node { return [scalar.string] }
    guard case .sequence(let sequence) = node else {
      throw .invalidValue("'\(key)' must be a list of strings", at: location(node))
    }
    return try sequence.map { item throws(ScenarioError) in try string(item, key) }
  }

  func templates(_ node: Node, _ key: String) throws(ScenarioError) -> [Template] {
    if case .scalar = node { return [try template(node, key)] }
    guard case .sequence(let sequence) = node else {
      throw .invalidValue("'\(key)' must be a list of strings", at: location(node))
    }
    return try sequence.map { item throws(ScenarioError) in try template(item, key) }
  }

  /// A duration: `500ms`, `2s`, `1.5s`, `1m`, or a number of seconds.
  func duration(_ node: Node, _ key: String) throws(ScenarioError) -> Duration {
    let text = try string(node, key).trimmingCharacters(in: .whitespaces)
    guard let value = Self.duration(text) else {
      throw .invalidValue(
        "'\(key)' must be a duration such as 500ms, 2s or 1m (got '\(text)')",
        at: location(node)
      )
    }
    return value
  }

  static func duration(_ text: String) -> Duration? {
    let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
    for (suffix, scale) in units where text.hasSuffix(suffix) {
      guard let number = Double(text.dropLast(suffix.count)), number >= 0 else { return nil }
      return number == 0 ? .zero : DurationText.duration(seconds: number * scale)
    }
    guard let seconds = Double(text), seconds >= 0 else { return nil }
    return seconds == 0 ? .zero : DurationText.duration(seconds: seconds)
  }

  /// A request or expected value: YAML scalars keep their YAML type (quoted ones are strings).
  func value(_ node: Node) throws(ScenarioError) -> TemplateValue {
    switch node {
    case .scalar(let scalar):
      if scalar.style == .plain || scalar.style == .any {
        if node.null != nil { return .null }
        if let bool = node.bool { return .bool(bool) }
        if node.int != nil || node.float != nil, Double(scalar.string) != nil {
          return .number(scalar.string)
        }
      }
      return .string(Template(scalar.string, at: location(node)))
    case .sequence(let sequence):
      return .array(try sequence.map { item throws(ScenarioError) in try value(item) })
    case .mapping:
      return .object(
        try mapping(node, "a message").map { entry throws(ScenarioError) in
          (entry.0, try value(entry.2))
        }
      )
    case .alias:
      throw .invalidValue("YAML aliases are not supported here", at: location(node))
    }
  }

  func headers(_ node: Node) throws(ScenarioError) -> [(String, Template)] {
    try mapping(node, "headers").map { entry throws(ScenarioError) in
      (entry.0.lowercased(), try template(entry.2, entry.0))
    }
  }

  // MARK: - The file

  func scenario(_ root: Node) throws(ScenarioError) -> Scenario {
    var scenario = Scenario(
      file: file,
      name: URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent,
      connection: ConnectionSettings()
    )
    var stepsNode: Node?
    for (key, keyNode, value) in try mapping(root, "a scenario file") {
      switch key {
      case "name": scenario.name = try string(value, key)
      case "target": scenario.target = try template(value, key)
      case "proto": scenario.protoFiles = try templates(value, key)
      case "protoset": scenario.protosets = try templates(value, key)
      case "import-path": scenario.importPaths = try templates(value, key)
      case "headers": scenario.headers = try headers(value)
      case "vars":
        scenario.variables = try mapping(value, "vars").map { entry throws(ScenarioError) in
          (entry.0, try template(entry.2, entry.0))
        }
      case "steps": stepsNode = value
      default:
        guard ConnectionSettings.keys.contains(key) else {
          throw .unknownKey(key, context: "the scenario file", at: location(keyNode))
        }
        try connection(key, value, into: &scenario.connection)
      }
    }
    if !scenario.protoFiles.isEmpty && !scenario.protosets.isEmpty {
      throw .invalidValue("use either proto: or protoset:, not both", at: location(root))
    }
    guard let stepsNode, case .sequence(let steps) = stepsNode, !steps.isEmpty else {
      throw .missingKey(
        "steps",
        context: "a scenario file (a list of steps)",
        at: location(stepsNode ?? root)
      )
    }
    scenario.steps = try steps.map { node throws(ScenarioError) in try step(node) }
    return scenario
  }

  func connection(
    _ key: String,
    _ value: Node,
    into settings: inout ConnectionSettings
  ) throws(ScenarioError) {
    switch key {
    case "plaintext": settings.plaintext = try bool(value, key)
    case "insecure": settings.insecure = try bool(value, key)
    case "unix": settings.unix = try bool(value, key)
    case "cacert": settings.cacert = try template(value, key)
    case "cert": settings.cert = try template(value, key)
    case "key": settings.key = try template(value, key)
    case "authority": settings.authority = try template(value, key)
    case "servername": settings.servername = try template(value, key)
    case "user-agent": settings.userAgent = try template(value, key)
    case "connect-timeout": settings.connectTimeout = try number(value, key)
    case "keepalive-time": settings.keepaliveTime = try number(value, key)
    case "max-msg-sz": settings.maxMessageSize = Int(try number(value, key))
    case "compress":
      let algorithm = try string(value, key)
      guard ["gzip", "deflate", "none"].contains(algorithm) else {
        throw .invalidValue("'compress' must be gzip, deflate or none", at: location(value))
      }
      settings.compress = algorithm
    default: break
    }
  }

  /// The keys of the file itself (connection keys aside).
  static let fileKeys: Set<String> = [
    "name", "target", "proto", "protoset", "import-path", "headers", "vars", "steps",
  ]

  // MARK: - Steps

  static let stepKeys: Set<String> = [
    "name", "call", "request", "requests", "stream", "headers", "max-time", "expect", "capture",
  ]

  func step(_ node: Node) throws(ScenarioError) -> Step {
    let entries = try mapping(node, "a step")
    guard let callEntry = entries.first(where: { $0.0 == "call" }) else {
      throw .missingKey("call", context: "a step", at: location(node))
    }
    let call = try string(callEntry.2, "call")
    var step = Step(
      name: call,
      location: location(node),
      call: call,
      callLocation: location(callEntry.2)
    )
    for (key, keyNode, value) in entries {
      switch key {
      case "name": step.name = try string(value, key)
      case "call": break
      case "request": step.request = try self.value(value)
      case "requests":
        guard case .sequence(let items) = value else {
          throw .invalidValue("'requests' must be a list of messages", at: location(value))
        }
        step.requests = try items.map { item throws(ScenarioError) in try self.value(item) }
      case "stream": step.stream = try stream(value)
      case "headers": step.headers = try headers(value)
      case "max-time": step.maxTime = try duration(value, key)
      case "expect": step.expect = try expectation(value)
      case "capture":
        step.captures = try mapping(value, "capture").map { entry throws(ScenarioError) in
          let text = try string(entry.2, entry.0)
          guard let path = JSONPath(text) else {
            throw .invalidValue("'\(text)' is not a path (write $.field)", at: location(entry.2))
          }
          return (entry.0, path)
        }
      default:
        throw .unknownKey(key, context: "a step", at: location(keyNode))
      }
    }
    let given = [step.request != nil, step.requests != nil, step.stream != nil].filter { $0 }.count
    if given > 1 {
      throw .invalidValue("a step takes one of request:, requests: or stream:", at: step.location)
    }
    return step
  }

  func stream(_ node: Node) throws(ScenarioError) -> [StreamAction] {
    guard case .sequence(let items) = node else {
      throw .invalidValue("'stream' must be a list of send, receive and close", at: location(node))
    }
    return try items.map { item throws(ScenarioError) in
      if case .scalar(let scalar) = item {
        guard scalar.string == "close" else {
          throw .invalidValue(
            "'\(scalar.string)' is not a stream action (send:, receive:, close)",
            at: location(item)
          )
        }
        return .close(at: location(item))
      }
      let entries = try mapping(item, "a stream action")
      var within: Duration?
      var action: StreamAction?
      for (key, keyNode, value) in entries {
        switch key {
        case "send": action = .send(try self.value(value), at: location(item))
        case "receive":
          let expected: TemplateValue? = value.null != nil ? nil : try self.value(value)
          action = .receive(expected, within: nil, at: location(item))
        case "within": within = try duration(value, key)
        case "close": action = .close(at: location(item))
        default: throw .unknownKey(key, context: "a stream action", at: location(keyNode))
        }
      }
      guard let action else {
        throw .invalidValue("a stream action is send:, receive: or close", at: location(item))
      }
      if case .receive(let expected, _, let at) = action {
        return .receive(expected, within: within, at: at)
      }
      if within != nil {
        throw .invalidValue("'within' goes with receive:", at: location(item))
      }
      return action
    }
  }

  // MARK: - Expectations

  static let expectKeys: Set<String> = [
    "status", "message", "response", "responses", "messages", "headers", "trailers", "assert",
    "within",
  ]

  func expectation(_ node: Node) throws(ScenarioError) -> Expectation {
    var expect = Expectation()
    expect.location = location(node)
    for (key, keyNode, value) in try mapping(node, "expect") {
      switch key {
      case "status": expect.status = try status(value)
      case "message": expect.message = try stringMatch(value, key)
      case "response": expect.response = try self.value(value)
      case "responses":
        guard case .sequence(let items) = value else {
          throw .invalidValue("'responses' must be a list of messages", at: location(value))
        }
        expect.responses = try items.map { item throws(ScenarioError) in try self.value(item) }
      case "messages":
        for (inner, innerKey, count) in try mapping(value, "messages") {
          guard inner == "count" else {
            throw .unknownKey(inner, context: "messages", at: location(innerKey))
          }
          expect.messageCount = try countCheck(count)
        }
      case "headers": expect.headers = try matches(value, key)
      case "trailers": expect.trailers = try matches(value, key)
      case "assert":
        let items: [Node]
        if case .sequence(let sequence) = value { items = Array(sequence) } else { items = [value] }
        expect.assertions = try items.map { item throws(ScenarioError) in
          try Assertion(parsing: try string(item, "assert"), at: location(item))
        }
      case "within": expect.within = try duration(value, key)
      default: throw .unknownKey(key, context: "expect", at: location(keyNode))
      }
    }
    return expect
  }

  func status(_ node: Node) throws(ScenarioError) -> Int {
    let text = try string(node, "status")
    guard let code = CallStatus.code(named: text) else {
      let suggestion = CallStatus.suggestedName(for: text).map { " — did you mean \($0)?" } ?? ""
      throw .invalidValue(
        "'\(text)' is not a gRPC status (a name like NOT_FOUND or NotFound, or 0-16)\(suggestion)",
        at: location(node)
      )
    }
    return code
  }

  func stringMatch(_ node: Node, _ key: String) throws(ScenarioError) -> StringMatch {
    if case .scalar = node { return .equals(try template(node, key)) }
    let entries = try mapping(node, key)
    guard entries.count == 1, let (kind, kindNode, value) = entries.first else {
      throw .invalidValue("'\(key)' takes one of equals:, contains:, matches:", at: location(node))
    }
    switch kind {
    case "equals": return .equals(try template(value, kind))
    case "contains": return .contains(try template(value, kind))
    case "matches":
      let pattern = try template(value, kind)
      if let problem = pattern.syntaxProblem ?? pattern.regexProblem {
        throw .invalidValue(problem, at: location(value))
      }
      return .matches(pattern)
    default: throw .unknownKey(kind, context: key, at: location(kindNode))
    }
  }

  func matches(_ node: Node, _ key: String) throws(ScenarioError) -> [(String, StringMatch)] {
    try mapping(node, key).map { entry throws(ScenarioError) in
      (entry.0.lowercased(), try stringMatch(entry.2, entry.0))
    }
  }

  func countCheck(_ node: Node) throws(ScenarioError) -> CountCheck {
    let text = try string(node, "count").trimmingCharacters(in: .whitespaces)
    for comparison in Comparison.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count })
    where text.hasPrefix(comparison.rawValue) {
      if let value = Int(
        text.dropFirst(comparison.rawValue.count).trimmingCharacters(in: .whitespaces)
      ) {
        return CountCheck(comparison: comparison, value: value)
      }
    }
    if let value = Int(text) { return CountCheck(comparison: .equal, value: value) }
    throw .invalidValue(
      "'count' must be a number or a comparison such as \">= 1\"",
      at: location(node)
    )
  }
}
