/// Where something is in a scenario file: `file:line:col`, 1-based.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
  /// The scenario file as given.
  public var file: String
  /// 1-based line.
  public var line: Int
  /// 1-based column.
  public var column: Int

  /// Creates a location.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  public var description: String { "\(file):\(line):\(column)" }
}
