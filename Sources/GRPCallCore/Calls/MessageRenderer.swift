import ProtoCodec
import ProtoSchema

/// Renders response messages for the terminal: proto3 JSON, or protobuf text format (without its
/// trailing newline, as grpcurl prints it).
public struct MessageRenderer: Sendable {
  let format: MessageFormat
  let json: BinaryToJSON
  let text: BinaryToText

  /// Creates a renderer; `jsonOptions` apply to JSON output only.
  public init(pool: DescriptorPool, format: MessageFormat, jsonOptions: BinaryToJSON.Options) {
    self.format = format
    self.json = BinaryToJSON(pool: pool, options: jsonOptions)
    self.text = BinaryToText(pool: pool)
  }

  /// Whether messages are written as text format.
  public var isText: Bool { format == .text }

  /// One message as text for the terminal (no trailing newline).
  public func render(_ bytes: [UInt8], as type: MessageDescriptor) throws(CodecError) -> String {
    guard isText else { return try json.json(bytes, as: type) }
    var output = try text.text(bytes, as: type)
    if output.hasSuffix("\n") { output.removeLast() }
    return output
  }
}
