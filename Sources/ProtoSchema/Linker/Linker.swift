import SwiftProtobuf

/// Links a parsed file against its already-linked dependencies: resolves every type reference
/// with protoc's scoping rules, fills in `type`, makes names fully qualified, checks field numbers,
/// and interprets options.
public struct Linker {
  private var file: Google_Protobuf_FileDescriptorProto
  private let positions: [DescriptorPath: SourcePosition]
  private var symbols: SymbolTable
  private let visibleFiles: Set<String>
  private var reporter = DiagnosticReporter()
  /// Option source paths as interpreted (see `OptionInterpreter.interpretedPaths`).
  private var interpretedPaths: [DescriptorPath: DescriptorPath] = [:]
  /// Paths of stripped source-retention options.
  private var strippedPaths: [DescriptorPath] = []
  /// Type references resolved so far, by scope then reference as written (a file names the
  /// same types from the same scopes many times).
  private var resolvedReferences: [String: [String: String]] = [:]

  /// Links `parsed`. `symbols` holds every dependency's names; `visibleFiles` the files this one may
  /// use (itself, direct imports and files re-exported by `import public`).
  ///
  /// `symbols` and `index` gain the file's definitions; they are updated in place (not copied), as
  /// they hold every file compiled so far.
  public static func link(
    _ parsed: ParsedFile,
    symbols: inout SymbolTable,
    visibleFiles: Set<String>,
    index: inout DescriptorIndex
  ) -> (Google_Protobuf_FileDescriptorProto, [Diagnostic]) {
    var table = SymbolTable()
    swap(&table, &symbols)
    var linker = Linker(
      file: parsed.descriptor,
      positions: parsed.positions,
      symbols: consume table,
      visibleFiles: visibleFiles.union([parsed.descriptor.name])
    )
    linker.run(index: &index)
    if !linker.reporter.hasErrors {
      linker.file.sourceCodeInfo.location = InterpretedLocations.rewrite(
        parsed.sourceLocations,
        moving: linker.interpretedPaths,
        dropping: linker.strippedPaths
      )
    }
    symbols = linker.symbols
    return (linker.file, linker.reporter.diagnostics)
  }

  private init(
    file: Google_Protobuf_FileDescriptorProto,
    positions: [DescriptorPath: SourcePosition],
    symbols: SymbolTable,
    visibleFiles: Set<String>
  ) {
    self.file = file
    self.positions = positions
    self.symbols = symbols
    self.visibleFiles = visibleFiles
  }

  private func position(_ path: DescriptorPath) -> SourcePosition {
    positions.nearest(path, file: file.name)
  }

  private mutating func run(index: inout DescriptorIndex) {
    for conflict in symbols.add(file) {
      reportConflict(conflict)
    }
    guard !reporter.hasErrors else { return }
    let package = file.package
    var working = file
    for i in file.messageType.indices {
      linkMessage(
        &working.messageType[i],
        scope: SymbolTable.join(package, working.messageType[i].name),
        path: [DescriptorField.fileMessageType, Int32(i)]
      )
    }
    for i in file.extension.indices {
      linkField(
        &working.extension[i],
        scope: package,
        path: [DescriptorField.fileExtension, Int32(i)]
      )
    }
    for i in file.service.indices {
      linkService(&working.service[i], path: [DescriptorField.fileService, Int32(i)])
    }
    for i in file.enumType.indices {
      checkEnum(file.enumType[i], scope: package, path: [DescriptorField.fileEnumType, Int32(i)])
    }
    file = working
    guard !reporter.hasErrors else { return }
    index.add(file)
    var interpreter = OptionInterpreter(
      fileName: file.name,
      package: file.package,
      positions: positions,
      index: index
    )
    interpreter.interpret(&file)
    interpretedPaths = interpreter.interpretedPaths
    strippedPaths = interpreter.strippedPaths
    for diagnostic in interpreter.diagnostics { reporter.append(diagnostic) }
  }

