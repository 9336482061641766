import SwiftProtobuf

/// Compiles `.proto` files and their imports into linked `FileDescriptorProto`s:
/// read → lex → parse → link (names, options) for each file, dependencies first.
public struct ProtoCompiler {
  private let reader: SourceFileReader
  private var linked: [String: Google_Protobuf_FileDescriptorProto] = [:]
  private var failed: Set<String> = []
  private var ordered: [Google_Protobuf_FileDescriptorProto] = []
  private var symbols = SymbolTable()
  private var reporter = DiagnosticReporter()
  private var index = DescriptorIndex()
  /// Where each loaded file imports each of its dependencies.
  private var importPositions: [String: [String: SourcePosition]] = [:]
  /// Every file read from disk, in reading order.
  private var sources: [SourceFile] = []

  /// Creates a compiler searching `importPaths` (the current directory when empty).
  public init(importPaths: [String]) {
    self.reader = SourceFileReader(importPaths: importPaths)
  }

  /// Compiles the files named on the command line and everything they import. Returns every file
  /// in dependency order (dependencies first), or throws with all diagnostics. With
  /// `includeSourceInfo`, each file keeps its `source_code_info` (locations and comments, as
  /// `protoc --include_source_info` writes them).
  public static func compile(
    files: [String],
    importPaths: [String],
    includeSourceInfo: Bool = false
  ) throws(SchemaError) -> [Google_Protobuf_FileDescriptorProto] {
    try compileReportingSources(
      files: files,
      importPaths: importPaths,
      includeSourceInfo: includeSourceInfo
    ).files
  }

  /// One source file the compiler read: where it was found and what it held.
  public struct SourceFile: Sendable {
    /// The path it was read from (an import path joined with its import name).
    public var path: String
    /// Its contents.
    public var contents: [UInt8]
  }

  /// `compile(files:importPaths:includeSourceInfo:)`, also returning every source file read from
  /// disk (built-in files come from the binary and are not listed) — what a cache of the result
  /// must check.
  public static func compileReportingSources(
    files: [String],
    importPaths: [String],
    includeSourceInfo: Bool = false
  ) throws(SchemaError) -> (files: [Google_Protobuf_FileDescriptorProto], sources: [SourceFile]) {
    let (files, sources, _) = try compileWithSymbols(
      files: files,
      importPaths: importPaths,
      includeSourceInfo: includeSourceInfo
    )
    return (files, sources)
  }

  static func compileWithSymbols(
    files: [String],
    importPaths: [String],
    includeSourceInfo: Bool
  ) throws(SchemaError) -> (
    files: [Google_Protobuf_FileDescriptorProto], sources: [SourceFile], symbols: SymbolTable
  ) {
    var compiler = ProtoCompiler(importPaths: importPaths)
    for path in files {
      compiler.load(
        compiler.reader.importName(forCommandLinePath: path),
        importedFrom: nil,
        stack: []
      )
    }
    if compiler.reporter.hasErrors {
      throw .invalidSource(compiler.reporter.reportedErrors)
    }
    guard includeSourceInfo else {
      let stripped = compiler.ordered.map {
        var file = $0
        file.clearSourceCodeInfo()
        return file
      }
      return (stripped, compiler.sources, compiler.symbols)
    }
    return (compiler.ordered, compiler.sources, compiler.symbols)
  }

  /// `compileReportingSources(files:importPaths:includeSourceInfo:)`, and the pool of the
  /// result: built over the symbol table the compiler filled while linking (a pool built from the
  /// files alone would collect every name again).
  public static func compileIntoPool(
    files: [String],
    importPaths: [String],
    includeSourceInfo: Bool = false
  ) throws(SchemaError) -> (
    pool: DescriptorPool, files: [Google_Protobuf_FileDescriptorProto], sources: [SourceFile]
  ) {
    let (files, sources, symbols) = try compileWithSymbols(
      files: files,
      importPaths: importPaths,
      includeSourceInfo: includeSourceInfo
    )
    return (try DescriptorPool(ordered: files, symbols: symbols), files, sources)
  }

