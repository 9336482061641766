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

  /// A file whose imports are being loaded: what `load` keeps on its explicit stack.
  private struct PendingFile {
    var name: String
    var importedFrom: SourcePosition?
    var parsed: ParsedFile
    var parseHadErrors: Bool
    var nextDependency = 0
    var dependenciesOK = true
  }

  /// How loading a name began: already known, failed at once, or parsed with imports to load.
  private enum LoadStart {
    case finished(Bool)
    case parsed(PendingFile)
  }

  /// Loads one file (and, first, its imports). Returns whether it linked without errors.
  ///
  /// Iterative, with the chain of files being loaded on an explicit stack: an import chain of
  /// thousands of files must not overflow the call stack.
  @discardableResult
  private mutating func load(
    _ name: String,
    importedFrom: SourcePosition?,
    stack outer: [String]
  ) -> Bool {
    var chain = outer
    var pending: [PendingFile] = []
    var result: Bool
    switch start(name, importedFrom: importedFrom, chain: chain) {
    case .finished(let ok): return ok
    case .parsed(let file):
      pending.append(file)
      chain.append(name)
    }
    while true {
      let top = pending.count - 1
      let file = pending[top]
      let dependencies = file.parsed.descriptor.dependency
      if file.nextDependency < dependencies.count {
        let dependency = dependencies[file.nextDependency]
        pending[top].nextDependency += 1
        let at =
          file.parsed.importPositions[dependency]
          ?? SourcePosition(file: file.name, line: 1, column: 1)
        switch start(dependency, importedFrom: at, chain: chain) {
        case .finished(let ok):
          if !ok { dependencyFailed(dependency, at: at, in: &pending[top]) }
        case .parsed(let next):
          pending.append(next)
          chain.append(dependency)
        }
        continue
      }
      result = finish(file)
      pending.removeLast()
      chain.removeLast()
      guard let parent = pending.indices.last else { return result }
      if !result {
        dependencyFailed(file.name, at: file.importedFrom, in: &pending[parent])
      }
    }
  }

  private mutating func dependencyFailed(
    _ dependency: String,
    at: SourcePosition?,
    in importer: inout PendingFile
  ) {
    let at = at ?? SourcePosition(file: importer.name, line: 1, column: 1)
    reporter.error("Import \"\(dependency)\" was not found or had errors.", at: at)
    importer.dependenciesOK = false
  }

  /// Reads and parses `name`, unless it is known, missing, built in or part of a cycle.
  private mutating func start(
    _ name: String,
    importedFrom: SourcePosition?,
    chain: [String]
  ) -> LoadStart {
    if linked[name] != nil { return .finished(true) }
    if failed.contains(name) { return .finished(false) }
    if let cycleStart = chain.lastIndex(of: name), let at = importedFrom {
      // Reported, as protoc does, at the cycle's first file, where it imports the next one.
      let cycle = Array(chain[cycleStart...]) + [name]
      let root = importPositions[cycle[0]]?[cycle[1]] ?? at
      reporter.error(
        "File recursively imports itself: \(cycle.joined(separator: " -> "))",
        at: root
      )
      return .finished(false)
    }
    if let at = importedFrom, let problem = SourceFileReader.importNameProblem(name) {
      reporter.error(problem, at: at)
      failed.insert(name)
      return .finished(false)
    }
    guard let (path, source) = reader.locate(name) else {
      if let builtIn = WellKnownProtos.descriptor(named: name) {
        return .finished(loadBuiltIn(builtIn, stack: chain))
      }
      let problem =
        switch reader.kind(name) {
        case .directory: "Input file is a directory."
        case .other: "Input file is not a regular file (a pipe or a device is not read)."
        case .regular: "File could not be read."
        case nil: "File not found."
        }
      reporter.append(Diagnostic(problem, file: name))
      failed.insert(name)
      return .finished(false)
    }
    sources.append(SourceFile(path: path, contents: source))
    let (parsed, parseReport) = Parser.parse(fileName: name, source: source)
    reporter.append(contentsOf: parseReport)
    importPositions[name] = parsed.importPositions
    return .parsed(
      PendingFile(
        name: name,
        importedFrom: importedFrom,
        parsed: parsed,
        parseHadErrors: parseReport.hasErrors
      )
    )
  }

  /// Links a file whose imports are all loaded.
  private mutating func finish(_ file: PendingFile) -> Bool {
    guard file.dependenciesOK, !file.parseHadErrors else {
      failed.insert(file.name)
      return false
    }
    let (linkedFile, linkDiagnostics) = Linker.link(
      file.parsed,
      symbols: &symbols,
      visibleFiles: visibleFiles(of: file.parsed.descriptor),
      index: &index
    )
    linkDiagnostics.forEach { reporter.append($0) }
    guard !linkDiagnostics.contains(where: { $0.severity == .error }) else {
      failed.insert(file.name)
      return false
    }
    linked[file.name] = linkedFile
    ordered.append(linkedFile)
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
