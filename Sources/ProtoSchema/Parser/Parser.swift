import SwiftProtobuf

/// Parses the tokens of one `.proto` file into an unlinked `FileDescriptorProto`.
///
/// Like protoc's own parser, it lowers straight into descriptor messages while recording the
/// source position of every element it may later need to report on. Syntax errors are reported
/// with protoc's wording and the parser resynchronises at the next statement, so one run reports
/// every error in the file.
public struct Parser {
  var tokens: [Token]
  var index = 0
  var reporter = DiagnosticReporter()
  var file = Google_Protobuf_FileDescriptorProto()
  var positions: [DescriptorPath: SourcePosition] = [:]
  var importPositions: [String: SourcePosition] = [:]
  var syntax: Syntax = .proto2
  /// For each token, the comments before it.
  let commentGaps: [CommentGap]
  /// Source locations recorded so far, in protoc's order.
  var sourceLocations: [Google_Protobuf_SourceCodeInfo.Location] = []
  /// The comment leading the next declaration, gathered when the previous one ended.
  var upcomingLeadingComment = ""
  /// Detached comments before the next declaration.
  var upcomingDetachedComments: [String] = []
  /// How many message (or group) bodies enclose the current statement.
  var nesting = 0
  /// The deepest nesting of messages, and of option aggregate values, accepted: every later pass
  /// (linking, options, the codec, `describe`) recurses over it, so it is bounded here, at
  /// protoc's text-format limit.
  static let maximumNesting = 100

  /// Which language rules a file follows.
  enum Syntax: Equatable {
    case proto2
    case proto3
    case editions(Google_Protobuf_Edition)
  }

  /// Thrown to abandon the current statement after a syntax error has been reported.
  struct Recover: Error {}

  /// Parses `source` as the file named `fileName`.
  public static func parse(fileName: String, source: [UInt8]) -> (ParsedFile, DiagnosticReporter) {
    var lexer = Lexer(file: fileName, source: source)
    let tokens = lexer.tokenize()
    var parser = Parser(tokens: tokens, commentGaps: lexer.gaps)
    for diagnostic in lexer.diagnostics { parser.reporter.append(diagnostic) }
    parser.file.name = fileName
    parser.parseFile()
    let parsed = ParsedFile(
      descriptor: parser.file,
      positions: parser.positions,
      importPositions: parser.importPositions,
      sourceLocations: parser.sourceLocations
    )
    return (parsed, parser.reporter)
  }

  init(tokens: [Token], commentGaps: [CommentGap]) {
    self.tokens = tokens
    self.commentGaps = commentGaps
    // About one named element (and so one position) per four tokens; sized once, not regrown.
    positions.reserveCapacity(tokens.count / 4)
    upcomingLeadingComment = commentGaps[0].leading
    upcomingDetachedComments = commentGaps[0].detached
  }

  // MARK: - Token helpers

  var current: Token { tokens[index] }
  var atEnd: Bool { current.kind == .endOfFile }

  mutating func advance() {
    if !atEnd { index += 1 }
  }

  /// Consumes the symbol if it is next.
  mutating func consume(_ symbol: String) -> Bool {
    guard current.isSymbol(symbol) else { return false }
    advance()
    return true
  }

  /// Consumes the keyword if it is next.
  mutating func consumeKeyword(_ word: String) -> Bool {
    guard current.isIdentifier(word) else { return false }
    advance()
    return true
  }

  /// Requires a symbol, reporting `Expected "x".` otherwise.
  mutating func expect(_ symbol: String) throws(Recover) {
    guard consume(symbol) else { throw fail("Expected \"\(symbol)\".") }
  }

  /// Requires an identifier and returns it.
  mutating func expectIdentifier(_ what: String = "identifier") throws(Recover) -> Token {
    guard current.kind == .identifier else { throw fail("Expected \(what).") }
    defer { advance() }
    return current
  }