  private mutating func reportConflict(_ conflict: SymbolTable.Conflict) {
    let (scope, simple) = Self.split(conflict.name)
    let at = position(conflict.path)
    if conflict.existingFile == file.name {
      let scopeText = scope.isEmpty ? "" : " in \"\(scope)\""
      if conflict.kind == .enumValue {
        let enumName =
          conflict.path.count >= 2 ? enumName(at: Array(conflict.path.dropLast(2))) : "the enum"
        reporter.error("\"\(simple)\" is already defined\(scopeText).", at: at)
        reporter.error(
          "Note that enum values use C++ scoping rules, meaning that enum values are siblings of their type, not children of it.  Therefore, \"\(simple)\" must be unique within \(scope.isEmpty ? "the global scope" : "\"\(scope)\""), not just within \(enumName).",
          at: at
        )
      } else {
        reporter.error("\"\(simple)\" is already defined\(scopeText).", at: at)
      }
    } else {
      reporter.error(
        "\"\(conflict.name)\" is already defined in file \"\(conflict.existingFile)\".",
        at: at
      )
    }
  }

  /// `"Name"` of the enum at a descriptor path (for messages about its values).
  private func enumName(at path: DescriptorPath) -> String {
    DescriptorNavigator.enumType(at: path, in: file).map { "\"\($0.name)\"" } ?? "the enum"
  }

  private static func split(_ name: String) -> (scope: String, simple: String) {
    guard let dot = name.lastIndex(of: ".") else { return ("", name) }
    return (String(name[..<dot]), String(name[name.index(after: dot)...]))
  }

  // MARK: - Messages and fields

  private mutating func linkMessage(
    _ message: inout Google_Protobuf_DescriptorProto,
    scope: String,
    path: DescriptorPath
  ) {
    message.editing(\.field) { items in
      for i in items.indices {
        linkField(
          &items[i],
          scope: scope,
          path: path + [DescriptorField.messageField, Int32(i)]
        )
      }
    }
    message.editing(\.extension) { items in
      for i in items.indices {
        linkField(
          &items[i],
          scope: scope,
          path: path + [DescriptorField.messageExtension, Int32(i)]
        )
      }
    }
    message.editing(\.nestedType) { items in
      for i in items.indices {
        linkMessage(
          &items[i],
          scope: scope + "." + items[i].name,
          path: path + [DescriptorField.messageNestedType, Int32(i)]
        )
      }
    }
    message.editing(\.enumType) { items in
      for i in items.indices {
        checkEnum(
          items[i],
          scope: scope,
          path: path + [DescriptorField.messageEnumType, Int32(i)]
        )
      }
    }
    checkFieldNumbers(message, fullName: scope, path: path)
  }

  private mutating func linkField(
    _ field: inout Google_Protobuf_FieldDescriptorProto,
    scope: String,
    path: DescriptorPath
  ) {
    if field.hasTypeName, !field.typeName.hasPrefix(".") || !field.hasType {
      let at = position(path + [DescriptorField.fieldTypeName])
      if let (name, kind) = resolveType(field.typeName, scope: scope, at: at) {
        field.typeName = "." + name
        if field.type != .group { field.type = kind == .enumType ? .enum : .message }
      }
    }
    if field.hasExtendee, !field.extendee.hasPrefix(".") {
      let at = position(path + [DescriptorField.fieldExtendee])
      if let (name, _) = resolveType(field.extendee, scope: scope, at: at, wantMessage: true) {
        field.extendee = "." + name
      }
    }
    checkEnumDefault(field, path: path)
    checkExtensionNumber(field, path: path)
    if field.hasDefaultValue,
      field.type == .message || field.type == .group || field.label == .repeated
    {
      reporter.error(
        field.label == .repeated
          ? "Repeated fields can't have default values." : "Messages can't have default values.",
        at: position(path + [DescriptorField.fieldDefault])
      )
    }
  }

  private mutating func linkService(
    _ service: inout Google_Protobuf_ServiceDescriptorProto,
    path: DescriptorPath
  ) {
    let scope = SymbolTable.join(file.package, service.name)
    for i in service.method.indices {
      let methodPath = path + [DescriptorField.serviceMethod, Int32(i)]
      if let (name, _) = resolveType(
        service.method[i].inputType,
        scope: scope,
        at: position(methodPath + [DescriptorField.methodInputType]),
        wantMessage: true
      ) {
        service.method[i].inputType = "." + name
      }
      if let (name, _) = resolveType(
        service.method[i].outputType,
        scope: scope,
        at: position(methodPath + [DescriptorField.methodOutputType]),
        wantMessage: true
      ) {
        service.method[i].outputType = "." + name
      }
    }
  }

  // MARK: - Name resolution

  /// Resolves a type reference from `scope` the way protoc does: the first component is searched
  /// from the innermost scope outwards; the rest must resolve inside what it found.
  private mutating func resolveType(
    _ reference: String,
    scope: String,
    at: SourcePosition,
    wantMessage: Bool = false
  ) -> (String, SymbolTable.Kind)? {
    guard let name = lookup(reference, scope: scope, at: at) else { return nil }
    guard let symbol = symbols[name],
      symbol.kind == .message || (symbol.kind == .enumType && !wantMessage)
    else {
      reporter.error("\"\(reference)\" is not a \(wantMessage ? "message type" : "type").", at: at)
      return nil
    }
    guard visibleFiles.contains(symbol.file) else {
      reporter.error(
        "\"\(reference)\" seems to be defined in \"\(symbol.file)\", which is not imported by \"\(file.name)\".  To use it here, please add the necessary import.",
        at: at
      )
      return nil
    }
    return (name, symbol.kind)
  }

  private mutating func lookup(_ reference: String, scope: String, at: SourcePosition) -> String? {
    if let known = resolvedReferences[scope]?[reference] { return known }
    let resolved = resolving(reference, scope: scope, at: at)
    if let resolved { resolvedReferences[scope, default: [:]][reference] = resolved }
    return resolved
  }

  /// `lookup` without the memo: from `scope` outwards, as protoc searches (errors reported at
  /// `at`, so only successes are remembered).
  private mutating func resolving(
    _ reference: String,
    scope: String,
    at: SourcePosition
  ) -> String? {
    if reference.hasPrefix(".") {
      let name = String(reference.dropFirst())
      if symbols[name] != nil { return name }
      reporter.error("\"\(reference)\" is not defined.", at: at)
      return nil
    }
    let firstComponent =
      reference.split(separator: ".", maxSplits: 1).first.map(String.init) ?? reference
    let isQualified = firstComponent != reference
    var currentScope: String? = scope
    while let candidateScope = currentScope {
      let candidate = SymbolTable.join(candidateScope, firstComponent)
      if let symbol = symbols[candidate] {
        let isType = symbol.kind == .message || symbol.kind == .enumType
        if !isQualified && isType { return candidate }
        if isQualified && (isType || symbol.kind == .package) {
          let full = SymbolTable.join(candidateScope, reference)
          if symbols[full] != nil { return full }
          reporter.error(
            "\"\(reference)\" is resolved to \"\(full)\", which is not defined. The innermost scope is searched first in name resolution. Consider using a leading '.'(i.e., \".\(reference)\") to start from the outermost scope.",
            at: at
          )
          return nil
        }
      }
      currentScope = candidateScope.isEmpty ? nil : Self.split(candidateScope).scope
    }
    reporter.error("\"\(reference)\" is not defined.\(importHint(for: reference))", at: at)
    return nil
  }

  /// A hint naming the import to add for a well-known type used without its import.
  private func importHint(for reference: String) -> String {
    let name = reference.hasPrefix(".") ? String(reference.dropFirst()) : reference
    guard let file = WellKnownProtos.file(definingType: name) else { return "" }
    return " (did you forget import \"\(file)\"?)"
  }

  // MARK: - Checks

  /// `[default = X]` on an enum field must name one of the enum's values.
  private mutating func checkEnumDefault(
    _ field: Google_Protobuf_FieldDescriptorProto,
    path: DescriptorPath
  ) {
    guard field.hasDefaultValue, field.type == .enum, field.typeName.hasPrefix(".") else { return }
    let enumName = String(field.typeName.dropFirst())
    guard let values = symbols.enumValueNames[enumName], !values.contains(field.defaultValue) else {
      return
    }
    reporter.error(
      "Enum type \"\(enumName)\" has no value named \"\(field.defaultValue)\".",
      at: position(path + [DescriptorField.fieldDefault])
    )
  }

  /// An extension's number must lie in one of the extended message's extension ranges.
  private mutating func checkExtensionNumber(
    _ field: Google_Protobuf_FieldDescriptorProto,
    path: DescriptorPath
  ) {
    guard field.hasExtendee, field.extendee.hasPrefix(".") else { return }
    let extendee = String(field.extendee.dropFirst())
    let ranges = symbols.extensionRanges[extendee] ?? []
    guard !ranges.contains(where: { $0.contains(field.number) }) else { return }
    reporter.error(
      "\"\(extendee)\" does not declare \(field.number) as an extension number.",
      at: position(path + [DescriptorField.fieldNumber])
    )
  }

  /// The smallest number from `start` up that is not in `used`.
  static func firstUnused(_ used: Set<Int32>, from start: Int32) -> Int32 {
    var candidate = start
    while used.contains(candidate) { candidate += 1 }
    return candidate
  }

  /// The smallest field number not used by a field, a reserved range or an extension range.
  static func nextFieldNumber(_ message: Google_Protobuf_DescriptorProto) -> Int32 {
    let used = Set(message.field.map(\.number))
    var candidate: Int32 = 1
    while used.contains(candidate)
      || message.reservedRange.contains(where: { candidate >= $0.start && candidate < $0.end })
      || message.extensionRange.contains(where: { candidate >= $0.start && candidate < $0.end })
    {
      candidate += 1
    }
    return candidate
  }

  /// proto3 and editions: two fields may not have the same default JSON name.
  private mutating func checkJSONNames(
    _ message: Google_Protobuf_DescriptorProto,
    path: DescriptorPath
  ) {
    guard file.syntax == "proto3" || file.syntax == "editions", !message.options.mapEntry else {
      return
    }
    var seen: [String: String] = [:]
    for (i, field) in message.field.enumerated() {
      let jsonName = JSONName.from(field.name)
      if let other = seen[jsonName] {
        reporter.error(
          "The default JSON name of field \"\(field.name)\" (\"\(jsonName)\") conflicts with the default JSON name of field \"\(other)\".",
          at: position(path + [DescriptorField.messageField, Int32(i)])
        )
      } else {
        seen[jsonName] = field.name
      }
    }
  }

  private mutating func checkFieldNumbers(
    _ message: Google_Protobuf_DescriptorProto,
    fullName: String,
    path: DescriptorPath
  ) {
    checkJSONNames(message, path: path)
    var seen: [Int32: String] = [:]
    let reservedRanges = message.reservedRange
    let reservedNames = message.reservedName
    let extensionRanges = message.extensionRange
    for (i, field) in message.field.enumerated() {
      // Where the number is written; looked up only for an error.
      var at: SourcePosition {
        position(path + [DescriptorField.messageField, Int32(i), DescriptorField.fieldNumber])
      }
      if let other = seen[field.number] {
        reporter.error(
          "Field number \(field.number) has already been used in \"\(fullName)\" by field \"\(other)\". Next available field number is \(Self.nextFieldNumber(message)).",
          at: at
        )
      } else {
        seen[field.number] = field.name
      }
      if let reserved = reservedRanges.firstIndex(where: {
        field.number >= $0.start && field.number < $0.end
      }) {
        reporter.error(
          "Field \"\(field.name)\" uses reserved number \(field.number).",
          at: position(path + [9, Int32(reserved)])
        )
      }
      if reservedNames.contains(field.name) {
        reporter.error(
          "Field name \"\(field.name)\" is reserved.",
          at: position(path + [DescriptorField.messageField, Int32(i)])
        )
      }
      for (r, range) in extensionRanges.enumerated()
      where field.number >= range.start && field.number < range.end {
        reporter.error(
          "Extension range \(range.start) to \(range.end - 1) includes field \"\(field.name)\" (\(field.number)).",
          at: position(path + [5, Int32(r)])
        )
      }
      if (19000 ... 19999).contains(field.number) {
        reporter.error(
          "Field numbers 19000 through 19999 are reserved for the protocol buffer library implementation.",
          at: at
        )
      }
    }
  }

  private mutating func checkEnum(
    _ enumType: Google_Protobuf_EnumDescriptorProto,
    scope: String,
    path: DescriptorPath
  ) {
    if file.syntax == "proto3", let first = enumType.value.first, first.number != 0 {
      reporter.error(
        "The first enum value must be zero for open enums.",
        at: position(path + [DescriptorField.enumValue, 0, 2])
      )
    }
    let allowAlias =
      enumType.options.uninterpretedOption.contains {
        $0.name.map(\.namePart) == ["allow_alias"] && $0.identifierValue == "true"
      } || enumType.options.allowAlias
    guard !allowAlias else { return }
    var seen: [Int32: String] = [:]
    for (i, value) in enumType.value.enumerated() {
      if let other = seen[value.number] {
        reporter.error(
          "\"\(SymbolTable.join(scope, value.name))\" uses the same enum value as \"\(SymbolTable.join(scope, other))\". If this is intended, set 'option allow_alias = true;' to the enum definition. The next available enum value is \(Self.firstUnused(Set(enumType.value.map(\.number)), from: 0)).",
          at: position(path + [DescriptorField.enumValue, Int32(i), 2])
        )
      } else {
        seen[value.number] = value.name
      }
    }
  }
}
