import GRPCallScenario
import Testing

/// The scenario engine on its own: file model, variables, paths, assertions, subset matching and
/// the JUnit report, with no server.
@Suite struct ScenarioParsingTests {
  func parse(_ text: String) throws(ScenarioError) -> Scenario {
    try ScenarioParser(file: "s.yaml").parse(text)
  }

  @Test func fullFileParses() throws {
    let scenario = try parse(
      """
      name: smoke
      target: ${TARGET:-127.0.0.1:1}
      plaintext: true
      authority: users.internal
      connect-timeout: 2
      proto: [a.proto]
      import-path: [.]
      headers: {Authorization: "Bearer ${TOKEN}"}
      vars: {dept: ENGINEERING}
      steps:
        - name: create
          call: users.UserService/CreateUser
          request: {name: Ann, age: 30, admin: true, nick: null, tags: [a, "b"]}
          max-time: 1.5s
          expect:
            status: NotFound
            message: {contains: "not found"}
            response: {name: Ann}
            headers: {content-type: application/grpc}
            assert:
              - $.id matches "^u[0-9]+$"
            within: 500ms
          capture: {uid: $.id}
        - call: users.UserService/Chat
          stream:
            - send: {content: hi}
            - receive: {content: hi}
              within: 2s
            - close
          expect: {messages: {count: ">= 1"}}
      """
    )
    #expect(scenario.name == "smoke")
    #expect(
      scenario.connection.plaintext && scenario.connection.authority?.text == "users.internal"
    )
    #expect(scenario.connection.connectTimeout == 2)
    #expect(scenario.headers.map(\.0) == ["authorization"])
    #expect(scenario.steps.count == 2)
    let create = scenario.steps[0]
    #expect(create.expect.status == 5)
    #expect(create.maxTime == .milliseconds(1500))
    #expect(create.expect.within == .milliseconds(500))
    #expect(create.captures.map(\.name) == ["uid"])
    #expect(create.location.line == 11)
    let request = try #require(create.request).resolved(Variables())
    #expect(
      request.description == #"{"name":"Ann","age":30,"admin":true,"nick":null,"tags":["a","b"]}"#
    )
    #expect(scenario.steps[1].name == "users.UserService/Chat")
    #expect(scenario.steps[1].stream?.count == 3)
    #expect(scenario.steps[1].expect.messageCount?.accepts(1) == true)
    #expect(scenario.steps[1].expect.messageCount?.accepts(0) == false)
  }

  @Test(arguments: [
    (
      "target: x\nsteps:\n  - call: a.B/C\n    expct: {}\n",
      "s.yaml:4:5: unknown key 'expct' in a step — did you mean 'expect'?"
    ),
    (
      "target: x\nbogus: 1\nsteps:\n  - call: a.B/C\n",
      "s.yaml:2:1: unknown key 'bogus' in the scenario file"
    ),
    ("target: x\nsteps:\n  - name: n\n", "s.yaml:3:5: a step needs 'call'"),
    (
      "target: x\nsteps:\n  - call: a.B/C\n    expect: {status: NOPE}\n",
      "s.yaml:4:22: 'NOPE' is not a gRPC status (a name like NOT_FOUND or NotFound, or 0-16)"
    ),
    (
      "target: x\nsteps:\n  - call: a.B/C\n    max-time: soon\n",
      "s.yaml:4:15: 'max-time' must be a duration such as 500ms, 2s or 1m (got 'soon')"
    ),
    (
      "target: x\nsteps:\n  - call: a.B/C\n    expect:\n      assert: [\"$.a ~= 1\"]\n",
      "s.yaml:5:16: assertion '$.a ~= 1': unknown operator (use ==, !=, <=, >=, <, >, matches, contains, exists, not exists)"
    ),
    (
      "target: x\nsteps:\n  - call: a.B/C\n    expect:\n      assert: [\"a == 1\"]\n",
      "s.yaml:5:16: 'a' is not a path (write $.field, $.list[0], $[*].x ...)"
    ),
    (
      "target: x\nplaintext: maybe\nsteps:\n  - call: a.B/C\n",
      "s.yaml:2:12: 'plaintext' must be true or false"
    ),
    ("target: x\nsteps: [\n", "s.yaml:3:1: did not find expected node content"),
    (
      "target: x\nsteps:\n  - call: a.B/C\n    stream: [jump]\n",
      "s.yaml:4:14: 'jump' is not a stream action (send:, receive:, close)"
    ),
  ])
  func invalidFilesNameTheirPlace(text: String, message: String) {
    #expect(throws: (any Error).self) { try parse(text) }
    do {
      _ = try parse(text)
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func unsetVariablesAreFoundBeforeRunning() throws {
    let scenario = try parse(
      """
      target: x
      vars: {a: "1"}
      steps:
        - call: a.B/C
          request: {id: "${a}${later}"}
          capture: {later: $.id}
        - call: a.B/C
          request: {id: "${later} ${MISSING:-fine} ${FROM_ENV}"}
      """
    )
    #expect(throws: (any Error).self) {
      try ReferenceCheck.check(scenario, known: ["FROM_ENV"])
    }
    do {
      try ReferenceCheck.check(scenario, known: ["FROM_ENV"])
    } catch {
      #expect(error.description.hasPrefix("s.yaml:5:19: variable 'later' is not set"))
    }
  }
}

