import SwiftProtobuf

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Interprets options written in a `.proto` file into the typed options messages.
///
/// Built-in options (`deprecated`, `packed`, `java_package`, `features.field_presence`, ...) are
/// turned into protobuf text format and merged through swift-protobuf's generated options types,
/// which checks names, types and enum values exactly as descriptor.proto defines them. Custom
/// options (names with a parenthesised extension part) are kept as `uninterpreted_option`.
struct OptionInterpreter {
  let fileName: String
  let positions: [DescriptorPath: SourcePosition]
  private(set) var diagnostics: [Diagnostic] = []
  /// Where each interpreted option's source location moves: from its `uninterpreted_option`
  /// path to the path of the option field it set (with an index for repeated options).
  private(set) var interpretedPaths: [DescriptorPath: DescriptorPath] = [:]
  /// Paths of stripped source-retention options, whose locations protoc drops.
  private(set) var strippedPaths: [DescriptorPath] = []
  /// How many values each repeated option has received so far.
  private var repeatedOptionCounts: [DescriptorPath: Int] = [:]
  /// `resolvedExtensionName`'s answers so far.
  private var resolvedExtensionNames: [String: String?] = [:]

  let package: String
  let index: DescriptorIndex

  init(
    fileName: String,
    package: String,
    positions: [DescriptorPath: SourcePosition],
    index: DescriptorIndex
  ) {
    self.fileName = fileName
    self.package = package
    self.positions = positions
    self.index = index
  }

  private func position(_ path: DescriptorPath) -> SourcePosition {
    positions.nearest(path, file: fileName)
  }

  mutating func interpret(_ file: inout Google_Protobuf_FileDescriptorProto) {
    if file.hasOptions {
      interpretOptions(&file.options, at: [8], optionsPath: [DescriptorField.fileOptions])
    }
    for i in file.messageType.indices {
      interpretMessage(&file.messageType[i], path: [DescriptorField.fileMessageType, Int32(i)])
    }
    for i in file.enumType.indices {
      interpretEnum(&file.enumType[i], path: [DescriptorField.fileEnumType, Int32(i)])
    }
    for i in file.extension.indices {
      interpretField(&file.extension[i], path: [DescriptorField.fileExtension, Int32(i)])
    }
    for i in file.service.indices {
      let path: DescriptorPath = [DescriptorField.fileService, Int32(i)]
      if file.service[i].hasOptions {
        interpretOptions(
          &file.service[i].options,
          at: path,
          optionsPath: path + [DescriptorField.serviceOptions]
        )
      }
      for j in file.service[i].method.indices where file.service[i].method[j].hasOptions {
        let methodPath = path + [DescriptorField.serviceMethod, Int32(j)]
        interpretOptions(
          &file.service[i].method[j].options,
          at: methodPath,
          optionsPath: methodPath + [DescriptorField.methodOptions]
        )
      }
    }
  }

  private mutating func interpretMessage(
    _ message: inout Google_Protobuf_DescriptorProto,
    path: DescriptorPath
  ) {
    if message.hasOptions {
      interpretOptions(
        &message.options,
        at: path,
        optionsPath: path + [DescriptorField.messageOptions]
      )
    }
    message.editing(\.field) { items in
      for i in items.indices {
        interpretField(&items[i], path: path + [DescriptorField.messageField, Int32(i)])
      }
    }
    message.editing(\.extension) { items in
      for i in items.indices {
        interpretField(
          &items[i],
          path: path + [DescriptorField.messageExtension, Int32(i)]
        )
      }
    }
    message.editing(\.nestedType) { items in
      for i in items.indices {
        interpretMessage(
          &items[i],
          path: path + [DescriptorField.messageNestedType, Int32(i)]
        )
      }
    }
    message.editing(\.enumType) { items in
      for i in items.indices {
        interpretEnum(&items[i], path: path + [DescriptorField.messageEnumType, Int32(i)])
      }
    }
    message.editing(\.oneofDecl) { items in
      for i in items.indices where items[i].hasOptions {
        let oneofPath = path + [DescriptorField.messageOneof, Int32(i)]
        interpretOptions(
          &items[i].options,
          at: oneofPath,
          optionsPath: oneofPath + [DescriptorField.oneofOptions]
        )
      }
    }
    message.editing(\.extensionRange) { items in
      for i in items.indices where items[i].hasOptions {
        let rangePath = path + [DescriptorField.messageExtensionRange, Int32(i)]
        interpretOptions(
          &items[i].options,
          at: rangePath,
          optionsPath: rangePath + [DescriptorField.extensionRangeOptions]
        )
        stripSourceRetentionOptions(
          &items[i],
          optionsPath: rangePath + [DescriptorField.extensionRangeOptions]
        )
      }
    }
  }