  /// Requires a string literal (adjacent literals concatenate) and returns its bytes.
  mutating func expectString() throws(Recover) -> [UInt8] {
    guard current.kind == .string else { throw fail("Expected string.") }
    var bytes: [UInt8] = []
    while current.kind == .string {
      bytes += current.bytes
      advance()
    }
    return bytes
  }

  /// Reports an error at the current token and returns the recovery signal.
  mutating func fail(_ message: String) -> Recover {
    reporter.error(message, at: current.position)
    return Recover()
  }

  /// Reports an error at a given position.
  mutating func error(_ message: String, at position: SourcePosition) {
    reporter.error(message, at: position)
  }

  /// Skips to just past the end of the statement in error: the next `;` at this nesting level, or
  /// a whole `{ ... }` block.
  mutating func skipStatement() {
    var depth = 0
    while !atEnd {
      if current.isSymbol("{") {
        depth += 1
      } else if current.isSymbol("}") {
        if depth == 0 { return }
        depth -= 1
        if depth == 0 {
          advance()
          return
        }
      } else if current.isSymbol(";"), depth == 0 {
        advance()
        return
      }
      advance()
    }
  }

  /// Runs one statement parser, recovering at the statement's end when it fails.
  mutating func statement(_ body: (inout Parser) throws(Recover) -> Void) {
    let start = index
    do throws(Recover) {
      try body(&self)
    } catch {
      if index == start { advance() }
      skipStatement()
    }
  }

  /// Parses a dotted name such as `foo.Bar` or `.foo.Bar`.
  mutating func parseTypeName() throws(Recover) -> (name: String, position: SourcePosition) {
    let position = current.position
    var name = ""
    if consume(".") { name = "." }
    name += try expectIdentifier("type name").text
    while current.isSymbol(".") {
      advance()
      name += "." + (try expectIdentifier().text)
    }
    return (name, position)
  }

  /// Parses an integer literal with an optional leading `-`, returning it as a wide integer.
  mutating func parseInteger(
    _ what: String = "integer"
  ) throws(Recover) -> (value: Int64, position: SourcePosition) {
    let position = current.position
    let negative = consume("-")
    guard current.kind == .integer, let magnitude = IntegerLiteral.parse(current.text) else {
      throw fail("Expected \(what).")
    }
    advance()
    guard magnitude <= UInt64(Int64.max) + (negative ? 1 : 0) else {
      error("Integer out of range.", at: position)
      throw Recover()
    }
    let value = negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
    return (value, position)
  }

  // MARK: - File

  mutating func parseFile() {
    let root = openLocation([])
    parseSyntax()
    while !atEnd {
      statement { (p: inout Parser) throws(Recover) in try p.parseTopLevelStatement() }
    }
    closeLocation(root)
  }

  mutating func parseSyntax() {
    guard current.isIdentifier("syntax") || current.isIdentifier("edition") else { return }
    statement { (p: inout Parser) throws(Recover) in
      let location = p.openLocation([DescriptorField.fileSyntax])
      defer { p.closeLocation(location) }
      let isEdition = p.current.isIdentifier("edition")
      p.advance()
      try p.expect("=")
      let position = p.current.position
      let value = String(decoding: try p.expectString(), as: UTF8.self)
      if isEdition {
        switch value {
        case "2023": p.syntax = .editions(.edition2023)
        case "2024": p.syntax = .editions(.edition2024)
        default:
          p.error("Unknown edition \"\(value)\".", at: position)
          throw Recover()
        }
        p.file.syntax = "editions"
        if case .editions(let edition) = p.syntax { p.file.edition = edition }
      } else {
        switch value {
        case "proto2": p.syntax = .proto2
        case "proto3":
          p.syntax = .proto3
          p.file.syntax = "proto3"
        default:
          p.error(
            "Unrecognized syntax identifier \"\(value)\".  This parser only recognizes \"proto2\" and \"proto3\".",
            at: position
          )
          throw Recover()
        }
      }
      try p.endDeclaration(";", location: location)
    }
  }

