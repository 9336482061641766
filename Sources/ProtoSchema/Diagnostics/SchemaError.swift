/// Why a schema could not be loaded.
public enum SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The source had errors; each diagnostic names its file, line and column.
  case invalidSource([Diagnostic])
  /// A file could not be read.
  case unreadableFile(path: String, reason: String)
  /// A protoset file is not a valid `FileDescriptorSet`.
  case invalidProtoset(path: String, reason: String)
  /// A descriptor (from a protoset or a server) is malformed.
  case invalidDescriptor(file: String, reason: String)
  /// Two sources define the same file or symbol differently.
  case conflictingDefinition(symbol: String, firstFile: String, secondFile: String)

  /// One line per problem.
  public var description: String {
    switch self {
    case .invalidSource(let diagnostics):
      return diagnostics.map(\.description).joined(separator: "\n")
    case .unreadableFile(let path, let reason):
      return "\(path): \(reason)"
    case .invalidProtoset(let path, let reason):
      return "could not load protoset file \"\(path)\": \(reason)"
    case .invalidDescriptor(let file, let reason):
      return "\(file): invalid descriptor: \(reason)"
    case .conflictingDefinition(let symbol, let firstFile, let secondFile):
      return "\"\(symbol)\" is defined in both \(firstFile) and \(secondFile)"
    }
  }
}
