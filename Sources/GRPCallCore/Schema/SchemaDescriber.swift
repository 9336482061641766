import ProtoSchema
import SwiftProtobuf

/// What `describe` prints for one symbol: `<name> is <kind>:` and the element as `.proto` source.
public struct SymbolDescription: Sendable, Hashable {
  /// The fully-qualified name, without a leading dot.
  public var name: String
  /// grpcurl's phrase for the kind: `a service`, `a message`, `an enum value`, ...
  public var kind: String
  /// The element printed as `.proto` source (no trailing newline).
  public var source: String

  /// The whole description as grpcurl prints it.
  public var text: String { "\(name) is \(kind):\n\(source)" }
}

/// Looks symbols up in a pool and prints them as grpcurl's `describe` does.
public struct SchemaDescriber: Sendable {
  let pool: DescriptorPool
  let optionPool: DescriptorPool

  /// Prepares descriptions over `pool`; descriptor.proto is added (from the built-in copy) when
  /// the schema does not import it, so options always print by name.
  public init(pool: DescriptorPool) {
    self.pool = pool
    if pool.file(named: Self.descriptorProto) != nil {
      self.optionPool = pool
    } else if let compiled = try? ProtoCompiler.compile(
      files: [Self.descriptorProto],
      importPaths: []
    ),
      let merged = try? DescriptorPool(files: compiled + pool.files)
    {
      self.optionPool = merged
    } else {
      self.optionPool = pool
    }
  }

  static let descriptorProto = "google/protobuf/descriptor.proto"

  /// Describes a fully-qualified symbol (a leading dot is allowed). Enum values are named
  /// `pkg.Enum.VALUE`, as grpcurl names them, or by their protobuf scope `pkg.VALUE`.
  public func describe(_ symbol: String) throws(GRPCallError) -> SymbolDescription {
    let name = symbol.hasPrefix(".") ? String(symbol.dropFirst()) : symbol
    guard let (found, file) = resolve(name) else { throw .symbolNotFound(symbol) }
    var printer = ProtoSourcePrinter(
      pool: pool,
      file: file,
      options: OptionRenderer(pool: optionPool)
    )
    let kind = print(found, name: name, file: file, into: &printer)
    return SymbolDescription(name: name, kind: kind, source: printer.text)
  }

  /// Every service, sorted, described in turn.
  public func describeAllServices() throws(GRPCallError) -> [SymbolDescription] {
    var result: [SymbolDescription] = []
    for name in pool.serviceNames { result.append(try describe(name)) }
    return result
  }

  private func resolve(_ name: String) -> (SymbolTable.Symbol, Google_Protobuf_FileDescriptorProto)?
  {
    if let symbol = pool.symbol(named: name), symbol.kind != .package,
      let file = pool.file(named: symbol.file)
    {
      return (symbol, file)
    }
    // pkg.Enum.VALUE
    guard let dot = name.lastIndex(of: "."),
      let enumSymbol = pool.symbol(named: String(name[..<dot])), enumSymbol.kind == .enumType,
      let file = pool.file(named: enumSymbol.file),
      let enumType = DescriptorNavigator.enumType(at: enumSymbol.path, in: file),
      let index = enumType.value.firstIndex(where: { $0.name == name[name.index(after: dot)...] })
    else { return nil }
    var symbol = enumSymbol
    symbol.kind = .enumValue
    symbol.path = enumSymbol.path + [2, Int32(index)]
    return (symbol, file)
  }

  /// Prints the element and returns grpcurl's phrase for its kind.
  private func print(
    _ symbol: SymbolTable.Symbol,
    name: String,
    file: Google_Protobuf_FileDescriptorProto,
    into printer: inout ProtoSourcePrinter
  ) -> String {
    let path = symbol.path
    switch symbol.kind {
    case .service:
      if let service = DescriptorNavigator.service(at: path, in: file) {
        printer.service(service, path: path)
      }
      return "a service"
    case .method:
      if let method = DescriptorNavigator.method(at: path, in: file) {
        printer.method(method, path: path)
      }
      return "a method"
    case .enumType:
      if let enumType = DescriptorNavigator.enumType(at: path, in: file) {
        printer.enumType(enumType, path: path)
      }
      return "an enum"
    case .enumValue:
      if let value = DescriptorNavigator.enumValue(at: path, in: file) {
        printer.enumValue(value, path: path)
      }
      return "an enum value"
    case .oneof:
      if let parent = DescriptorNavigator.message(at: Array(path.dropLast(2)), in: file) {
        printer.oneof(in: parent, index: Int(path[path.count - 1]), path: Array(path.dropLast(2)))
      }
      return "a one-of"
    case .field, .extensionField:
      return printField(
        at: path,
        file: file,
        isExtension: symbol.kind == .extensionField,
        into: &printer
      )
    case .message:
      return printMessage(name: name, at: path, file: file, into: &printer)
    case .package:
      return "a package"
    }
  }

  private func printField(
    at path: DescriptorPath,
    file: Google_Protobuf_FileDescriptorProto,
    isExtension: Bool,
    into printer: inout ProtoSourcePrinter
  ) -> String {
    guard let field = DescriptorNavigator.field(at: path, in: file) else { return "a field" }
    if isExtension {
      printer.extensions([field], path: Array(path.dropLast()))
      return "an extension"
    }
    let parent = DescriptorNavigator.message(at: Array(path.dropLast(2)), in: file)
    printer.field(field, in: parent, path: path)
    return field.type == .group ? "a group field" : "a field"
  }

  /// Messages, map entry types (printed as their map field) and group types (as their field).
  private func printMessage(
    name: String,
    at path: DescriptorPath,
    file: Google_Protobuf_FileDescriptorProto,
    into printer: inout ProtoSourcePrinter
  ) -> String {
    guard let message = DescriptorNavigator.message(at: path, in: file) else { return "a message" }
    if path.count >= 4,
      let parent = DescriptorNavigator.message(at: Array(path.dropLast(2)), in: file),
      let index = parent.field.firstIndex(where: { $0.typeName == "." + name })
    {
      let field = parent.field[index]
      let fieldPath = Array(path.dropLast(2)) + [2, Int32(index)]
      if message.options.mapEntry {
        printer.field(field, in: parent, path: fieldPath)
        return "the entry type for a map field"
      }
      if field.type == .group {
        printer.field(field, in: parent, path: fieldPath)
        return "the type of a group field"
      }
    }
    printer.message(message, path: path)
    return "a message"
  }
}
