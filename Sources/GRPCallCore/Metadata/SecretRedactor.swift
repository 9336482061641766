/// Hides credentials in headers before they are printed: the values of `authorization`,
/// `proxy-authorization`, `cookie`, `set-cookie`, `x-api-key` and every `*-token` / `*-secret`
/// header. An authorization scheme (`Bearer`, `Basic`) stays readable; the credential becomes
/// `<redacted N chars>`.
public struct SecretRedactor: Sendable {
  /// Whether values are shown as they are (`--show-secrets`).
  public var showSecrets: Bool

  /// Creates a redactor; with `showSecrets` it changes nothing.
  public init(showSecrets: Bool = false) {
    self.showSecrets = showSecrets
  }

  static let sensitiveNames: Set<String> = [
    "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key",
  ]
  static let sensitiveSuffixes = ["-token", "-secret"]

  /// Whether a header of this name carries a credential.
  public static func isSensitive(_ name: String) -> Bool {
    let name = name.lowercased()
    return sensitiveNames.contains(name) || sensitiveSuffixes.contains { name.hasSuffix($0) }
  }

  /// The value as it may be printed.
  public func value(_ value: String, forHeader name: String) -> String {
    guard !showSecrets, Self.isSensitive(name) else { return value }
    let lowered = name.lowercased()
    if lowered == "authorization" || lowered == "proxy-authorization",
      let space = value.firstIndex(of: " ")
    {
      let scheme = value[..<space]
      let credential = value[value.index(after: space)...]
      return "\(scheme) \(Self.placeholder(count: credential.count))"
    }
    return Self.placeholder(count: value.count)
  }

  /// A `name: value` header line as it may be printed.
  public func headerLine(_ line: String) -> String {
    guard let colon = line.firstIndex(of: ":") else { return line }
    let name = String(line[..<colon]).trimmingSpaces()
    let rawValue = line[line.index(after: colon)...]
    let leading = rawValue.prefix { $0 == " " || $0 == "\t" }
    let value = String(rawValue.dropFirst(leading.count))
    guard Self.isSensitive(name), !showSecrets else { return line }
    return String(line[..<colon]) + ":" + leading + self.value(value, forHeader: name)
  }

  static func placeholder(count: Int) -> String {
    "<redacted \(count) char\(count == 1 ? "" : "s")>"
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
