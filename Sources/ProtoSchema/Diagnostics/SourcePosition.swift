/// A position in a `.proto` source file: 1-based line and column, as protoc reports them.
///
/// Columns advance to the next multiple of 8 on a tab and count bytes, as protoc's tokenizer does.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
  /// The file name as it was imported or given on the command line.
  public var file: String
  /// The 1-based line.
  public var line: Int
  /// The 1-based column.
  public var column: Int

  /// Creates a position.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:col`.
  public var description: String { "\(file):\(line):\(column)" }
}