  mutating func parseTopLevelStatement() throws(Recover) {
    if tryEndDeclaration(";", location: nil) { return }
    guard current.kind == .identifier else {
      throw fail("Expected top-level statement (e.g. \"message\").")
    }
    switch current.text {
    case "import": try parseImport()
    case "package": try parsePackage()
    case "option":
      var options = file.options
      try parseOptionStatement(
        into: &options.uninterpretedOption,
        path: [DescriptorField.fileOptions],
        optionsPath: [DescriptorField.fileOptions]
      )
      file.options = options
    case "message":
      let path: DescriptorPath = [DescriptorField.fileMessageType, Int32(file.messageType.count)]
      let location = openLocation(path)
      defer { closeLocation(location) }
      file.messageType.append(try parseMessage(path: path, location: location))
    case "enum":
      let path: DescriptorPath = [DescriptorField.fileEnumType, Int32(file.enumType.count)]
      let location = openLocation(path)
      defer { closeLocation(location) }
      file.enumType.append(try parseEnum(path: path, location: location))
    case "service":
      let path: DescriptorPath = [DescriptorField.fileService, Int32(file.service.count)]
      let location = openLocation(path)
      defer { closeLocation(location) }
      file.service.append(try parseService(path: path, location: location))
    case "extend":
      let location = openLocation([DescriptorField.fileExtension])
      defer { closeLocation(location) }
      let (fields, groups) = try parseExtend(
        location: location,
        path: [DescriptorField.fileExtension],
        extensionBase: file.extension.count,
        nestedPath: [DescriptorField.fileMessageType],
        nestedBase: file.messageType.count
      )
      file.extension += fields
      file.messageType += groups
    default:
      throw fail("Expected top-level statement (e.g. \"message\").")
    }
  }

  mutating func parseImport() throws(Recover) {
    let statement = current.position
    let location = openLocation([DescriptorField.fileDependency, Int32(file.dependency.count)])
    defer { closeLocation(location) }
    advance()
    var kind = ""
    if current.isIdentifier("public") || current.isIdentifier("weak") {
      kind = current.text
      let path: DescriptorPath =
        kind == "public"
        ? [DescriptorField.filePublicDependency, Int32(file.publicDependency.count)]
        : [DescriptorField.fileWeakDependency, Int32(file.weakDependency.count)]
      let modifier = openLocation(path)
      advance()
      closeLocation(modifier)
    }
    let name = String(decoding: try expectString(), as: UTF8.self)
    try endDeclaration(";", location: location)
    if file.dependency.contains(name) {
      error("Import \"\(name)\" was listed twice.", at: statement)
      return
    }
    let dependencyIndex = Int32(file.dependency.count)
    file.dependency.append(name)
    importPositions[name] = statement
    if kind == "public" { file.publicDependency.append(dependencyIndex) }
    if kind == "weak" { file.weakDependency.append(dependencyIndex) }
  }

  mutating func parsePackage() throws(Recover) {
    let position = current.position
    let location = openLocation([DescriptorField.filePackage])
    defer { closeLocation(location) }
    advance()
    if file.hasPackage {
      error("Multiple package definitions.", at: position)
    }
    var name = try expectIdentifier().text
    while consume(".") { name += "." + (try expectIdentifier().text) }
    try endDeclaration(";", location: location)
    // protoc's limit; every prefix of the name becomes a symbol, so it also keeps that linear.
    guard name.utf8.count < 512 else {
      error("Package name is too long", at: position)
      return
    }
    file.package = name
  }
}

/// Parses protobuf integer literals: decimal, `0x` hex and `0` octal.
enum IntegerLiteral {
  static func parse(_ text: String) -> UInt64? {
    if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt64(text.dropFirst(2), radix: 16) }
    if text.count > 1 && text.hasPrefix("0") { return UInt64(text.dropFirst(), radix: 8) }
    return UInt64(text)
  }
}