  /// Source-retention options are not part of the runtime descriptor: protoc strips them, and
  /// their source locations, after interpreting them.
  private mutating func stripSourceRetentionOptions(
    _ range: inout Google_Protobuf_DescriptorProto.ExtensionRange,
    optionsPath: DescriptorPath
  ) {
    if !range.options.declaration.isEmpty {
      range.options.declaration = []
      strippedPaths.append(optionsPath + [2])
    }
    if range.options.hasVerification {
      range.options.clearVerification()
      strippedPaths.append(optionsPath + [3])
    }
    if range.options.features.hasEnforceNamingStyle {
      range.options.features.clearEnforceNamingStyle()
      strippedPaths.append(optionsPath + [50, 7])
    }
    if range.options.features == Google_Protobuf_FeatureSet() {
      range.options.clearFeatures()
    }
    if range.options == Google_Protobuf_ExtensionRangeOptions() {
      range.clearOptions()
      strippedPaths.append(optionsPath)
    }
  }

  private mutating func interpretField(
    _ field: inout Google_Protobuf_FieldDescriptorProto,
    path: DescriptorPath
  ) {
    if field.hasOptions {
      interpretOptions(&field.options, at: path, optionsPath: path + [DescriptorField.fieldOptions])
    }
  }

  private mutating func interpretEnum(
    _ enumType: inout Google_Protobuf_EnumDescriptorProto,
    path: DescriptorPath
  ) {
    if enumType.hasOptions {
      interpretOptions(
        &enumType.options,
        at: path,
        optionsPath: path + [DescriptorField.enumOptions]
      )
    }
    enumType.editing(\.value) { items in
      for i in items.indices where items[i].hasOptions {
        let valuePath = path + [DescriptorField.enumValue, Int32(i)]
        interpretOptions(
          &items[i].options,
          at: valuePath,
          optionsPath: valuePath + [DescriptorField.enumValueOptions]
        )
      }
    }
  }

  private mutating func interpretOptions<Options: UninterpretedOptionsHolder>(
    _ options: inout Options,
    at path: DescriptorPath,
    optionsPath: DescriptorPath
  ) {
    var remaining: [Google_Protobuf_UninterpretedOption] = []
    var custom: [CustomOption] = []
    defer {
      for bytes in CustomOption.canonical(custom) {
        try? options.merge(serializedBytes: bytes, partial: true)
      }
    }
    for (index, option) in options.uninterpretedOption.enumerated() {
      guard option.name.allSatisfy({ !$0.isExtension }) else {
        if option.name.first?.isExtension == true {
          if let (segment, fieldPath) = interpretCustom(
            option,
            for: Options.self,
            at: path + [OptionPosition.name, Int32(index)]
          ) {
            custom.append(segment)
            recordInterpretedPath(optionsPath: optionsPath, index: index, fieldPath: fieldPath)
          }
        } else {
          remaining.append(option)
        }
        continue
      }
      let name = option.name.map(\.namePart).joined(separator: ".")
      if let problem = BuiltInOptionDiagnostic.message(for: option, in: Options.protoMessageName) {
        diagnostics.append(
          Diagnostic(problem, at: position(path + [OptionPosition.value, Int32(index)]))
        )
        continue
      }
      do {
        let parsed = try Options(textFormatString: Self.textFormat(option))
        try options.merge(serializedBytes: try parsed.serializedBytes() as [UInt8])
        if let fieldPath = DescriptorProtoSchema.fieldPath(
          of: option.name.map(\.namePart),
          in: Options.protoMessageName
        ) {
          recordInterpretedPath(optionsPath: optionsPath, index: index, fieldPath: fieldPath)
        }
      } catch TextFormatDecodingError.unknownField {
        diagnostics.append(
          Diagnostic(
            "Option \"\(name)\" unknown. Ensure that your proto definition file imports the proto which defines the option (i.e. via import option after edition 2024).",
            at: position(path + [OptionPosition.name, Int32(index)])
          )
        )
      } catch {
        diagnostics.append(
          Diagnostic(
            "Value has the wrong type for option \"\(Options.protoMessageName).\(name)\".",
            at: position(path + [OptionPosition.value, Int32(index)])
          )
        )
      }
    }
    options.uninterpretedOption = remaining
  }

  /// Remembers where option `index` of the options at `optionsPath` was interpreted to, as protoc's
  /// `interpreted_paths_` does.
  private mutating func recordInterpretedPath(
    optionsPath: DescriptorPath,
    index: Int,
    fieldPath: (numbers: [Int32], isRepeated: Bool)
  ) {
    var destination = optionsPath + fieldPath.numbers
    if fieldPath.isRepeated {
      let count = repeatedOptionCounts[destination, default: 0]
      repeatedOptionCounts[destination] = count + 1
      destination.append(Int32(count))
    }
    interpretedPaths[optionsPath + [DescriptorField.uninterpretedOption, Int32(index)]] =
      destination
  }

