/// `response:` matching: objects need the listed keys (others are ignored), arrays the same
/// length with each element a subset, scalars equal as proto3 JSON compares them.
public enum SubsetMatch {
  /// The first difference as `path: expected X, got Y`, or nil when `actual` matches.
  public static func difference(
    expected: JSONValue,
    actual: JSONValue?,
    path: String
  ) -> String? {
    guard let actual else { return "\(path): missing (expected \(expected))" }
    switch (expected, actual) {
    case (.object(let wanted), .object):
      for (key, value) in wanted {
        if let problem = difference(expected: value, actual: actual[key], path: path + "." + key) {
          return problem
        }
      }
      return nil
    case (.array(let wanted), .array(let got)):
      guard wanted.count == got.count else {
        return "\(path): expected \(wanted.count) elements, got \(got.count)"
      }
      for (index, (value, element)) in zip(wanted, got).enumerated() {
        if let problem = difference(expected: value, actual: element, path: "\(path)[\(index)]") {
          return problem
        }
      }
      return nil
    default:
      return Assertion.same(expected, actual) ? nil : "\(path): expected \(expected), got \(actual)"
    }
  }
}