  /// Loads one file (and, first, its imports). Returns whether it linked without errors.
  @discardableResult
  private mutating func load(
    _ name: String,
    importedFrom: SourcePosition?,
    stack: [String]
  ) -> Bool {
    if linked[name] != nil { return true }
    if failed.contains(name) { return false }
    if let cycleStart = stack.firstIndex(of: name), let at = importedFrom {
      // Reported, as protoc does, at the cycle's first file, where it imports the next one.
      let cycle = Array(stack[cycleStart...]) + [name]
      let root = importPositions[cycle[0]]?[cycle[1]] ?? at
      reporter.error(
        "File recursively imports itself: \(cycle.joined(separator: " -> "))",
        at: root
      )
      return false
    }
    guard let (path, source) = reader.locate(name) else {
      if let builtIn = WellKnownProtos.descriptor(named: name) {
        return loadBuiltIn(builtIn, stack: stack)
      }
      let problem = reader.isDirectory(name) ? "Input file is a directory." : "File not found."
      reporter.append(Diagnostic(problem, file: name))
      failed.insert(name)
      return false
    }
    sources.append(SourceFile(path: path, contents: source))
    let (parsed, parseReport) = Parser.parse(fileName: name, source: source)
    reporter.append(contentsOf: parseReport)
    var dependenciesOK = true
    importPositions[name] = parsed.importPositions
    for dependency in parsed.descriptor.dependency {
      let at = parsed.importPositions[dependency] ?? SourcePosition(file: name, line: 1, column: 1)
      if !load(dependency, importedFrom: at, stack: stack + [name]) {
        reporter.error("Import \"\(dependency)\" was not found or had errors.", at: at)
        dependenciesOK = false
      }
    }
    guard dependenciesOK, !parseReport.hasErrors else {
      failed.insert(name)
      return false
    }
    let (file, linkDiagnostics) = Linker.link(
      parsed,
      symbols: &symbols,
      visibleFiles: visibleFiles(of: parsed.descriptor),
      index: &index
    )
    linkDiagnostics.forEach { reporter.append($0) }
    guard !linkDiagnostics.contains(where: { $0.severity == .error }) else {
      failed.insert(name)
      return false
    }
    linked[name] = file
    ordered.append(file)
    return true
  }

  /// Adds a built-in file from its precompiled descriptor (no import path had a file of that
  /// name), after its own built-in imports: what linking its source would add, without the work.
  private mutating func loadBuiltIn(
    _ file: Google_Protobuf_FileDescriptorProto,
    stack: [String]
  ) -> Bool {
    for dependency in file.dependency {
      guard load(dependency, importedFrom: nil, stack: stack + [file.name]) else {
        failed.insert(file.name)
        return false
      }
    }
    let conflicts = symbols.add(file).filter { $0.kind != .package }
    for conflict in conflicts {
      reporter.append(
        Diagnostic(
          "\"\(conflict.name)\" is already defined in file \"\(conflict.existingFile)\".",
          file: file.name
        )
      )
    }
    guard conflicts.isEmpty else {
      failed.insert(file.name)
      return false
    }
    index.add(file)
    linked[file.name] = file
    ordered.append(file)
    return true
  }

  /// Direct imports plus everything they re-export with `import public`, transitively.
  private func visibleFiles(of file: Google_Protobuf_FileDescriptorProto) -> Set<String> {
    var visible = Set(file.dependency)
    var queue = file.dependency
    while let next = queue.popLast() {
      guard let dependency = linked[next] else { continue }
      for index in dependency.publicDependency where Int(index) < dependency.dependency.count {
        let name = dependency.dependency[Int(index)]
        if visible.insert(name).inserted { queue.append(name) }
      }
    }
    return visible
  }
}