  /// Encodes a custom option (`(ext).sub.field = value`) and appends it to the options' unknown
  /// fields, in source order, as protoc does.
  private mutating func interpretCustom<Options: UninterpretedOptionsHolder>(
    _ option: Google_Protobuf_UninterpretedOption,
    for _: Options.Type,
    at path: DescriptorPath
  ) -> (CustomOption, (numbers: [Int32], isRepeated: Bool))? {
    let displayName = option.name.map { $0.isExtension ? "(\($0.namePart))" : $0.namePart }.joined(
      separator: "."
    )
    var currentType = Options.protoMessageName
    var chain: [Google_Protobuf_FieldDescriptorProto] = []
    var finalName = ""
    for part in option.name {
      let field: Google_Protobuf_FieldDescriptorProto?
      if part.isExtension {
        field = resolveExtension(part.namePart).flatMap {
          $0.extendee.drop { $0 == "." } == currentType ? $0 : nil
        }
        if field == nil, resolveExtension(part.namePart) != nil {
          diagnostics.append(
            Diagnostic(
              "Option \"\(displayName)\" is an extension of \"\(resolveExtension(part.namePart)!.extendee.drop { $0 == "." })\", not of \"\(currentType)\".",
              at: position(path)
            )
          )
          return nil
        }
      } else {
        field = index.messages[currentType]?.field.first { $0.name == part.namePart }
      }
      guard let field else {
        diagnostics.append(
          Diagnostic(
            "Option \"\(displayName)\" unknown. Ensure that your proto definition file imports the proto which defines the option (i.e. via import option after edition 2024).",
            at: position(path)
          )
        )
        return nil
      }
      chain.append(field)
      finalName =
        part.isExtension
        ? (resolvedExtensionName(part.namePart) ?? "") : currentType + "." + field.name
      currentType = String(field.typeName.drop { $0 == "." })
    }
    let encoder = OptionValueEncoder(index: index)
    do throws(OptionValueEncoder.Failure) {
      var bytes = try encoder.encode(
        option,
        as: chain[chain.count - 1],
        fullName: finalName,
        packed: index.packed.contains(finalName)
      )
      for field in chain.dropLast().reversed() { bytes = encoder.wrap(bytes, in: field) }
      let isSingularMessage = chain[0].label != .repeated && chain[0].type == .message
      let option = CustomOption(
        number: chain[0].number,
        bytes: bytes,
        mergesAsMessage: isSingularMessage,
        isPacked: chain.count == 1 && index.packed.contains(finalName)
      )
      return (option, (chain.map(\.number), chain[chain.count - 1].label == .repeated))
    } catch {
      let valuePath = Array(path.dropLast(2)) + [OptionPosition.value, path[path.count - 1]]
      diagnostics.append(Diagnostic(error.message, at: position(valuePath)))
      return nil
    }
  }

  /// Finds an extension by name from the file's package outwards (or absolutely, with a leading dot).
  private mutating func resolveExtension(_ name: String) -> Google_Protobuf_FieldDescriptorProto? {
    resolvedExtensionName(name).flatMap { index.extensions[$0] }
  }

  /// The full name an extension reference resolves to, looked up once per name and file (a file
  /// sets the same few options many times, each tried in every enclosing scope).
  private mutating func resolvedExtensionName(_ name: String) -> String? {
    if let known = resolvedExtensionNames[name] { return known }
    let resolved = resolvingExtensionName(name)
    resolvedExtensionNames[name] = resolved
    return resolved
  }

  private func resolvingExtensionName(_ name: String) -> String? {
    if name.hasPrefix(".") {
      return index.extensions[String(name.dropFirst())] == nil ? nil : String(name.dropFirst())
    }
    var scope: String? = package
    while let current = scope {
      let candidate = SymbolTable.join(current, name)
      if index.extensions[candidate] != nil { return candidate }
      scope =
        current.isEmpty ? nil : (current.lastIndex(of: ".").map { String(current[..<$0]) } ?? "")
    }
    return nil
  }

  /// `a.b.c = v` as text format: `a { b { c: v } }`.
  static func textFormat(_ option: Google_Protobuf_UninterpretedOption) -> String {
    let parts = option.name.map(\.namePart)
    var text =
      parts.last!
      + (option.hasAggregateValue ? " { \(option.aggregateValue) }" : ": " + valueText(option))
    for part in parts.dropLast().reversed() { text = "\(part) { \(text) }" }
    return text
  }

