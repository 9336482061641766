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

  init(fileName: String, positions: [DescriptorPath: SourcePosition]) {
    self.fileName = fileName
    self.positions = positions
  }

  private func position(_ path: DescriptorPath) -> SourcePosition {
    positions.nearest(path, file: fileName)
  }

  mutating func interpret(_ file: inout Google_Protobuf_FileDescriptorProto) {
    if file.hasOptions { interpretOptions(&file.options, at: [8]) }
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
      if file.service[i].hasOptions { interpretOptions(&file.service[i].options, at: path) }
      for j in file.service[i].method.indices where file.service[i].method[j].hasOptions {
        interpretOptions(
          &file.service[i].method[j].options,
          at: path + [DescriptorField.serviceMethod, Int32(j)]
        )
      }
    }
  }

  private mutating func interpretMessage(
    _ message: inout Google_Protobuf_DescriptorProto,
    path: DescriptorPath
  ) {
    if message.hasOptions { interpretOptions(&message.options, at: path) }
    for i in message.field.indices {
      interpretField(&message.field[i], path: path + [DescriptorField.messageField, Int32(i)])
    }
    for i in message.extension.indices {
      interpretField(
        &message.extension[i],
        path: path + [DescriptorField.messageExtension, Int32(i)]
      )
    }
    for i in message.nestedType.indices {
      interpretMessage(
        &message.nestedType[i],
        path: path + [DescriptorField.messageNestedType, Int32(i)]
      )
    }
    for i in message.enumType.indices {
      interpretEnum(&message.enumType[i], path: path + [DescriptorField.messageEnumType, Int32(i)])
    }
    for i in message.oneofDecl.indices where message.oneofDecl[i].hasOptions {
      interpretOptions(
        &message.oneofDecl[i].options,
        at: path + [DescriptorField.messageOneof, Int32(i)]
      )
    }
    for i in message.extensionRange.indices where message.extensionRange[i].hasOptions {
      interpretOptions(&message.extensionRange[i].options, at: path)
      // Source-retention options are not part of the runtime descriptor (protoc strips them).
      message.extensionRange[i].options.declaration = []
      message.extensionRange[i].options.clearVerification()
      message.extensionRange[i].options.features.clearEnforceNamingStyle()
      if message.extensionRange[i].options.features == Google_Protobuf_FeatureSet() {
        message.extensionRange[i].options.clearFeatures()
      }
      if message.extensionRange[i].options == Google_Protobuf_ExtensionRangeOptions() {
        message.extensionRange[i].clearOptions()
      }
    }
  }

  private mutating func interpretField(
    _ field: inout Google_Protobuf_FieldDescriptorProto,
    path: DescriptorPath
  ) {
    if field.hasOptions { interpretOptions(&field.options, at: path) }
  }

  private mutating func interpretEnum(
    _ enumType: inout Google_Protobuf_EnumDescriptorProto,
    path: DescriptorPath
  ) {
    if enumType.hasOptions { interpretOptions(&enumType.options, at: path) }
    for i in enumType.value.indices where enumType.value[i].hasOptions {
      interpretOptions(
        &enumType.value[i].options,
        at: path + [DescriptorField.enumValue, Int32(i)]
      )
    }
  }

  private mutating func interpretOptions<Options: UninterpretedOptionsHolder>(
    _ options: inout Options,
    at path: DescriptorPath
  ) {
    var remaining: [Google_Protobuf_UninterpretedOption] = []
    for (index, option) in options.uninterpretedOption.enumerated() {
      guard option.name.allSatisfy({ !$0.isExtension }) else {
        remaining.append(option)
        continue
      }
      let name = option.name.map(\.namePart).joined(separator: ".")
      do {
        let parsed = try Options(textFormatString: Self.textFormat(option))
        try options.merge(serializedBytes: try parsed.serializedBytes() as [UInt8])
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
