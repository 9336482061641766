import SwiftProtobuf

/// Every file grpcall knows, merged from `.proto` sources, protosets or server reflection, with
/// fast look-ups by fully-qualified name.
///
/// Construction validates what it is given, so a malformed descriptor from any source becomes a
/// `SchemaError` here instead of a crash later.
public final class DescriptorPool: Sendable {
  /// All files in dependency order (dependencies first).
  public let files: [Google_Protobuf_FileDescriptorProto]
  private let fileIndex: [String: Int]
  private let symbols: SymbolTable
  private let messages: [String: MessageDescriptor]
  private let enums: [String: EnumDescriptor]
  private let services: [String: ServiceDescriptor]
  private let extensions: [String: [FieldDescriptor]]
  private let extensionsByName: [String: FieldDescriptor]

  /// Builds a pool from files in any order. Identical duplicates are merged; a file that names a
  /// missing dependency, a duplicate symbol or a dangling type reference is an error.
  public convenience init(files input: [Google_Protobuf_FileDescriptorProto]) throws(SchemaError) {
    let ordered = try Self.topologicallySorted(Self.deduplicated(input))
    var symbols = SymbolTable()
    for file in ordered {
      try DescriptorValidator.validate(file)
      if let conflict = symbols.add(file).first(where: { $0.kind != .package }) {
        throw .conflictingDefinition(
          symbol: conflict.name,
          firstFile: conflict.existingFile,
          secondFile: file.name
        )
      }
    }
    try self.init(ordered: ordered, symbols: symbols)
  }

  /// A pool of files the compiler linked — distinct, dependencies first — over the symbol table
  /// it built while linking them, instead of building that table a second time.
  init(
    ordered: [Google_Protobuf_FileDescriptorProto],
    symbols: SymbolTable
  ) throws(SchemaError) {
    var builder = Builder(symbols: symbols)
    for file in ordered { try builder.add(file) }
    self.files = builder.files
    self.fileIndex = Dictionary(
      uniqueKeysWithValues: builder.files.enumerated().map { ($1.name, $0) }
    )
    self.symbols = symbols
    self.messages = builder.messages
    self.enums = builder.enums
    self.services = builder.services
    self.extensions = builder.extensions
    var byName: [String: FieldDescriptor] = [:]
    for field in builder.extensions.values.joined() { byName[field.fullName] = field }
    self.extensionsByName = byName
  }

  // MARK: - Look-ups

  /// A message type by full name (a leading dot is allowed).
  public func message(named name: String) -> MessageDescriptor? { messages[Self.trimmed(name)] }

  /// An enum type by full name.
  public func enumType(named name: String) -> EnumDescriptor? { enums[Self.trimmed(name)] }

  /// A service by full name.
  public func service(named name: String) -> ServiceDescriptor? { services[Self.trimmed(name)] }

  /// Extensions of a message, by the extended message's full name.
  public func extensions(of message: String) -> [FieldDescriptor] {
    extensions[Self.trimmed(message)] ?? []
  }

  /// An extension by its full name.
  public func extensionField(named name: String) -> FieldDescriptor? {
    let name = Self.trimmed(name)
    return extensionsByName[name]
  }

  /// What a fully-qualified name denotes, if anything.
  public func symbol(named name: String) -> SymbolTable.Symbol? { symbols[Self.trimmed(name)] }

  /// A file by name.
  public func file(named name: String) -> Google_Protobuf_FileDescriptorProto? {
    fileIndex[name].map { files[$0] }
  }

  /// Every service's full name, sorted.
  public var serviceNames: [String] { services.keys.sorted() }

  /// Every message's full name, sorted (map entries included).
  public var messageNames: [String] { messages.keys.sorted() }

  /// Every enum's full name, sorted.
  public var enumNames: [String] { enums.keys.sorted() }

  /// The named files and everything they import, dependencies first, as a `FileDescriptorSet`.
  public func fileSet(including names: [String]) -> Google_Protobuf_FileDescriptorSet {
    var wanted = Set<String>()
    var queue = names
    while let name = queue.popLast() {
      guard wanted.insert(name).inserted, let file = file(named: name) else { continue }
      queue += file.dependency
    }
    var set = Google_Protobuf_FileDescriptorSet()
    set.file = files.filter { wanted.contains($0.name) }
    return set
  }

  private static func trimmed(_ name: String) -> String {
    name.utf8.first == UInt8(ascii: ".") ? String(name.dropFirst()) : name
  }

  // MARK: - Validation

  private static func deduplicated(
    _ files: [Google_Protobuf_FileDescriptorProto]
  ) throws(SchemaError) -> [Google_Protobuf_FileDescriptorProto] {
    var seen: [String: Google_Protobuf_FileDescriptorProto] = [:]
    var result: [Google_Protobuf_FileDescriptorProto] = []
    for file in files {
      guard !file.name.isEmpty else {
        throw .invalidDescriptor(file: "<unnamed>", reason: "file has no name")
      }
      if let existing = seen[file.name] {
        var a = existing
        var b = file
        a.clearSourceCodeInfo()
        b.clearSourceCodeInfo()
        if a != b {
          throw .conflictingDefinition(
            symbol: file.name,
            firstFile: file.name,
            secondFile: file.name
          )
        }
        continue
      }
      seen[file.name] = file
      result.append(file)
    }
    return result
  }

  /// Dependencies before dependents, by an explicit stack: an import chain thousands of files
  /// long must not overflow the call stack.
  private static func topologicallySorted(
    _ files: [Google_Protobuf_FileDescriptorProto]
  ) throws(SchemaError) -> [Google_Protobuf_FileDescriptorProto] {
    let byName = Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0) })
    var state: [String: Bool] = [:]  // false: visiting, true: done
    var ordered: [Google_Protobuf_FileDescriptorProto] = []
    for root in files where state[root.name] == nil {
      // Each entry: a file being visited and how many of its dependencies were looked at.
      var stack: [(file: Google_Protobuf_FileDescriptorProto, next: Int)] = [(root, 0)]
      state[root.name] = false
      while let (file, next) = stack.last {
        guard next < file.dependency.count else {
          stack.removeLast()
          state[file.name] = true
          ordered.append(file)
          continue
        }
        stack[stack.count - 1].next += 1
        let dependency = file.dependency[next]
        guard let child = byName[dependency] else {
          throw .invalidDescriptor(
            file: file.name,
            reason: "imports \"\(dependency)\", which is not in the set"
          )
        }
        switch state[child.name] {
        case .some(true): continue
        case .some(false):
          throw .invalidDescriptor(
            file: child.name,
            reason: "import cycle through \"\(child.name)\""
          )
        case .none:
          state[child.name] = false
          stack.append((child, 0))
        }
      }
    }
    return ordered
  }
}