@Suite struct VariableTests {
  @Test func expansionOrderAndDefaults() throws {
    var variables = Variables(overrides: ["A": "override"], environment: ["A": "env", "E": "env"])
    variables.fileVariables = ["A": "file", "F": "file"]
    variables.captures = ["C": "captured"]
    let template = Template(
      "${A}-${E}-${F}-${C}-${X:-dflt}-$${A}",
      at: SourceLocation(file: "f", line: 1, column: 1)
    )
    #expect(try template.expanded(variables) == "override-env-file-captured-dflt-${A}")
    #expect(throws: ScenarioError.self) {
      try Template("${NOPE}", at: SourceLocation(file: "f", line: 2, column: 3)).expanded(variables)
    }
  }
}

@Suite struct AssertionTests {
  let response = try! JSONValue(
    parsing:
      #"{"id":"u12","age":36,"big":"5","tags":["a","b"],"users":[{"name":"Ada","age":36},{"name":"Bob","age":40}],"email":"ada@example.com","empty":{}}"#
  )

  func holds(_ text: String) throws -> Bool {
    let assertion = try Assertion(parsing: text, at: SourceLocation(file: "f", line: 1, column: 1))
    return try assertion.failure(on: response, variables: Variables()) == nil
  }

  @Test(arguments: [
    ("$.age == 36", "$.age == 35"),
    ("$.big == 5", "$.big == 6"),
    ("$.id != \"u1\"", "$.id != \"u12\""),
    ("$.age < 40", "$.age < 36"),
    ("$.age <= 36", "$.age <= 35"),
    ("$.age > 35", "$.age > 36"),
    ("$.age >= 36", "$.age >= 37"),
    ("$.id matches \"^u[0-9]+$\"", "$.email matches \"^u\""),
    ("$.email contains example", "$.email contains nope"),
    ("$.tags contains \"b\"", "$.tags contains \"c\""),
    ("$.users[*].name contains Bob", "$.users[*].name contains Cy"),
    ("$.users.length() == 2", "$.users.length() > 2"),
    ("$.users[1].name == Bob", "$.users[-1].name == Ada"),
    ("$.users[*].age == [36, 40]", "$.users[*].age == [36]"),
    ("$.email exists", "$.nick exists"),
    ("$.nick not exists", "$.email not exists"),
    ("$[\"email\"] == \"ada@example.com\"", "$.empty.x exists"),
  ])
  func eachOperatorPassesAndFails(passing: String, failing: String) throws {
    #expect(try holds(passing), "\(passing)")
    #expect(try !holds(failing), "\(failing)")
  }

  @Test func failureSaysWhatWasFound() throws {
    let assertion = try Assertion(
      parsing: "$.users[0].age > 40",
      at: SourceLocation(file: "f", line: 1, column: 1)
    )
    #expect(try assertion.failure(on: response, variables: Variables()) == "$.users[0].age is 36")
  }

  @Test func subsetMatchNamesThePath() throws {
    let expected = try JSONValue(parsing: #"{"users":[{"name":"Ada"},{"age":41}]}"#)
    #expect(
      SubsetMatch.difference(expected: expected, actual: response, path: "response")
        == "response.users[1].age: expected 41, got 40"
    )
    #expect(
      SubsetMatch.difference(
        expected: try JSONValue(parsing: #"{"big":5,"tags":["a","b"]}"#),
        actual: response,
        path: "r"
      ) == nil
    )
    #expect(
      SubsetMatch.difference(
        expected: try JSONValue(parsing: #"{"tags":["a"]}"#),
        actual: response,
        path: "r"
      ) == "r.tags: expected 1 elements, got 2"
    )
    #expect(
      SubsetMatch.difference(
        expected: try JSONValue(parsing: #"{"nick":"x"}"#),
        actual: response,
        path: "r"
      ) == "r.nick: missing (expected \"x\")"
    )
  }
}

@Suite struct JUnitReportTests {
  @Test func reportHoldsSuitesCasesAndEscapedFailures() {
    var failing = StepResult(
      name: "read <back>",
      location: SourceLocation(file: "a.yaml", line: 7, column: 5)
    )
    failing.failures = ["a.yaml:9:7: response.name: expected \"Bob\" & more"]
    failing.duration = .milliseconds(1250)
    let passing = StepResult(
      name: "create",
      location: SourceLocation(file: "a.yaml", line: 3, column: 5)
    )
    var result = ScenarioResult(file: "a.yaml", name: "smoke")
    result.steps = [passing, failing]
    let xml = JUnitReport.xml([result])
    #expect(xml.contains(#"<testsuite name="smoke" file="a.yaml" tests="2" failures="1""#))
    #expect(
      xml.contains(
        #"<testcase name="read &lt;back&gt;" classname="smoke" file="a.yaml" line="7" time="1.250">"#
      )
    )
    #expect(
      xml.contains(
        #"<failure message="a.yaml:9:7: response.name: expected &quot;Bob&quot; &amp; more" type="AssertionFailure">"#
      )
    )
  }
}
