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

/// Finds elements of a file by their `SourceCodeInfo`-style path.
enum DescriptorNavigator {
  static func message(
    at path: DescriptorPath,
    in file: Google_Protobuf_FileDescriptorProto
  ) -> Google_Protobuf_DescriptorProto? {
    guard path.count >= 2, path.count % 2 == 0, path[0] == 4,
      file.messageType.indices.contains(Int(path[1]))
    else { return nil }
    var message = file.messageType[Int(path[1])]
    var rest = path.dropFirst(2)
    while rest.count >= 2 {
      guard rest.first == 3, message.nestedType.indices.contains(Int(rest[rest.startIndex + 1]))
      else { return nil }
      message = message.nestedType[Int(rest[rest.startIndex + 1])]
      rest = rest.dropFirst(2)
    }
    return message
  }

  static func enumType(
    at path: DescriptorPath,
    in file: Google_Protobuf_FileDescriptorProto
  ) -> Google_Protobuf_EnumDescriptorProto? {
    guard path.count >= 2 else { return nil }
    let index = Int(path[path.count - 1])
    if path.count == 2 {
      return path[0] == 5 && file.enumType.indices.contains(index) ? file.enumType[index] : nil
    }
    guard path[path.count - 2] == 4, let parent = message(at: Array(path.dropLast(2)), in: file),
      parent.enumType.indices.contains(index)
    else { return nil }
    return parent.enumType[index]
  }

  static func enumValue(
    at path: DescriptorPath,
    in file: Google_Protobuf_FileDescriptorProto
  ) -> Google_Protobuf_EnumValueDescriptorProto? {
    guard path.count >= 4, let parent = enumType(at: Array(path.dropLast(2)), in: file) else {
      return nil
    }
    let index = Int(path[path.count - 1])
    return parent.value.indices.contains(index) ? parent.value[index] : nil
  }

  static func field(
    at path: DescriptorPath,
    in file: Google_Protobuf_FileDescriptorProto
  ) -> Google_Protobuf_FieldDescriptorProto? {
    guard path.count >= 2 else { return nil }
    let index = Int(path[path.count - 1])
    if path.count == 2 {
      return path[0] == 7 && file.extension.indices.contains(index) ? file.extension[index] : nil
    }
    guard let parent = message(at: Array(path.dropLast(2)), in: file) else { return nil }
    let fields = path[path.count - 2] == 6 ? parent.extension : parent.field
    return fields.indices.contains(index) ? fields[index] : nil
  }

  static func service(
    at path: DescriptorPath,
    in file: Google_Protobuf_FileDescriptorProto
  ) -> Google_Protobuf_ServiceDescriptorProto? {
    guard path.count == 2, path[0] == 6, file.service.indices.contains(Int(path[1])) else {
      return nil
    }
    return file.service[Int(path[1])]
  }

  static func method(
    at path: DescriptorPath,
    in file: Google_Protobuf_FileDescriptorProto
  ) -> Google_Protobuf_MethodDescriptorProto? {
    guard path.count == 4, let service = service(at: Array(path.prefix(2)), in: file),
      service.method.indices.contains(Int(path[3]))
    else { return nil }
    return service.method[Int(path[3])]
  }
}