  static func valueText(_ option: Google_Protobuf_UninterpretedOption) -> String {
    if option.hasIdentifierValue { return option.identifierValue }
    if option.hasPositiveIntValue { return String(option.positiveIntValue) }
    if option.hasNegativeIntValue { return String(option.negativeIntValue) }
    if option.hasDoubleValue {
      let value = option.doubleValue
      if value.isNaN { return "nan" }
      if value.isInfinite { return value < 0 ? "-inf" : "inf" }
      return value.description
    }
    return "\"" + CEscape.escape([UInt8](option.stringValue)) + "\""
  }
}

/// The options messages of descriptor.proto, which all carry `uninterpreted_option`.
protocol UninterpretedOptionsHolder: SwiftProtobuf.Message {
  var uninterpretedOption: [Google_Protobuf_UninterpretedOption] { get set }
}

extension Google_Protobuf_FileOptions: UninterpretedOptionsHolder {}
extension Google_Protobuf_MessageOptions: UninterpretedOptionsHolder {}
extension Google_Protobuf_FieldOptions: UninterpretedOptionsHolder {}
extension Google_Protobuf_OneofOptions: UninterpretedOptionsHolder {}
extension Google_Protobuf_EnumOptions: UninterpretedOptionsHolder {}
extension Google_Protobuf_EnumValueOptions: UninterpretedOptionsHolder {}
extension Google_Protobuf_ServiceOptions: UninterpretedOptionsHolder {}
extension Google_Protobuf_MethodOptions: UninterpretedOptionsHolder {}
extension Google_Protobuf_ExtensionRangeOptions: UninterpretedOptionsHolder {}

/// One interpreted custom option: a complete field (tag and value) for the options message.
struct CustomOption {
  var number: Int32
  var bytes: [UInt8]
  /// A singular message field set piece by piece (`(foo).a = 1; (foo).b = 2;`) is one message.
  var mergesAsMessage: Bool
  /// A packed repeated option: its values share one length-delimited record.
  var isPacked = false

  /// The options as protoc writes them once it re-reads them with the extensions known: in
  /// field-number order (stable for repeated fields), each message-valued option merged into one.
  static func canonical(_ options: [CustomOption]) -> [[UInt8]] {
    var merged: [CustomOption] = []
    for option in options {
      if option.mergesAsMessage,
        let i = merged.firstIndex(where: { $0.number == option.number && $0.mergesAsMessage })
      {
        merged[i].bytes = mergeMessages(merged[i].bytes, option.bytes, number: option.number)
      } else if option.isPacked,
        let i = merged.firstIndex(where: { $0.number == option.number && $0.isPacked }),
        let first = payload(merged[i].bytes), let second = payload(option.bytes)
      {
        merged[i].bytes = OptionValueEncoder.lengthDelimited(option.number, first + second)
      } else {
        merged.append(option)
      }
    }
    return merged.enumerated().sorted {
      ($0.element.number, $0.offset) < ($1.element.number, $1.offset)
    }.map(\.element.bytes)
  }

  /// Two length-delimited fields of the same message-typed number as one, inner fields in order.
  static func mergeMessages(_ first: [UInt8], _ second: [UInt8], number: Int32) -> [UInt8] {
    guard let a = payload(first), let b = payload(second), let records = records(a + b) else {
      return first + second
    }
    let sorted = records.enumerated().sorted {
      ($0.element.number, $0.offset) < ($1.element.number, $1.offset)
    }
    return OptionValueEncoder.lengthDelimited(number, sorted.flatMap(\.element.bytes))
  }

  /// The payload of one length-delimited field.
  static func payload(_ field: [UInt8]) -> [UInt8]? {
    var offset = 0
    guard readVarint(field, &offset) != nil, let length = readVarint(field, &offset),
      offset + Int(length) == field.count
    else {
      return nil
    }
    return Array(field[offset...])
  }

  /// Splits message bytes into complete fields.
  static func records(_ bytes: [UInt8]) -> [(number: Int32, bytes: [UInt8])]? {
    var offset = 0
    var result: [(number: Int32, bytes: [UInt8])] = []
    while offset < bytes.count {
      let start = offset
      guard let key = readVarint(bytes, &offset) else { return nil }
      switch key & 7 {
      case 0: guard readVarint(bytes, &offset) != nil else { return nil }
      case 1: offset += 8
      case 5: offset += 4
      case 2:
        guard let length = readVarint(bytes, &offset) else { return nil }
        offset += Int(length)
      default: return nil
      }
      guard offset <= bytes.count else { return nil }
      result.append((Int32(truncatingIfNeeded: key >> 3), Array(bytes[start ..< offset])))
    }
    return result
  }

  static func readVarint(_ bytes: [UInt8], _ offset: inout Int) -> UInt64? {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while offset < bytes.count, shift < 64 {
      let byte = bytes[offset]
      offset += 1
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return value }
      shift += 7
    }
    return nil
  }
}
