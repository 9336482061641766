import SwiftProtobuf

/// Every fully-qualified name defined by a set of files, with what it is and where it comes from.
///
/// Names are stored without a leading dot. Enum values live in the scope enclosing their enum, as in
/// C++ (`pkg.VALUE`, not `pkg.Enum.VALUE`).
public struct SymbolTable: Sendable {
  /// What a name denotes.
  public enum Kind: Sendable, Hashable {
    case package
    case message
    case enumType
    case enumValue
    case service
    case method
    case field
    case oneof
    case extensionField
  }

  /// One defined name.
  public struct Symbol: Sendable, Hashable {
    /// What the name denotes.
    public var kind: Kind
    /// The file that defines it (for packages: the first file that declared it).
    public var file: String
    /// Where it is defined in that file (descriptor field numbers and indexes, as
    /// `SourceCodeInfo` paths are); `[2]` for packages.
    public var path: DescriptorPath = [2]
  }

  /// All symbols by fully-qualified name (no leading dot).
  public private(set) var symbols: [String: Symbol] = [:]
  /// The value names of each enum, by the enum's full name.
  public private(set) var enumValueNames: [String: Set<String>] = [:]
  /// The extension ranges (inclusive) of each message, by full name.
  public private(set) var extensionRanges: [String: [ClosedRange<Int32>]] = [:]

  /// Creates an empty table.
  public init() {}

  /// Looks up a fully-qualified name (no leading dot).
  public subscript(name: String) -> Symbol? { symbols[name] }

  /// A name defined twice: the name and the file that had it first.
  public struct Conflict: Sendable, Hashable {
    /// The fully-qualified name.
    public var name: String
    /// Its kind in the new file.
    public var kind: Kind
    /// The file that defined it first.
    public var existingFile: String
    /// Path of the element in the new file, for positions.
    public var path: DescriptorPath
  }

  /// Adds every name a file defines; returns the names that were already defined elsewhere.
  @discardableResult
  public mutating func add(_ file: Google_Protobuf_FileDescriptorProto) -> [Conflict] {
    var conflicts: [Conflict] = []
    let package = file.package
    if !package.isEmpty {
      var prefix = ""
      for component in package.split(separator: ".") {
        prefix = prefix.isEmpty ? String(component) : prefix + "." + component
        if let existing = symbols[prefix], existing.kind != .package {
          conflicts.append(
            Conflict(name: prefix, kind: .package, existingFile: existing.file, path: [2])
          )
        } else if symbols[prefix] == nil {
          symbols[prefix] = Symbol(kind: .package, file: file.name)
        }
      }
    }
    // The adder takes the table over for the duration (a copy would duplicate every name
    // compiled so far, once per file).
    var adder = Adder(file: file.name, table: SymbolTable())
    swap(&adder.table, &self)
    defer { swap(&adder.table, &self) }
    for (i, message) in file.messageType.enumerated() {
      adder.addMessage(message, scope: package, path: [DescriptorField.fileMessageType, Int32(i)])
    }
    for (i, enumType) in file.enumType.enumerated() {
      adder.addEnum(enumType, scope: package, path: [DescriptorField.fileEnumType, Int32(i)])
    }
    for (i, field) in file.extension.enumerated() {
      adder.add(
        Self.join(package, field.name),
        .extensionField,
        path: [DescriptorField.fileExtension, Int32(i)]
      )
    }
    for (i, service) in file.service.enumerated() {
      let name = Self.join(package, service.name)
      let path: DescriptorPath = [DescriptorField.fileService, Int32(i)]
      adder.add(name, .service, path: path)
      for (j, method) in service.method.enumerated() {
        adder.add(
          name + "." + method.name,
          .method,
          path: path + [DescriptorField.serviceMethod, Int32(j)]
        )
      }
    }
    return conflicts + adder.conflicts
  }

  /// `scope.name`, or `name` in the root scope.
  static func join(_ scope: String, _ name: String) -> String {
    scope.isEmpty ? name : scope + "." + name
  }

  private struct Adder {
    let file: String
    var table: SymbolTable
    var conflicts: [Conflict] = []

    mutating func add(_ name: String, _ kind: Kind, path: DescriptorPath) {
      if let existing = table.symbols[name] {
        conflicts.append(Conflict(name: name, kind: kind, existingFile: existing.file, path: path))
        return
      }
      table.symbols[name] = Symbol(kind: kind, file: file, path: path)
    }

    mutating func addMessage(
      _ message: Google_Protobuf_DescriptorProto,
      scope: String,
      path: DescriptorPath
    ) {
      let name = SymbolTable.join(scope, message.name)
      add(name, .message, path: path)
      table.extensionRanges[name] = message.extensionRange.filter { $0.end > $0.start }.map {
        $0.start ... ($0.end - 1)
      }
      for (i, field) in message.field.enumerated() {
        add(name + "." + field.name, .field, path: path + [DescriptorField.messageField, Int32(i)])
      }
      for (i, oneof) in message.oneofDecl.enumerated() {
        add(name + "." + oneof.name, .oneof, path: path + [DescriptorField.messageOneof, Int32(i)])
      }
      for (i, nested) in message.nestedType.enumerated() {
        addMessage(nested, scope: name, path: path + [DescriptorField.messageNestedType, Int32(i)])
      }
      for (i, enumType) in message.enumType.enumerated() {
        addEnum(enumType, scope: name, path: path + [DescriptorField.messageEnumType, Int32(i)])
      }
      for (i, field) in message.extension.enumerated() {
        add(
          name + "." + field.name,
          .extensionField,
          path: path + [DescriptorField.messageExtension, Int32(i)]
        )
      }
    }

    mutating func addEnum(
      _ enumType: Google_Protobuf_EnumDescriptorProto,
      scope: String,
      path: DescriptorPath
    ) {
      add(SymbolTable.join(scope, enumType.name), .enumType, path: path)
      table.enumValueNames[SymbolTable.join(scope, enumType.name)] = Set(enumType.value.map(\.name))
      for (i, value) in enumType.value.enumerated() {
        add(
          SymbolTable.join(scope, value.name),
          .enumValue,
          path: path + [DescriptorField.enumValue, Int32(i)]
        )
      }
    }
  }
}
