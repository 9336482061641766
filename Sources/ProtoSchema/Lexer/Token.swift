/// One lexical token of a `.proto` file.
public struct Token: Sendable, Hashable {
  /// What kind of token this is.
  public enum Kind: Sendable, Hashable {
    /// A name or keyword: `message`, `int32`, `Foo`.
    case identifier
    /// A decimal, hex or octal integer literal (text kept as written).
    case integer
    /// A floating-point literal such as `1.5`, `1e10`, `.5`.
    case float
    /// A quoted string; `bytes` holds its unescaped value.
    case string
    /// A single punctuation character: `{ } ( ) [ ] < > ; , = . - + :` and `/`.
    case symbol
    /// The end of the file.
    case endOfFile
  }

  /// The kind of token.
  public var kind: Kind
  /// The token's text as written (for strings: as written, quotes included).
  public var text: String
  /// For strings: the unescaped bytes.
  public var bytes: [UInt8]
  /// Where the token starts.
  public var position: SourcePosition
  /// Where the token ends (the column just past its last character).
  public var end: SourcePosition

  /// Creates a token.
  public init(
    kind: Kind,
    text: String,
    bytes: [UInt8] = [],
    position: SourcePosition,
    end: SourcePosition
  ) {
    self.kind = kind
    self.text = text
    self.bytes = bytes
    self.position = position
    self.end = end
  }

  /// Whether this token is the given symbol.
  public func isSymbol(_ symbol: String) -> Bool { kind == .symbol && text == symbol }

  /// Whether this token is the given identifier or keyword.
  public func isIdentifier(_ word: String) -> Bool { kind == .identifier && text == word }

}
