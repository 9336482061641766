import ProtoCodec
import ProtoSchema
import SwiftProtobuf

/// Renders an options message as `name = value` assignments: built-in options by name, then
/// custom options (`(.pkg.ext) = value`) by name, values in text format.
struct OptionRenderer {
  /// The schema plus descriptor.proto, so every options type and custom option is known.
  let pool: DescriptorPool

  func assignments<Options: SwiftProtobuf.Message>(
    _ options: Options,
    extra: [String] = []
  ) -> [String] {
    guard let type = pool.message(named: Options.protoMessageName),
      let bytes: [UInt8] = try? options.serializedBytes(),
      let values = try? BinaryToText(pool: pool).fieldValues(bytes, as: type)
    else { return extra.sorted() }
    var builtIn = extra
    var custom: [String] = []
    for (field, text) in values {
      if field.extendee != nil {
        custom.append("(.\(field.fullName)) = \(text)")
      } else {
        builtIn.append("\(field.name) = \(text)")
      }
    }
    return Self.stableSorted(builtIn) + Self.stableSorted(custom)
  }

  /// Sorted by option name, keeping the order of repeated values.
  static func stableSorted(_ assignments: [String]) -> [String] {
    func name(_ text: String) -> Substring { text.prefix { $0 != " " } }
    return assignments.enumerated().sorted {
      name($0.element) == name($1.element)
        ? $0.offset < $1.offset : name($0.element) < name($1.element)
    }.map(\.element)
  }
}
