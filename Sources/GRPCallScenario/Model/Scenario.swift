/// One scenario file: where to connect, the schema, headers, variables and the steps to run.
public struct Scenario: Sendable {
  /// The file as given on the command line.
  public var file: String
  /// `name:` (the file name when absent).
  public var name: String
  /// `target:` — `host:port` or a unix socket path.
  public var target: Template?
  /// The connection keys (plaintext, cacert, authority, ...).
  public var connection: ConnectionSettings
  /// `proto:` files.
  public var protoFiles: [Template] = []
  /// `protoset:` files.
  public var protosets: [Template] = []
  /// `import-path:` directories.
  public var importPaths: [Template] = []
  /// `headers:` sent with every step.
  public var headers: [(String, Template)] = []
  /// `vars:`.
  public var variables: [(String, Template)] = []
  /// The steps, in order.
  public var steps: [Step] = []
}

/// The connection keys of a scenario file; each matches the command-line flag of its name.
public struct ConnectionSettings: Sendable {
  public var plaintext = false
  public var insecure = false
  public var cacert: Template?
  public var cert: Template?
  public var key: Template?
  public var authority: Template?
  public var servername: Template?
  public var unix = false
  public var connectTimeout: Double?
  public var keepaliveTime: Double?
  public var maxMessageSize: Int?
  public var userAgent: Template?
  public var compress: String?

  /// Every string key, for the reference check.
  var templates: [Template] {
    [cacert, cert, key, authority, servername, userAgent].compactMap { $0 }
  }

  /// The connection keys a file may use.
  public static let keys: Set<String> = [
    "plaintext", "insecure", "cacert", "cert", "key", "authority", "servername", "unix",
    "connect-timeout", "keepalive-time", "max-msg-sz", "user-agent", "compress",
  ]
}

/// One call and what it must return.
public struct Step: Sendable {
  /// `name:` (the method when absent).
  public var name: String
  /// Where the step starts in its file.
  public var location: SourceLocation
  /// `call:` — `pkg.Service/Method`.
  public var call: String
  /// Where `call:` was written.
  public var callLocation: SourceLocation
  /// `request:` — the one request (unary and server-streaming; default `{}`).
  public var request: TemplateValue?
  /// `requests:` — every request of a client or bidi stream, sent in order, then half-close.
  public var requests: [TemplateValue]?
  /// `stream:` — a scripted client or bidi stream.
  public var stream: [StreamAction]?
  /// `headers:` added for this step.
  public var headers: [(String, Template)] = []
  /// `max-time:` — the call's deadline.
  public var maxTime: Duration?
  /// `expect:`.
  public var expect = Expectation()
  /// `capture:` — variables set from the response, by path.
  public var captures: [(name: String, path: JSONPath)] = []
}

/// One action of a scripted stream.
public enum StreamAction: Sendable {
  /// Send a request.
  case send(TemplateValue, at: SourceLocation)
  /// The next response must match (subset), within a time.
  case receive(TemplateValue?, within: Duration?, at: SourceLocation)
  /// Half-close the request stream.
  case close(at: SourceLocation)
}

/// What a step's call must return; a step without `expect:` only needs status OK.
public struct Expectation: Sendable {
  /// `status:` — the code (default OK).
  public var status = 0
  /// `message:` — the status message.
  public var message: StringMatch?
  /// `response:` — a subset of the (last) response.
  public var response: TemplateValue?
  /// `responses:` — the whole list of responses, each a subset.
  public var responses: [TemplateValue]?
  /// `messages: {count: ...}` — how many responses.
  public var messageCount: CountCheck?
  /// `headers:` — response headers.
  public var headers: [(String, StringMatch)] = []
  /// `trailers:` — response trailers.
  public var trailers: [(String, StringMatch)] = []
  /// `assert:` — path assertions.
  public var assertions: [Assertion] = []
  /// `within:` — the longest the call may take.
  public var within: Duration?
  /// Where `expect:` was written (for failure messages).
  public var location: SourceLocation?

  /// Creates the default expectation (status OK).
  public init() {}
}

/// How a string must look: equal, contain a part, or match a regular expression.
public enum StringMatch: Sendable {
  case equals(Template)
  case contains(Template)
  case matches(Template)
}

/// A count with a comparison: `3`, `">= 1"`, `"< 10"`.
public struct CountCheck: Sendable {
  /// The comparison.
  public var comparison: Comparison
  /// The number compared with.
  public var value: Int

  /// Whether `count` passes.
  public func accepts(_ count: Int) -> Bool { comparison.holds(Double(count), Double(value)) }

  public var description: String { "\(comparison.rawValue) \(value)" }
}

/// The ordering operators of counts and assertions.
public enum Comparison: String, Sendable, CaseIterable {
  case equal = "=="
  case notEqual = "!="
  case lessOrEqual = "<="
  case greaterOrEqual = ">="
  case less = "<"
  case greater = ">"

  func holds(_ lhs: Double, _ rhs: Double) -> Bool {
    switch self {
    case .equal: lhs == rhs
    case .notEqual: lhs != rhs
    case .lessOrEqual: lhs <= rhs
    case .greaterOrEqual: lhs >= rhs
    case .less: lhs < rhs
    case .greater: lhs > rhs
    }
  }
}
