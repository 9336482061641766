import ProtoCodec
import ProtoSchema

/// Converts one message between JSON, binary and text format, driven by a descriptor pool: the
/// engine behind `grpcall convert`.
public struct MessageConverter: Sendable {
  /// How the conversion reads and writes.
  public struct Options: Sendable {
    /// JSON output: include fields that hold their default value.
    public var emitDefaults = false
    /// JSON output: keys are .proto field names, not lowerCamel names.
    public var useProtoNames = false
    /// JSON and text input: skip fields the message does not declare.
    public var allowUnknownFields = false
    /// JSON and text output on one line.
    public var compact = false
    /// Text output: print fields the schema does not know, by number.
    public var printUnknownFields = true

    /// Creates the default options.
    public init() {}
  }

  /// Why a conversion failed.
  public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message type is not in the schema.
    case unknownType(String)
    /// The type was named without its package; the schema has it under these full names.
    case unqualifiedType(String, candidates: [String])
    /// The input could not be read in the given format.
    case unreadable(format: MessageFormat, type: String, CodecError)
    /// The message could not be written in the given format (e.g. a Timestamp out of range).
    case unwritable(format: MessageFormat, type: String, CodecError)

    public var description: String {
      switch self {
      case .unknownType(let name):
        "message type \(name) is not in the schema (give its file with -proto or -protoset)"
      case .unqualifiedType(let name, let candidates):
        "message type \(name) must be named fully qualified, with its package: did you mean \(candidates.joined(separator: " or "))?"
      case .unreadable(let format, let type, let error):
        "cannot read the input as \(format.rawValue) \(type): \(error)"
      case .unwritable(let format, let type, let error):
        "cannot write \(type) as \(format.rawValue): \(error)"
      }
    }
  }

  let pool: DescriptorPool
  let type: MessageDescriptor
  let options: Options

  /// Prepares conversions of messages of `typeName` (fully qualified, leading dot allowed).
  public init(pool: DescriptorPool, typeName: String, options: Options) throws(Failure) {
    guard let type = pool.message(named: typeName) else {
      let candidates = pool.messageNames.filter { $0.hasSuffix("." + typeName) }
      if !candidates.isEmpty { throw .unqualifiedType(typeName, candidates: candidates) }
      throw .unknownType(typeName)
    }
    self.pool = pool
    self.type = type
    self.options = options
  }

  /// Reads `input` in one format and writes it in another. JSON and text output end with a
  /// newline; binary output is the raw message.
  public func convert(
    _ input: [UInt8],
    from source: MessageFormat,
    to target: MessageFormat
  ) throws(Failure) -> [UInt8] {
    // Binary input is checked by decoding it; writing JSON or text decodes it anyway.
    if source == .binary, target != .binary {
      do {
        return try write(input, as: target)
      } catch .unwritable(_, let type, let error) where error.isBinaryDecoding {
        throw .unreadable(format: .binary, type: type, error)
      }
    }
    let binary = try read(input, as: source)
    return try write(binary, as: target)
  }

  /// The message as binary; binary input is checked by decoding it.
  func read(_ input: [UInt8], as format: MessageFormat) throws(Failure) -> [UInt8] {
    do throws(CodecError) {
      switch format {
      case .json:
        let jsonOptions = JSONToBinary.Options(ignoreUnknownFields: options.allowUnknownFields)
        return try JSONToBinary(pool: pool, options: jsonOptions).encode(input, as: type)
      case .text:
        let textOptions = TextToBinary.Options(ignoreUnknownFields: options.allowUnknownFields)
        return try TextToBinary(pool: pool, options: textOptions).encode(input, as: type)
      case .binary:
        _ = try BinaryToText(pool: pool, options: .init(expandAny: false)).text(input, as: type)
        do throws(BinaryDecodingError) {
          return try BinaryCanonicalizer(pool: pool).canonical(input, as: type)
        } catch {
          throw CodecError(path: "", .binary(error))
        }
      }
    } catch {
      throw .unreadable(format: format, type: type.fullName, error)
    }
  }

  func write(_ binary: [UInt8], as format: MessageFormat) throws(Failure) -> [UInt8] {
    do {
      switch format {
      case .binary:
        return binary
      case .json:
        let jsonOptions = BinaryToJSON.Options(
          emitDefaults: options.emitDefaults,
          useProtoNames: options.useProtoNames,
          indent: options.compact ? "" : "  "
        )
        let json = try BinaryToJSON(pool: pool, options: jsonOptions).json(binary, as: type)
        return Array((json + "\n").utf8)
      case .text:
        let printer = BinaryToText(
          pool: pool,
          options: .init(
            singleLine: options.compact,
            printUnknownFields: options.printUnknownFields
          )
        )
        let text = try printer.text(binary, as: type)
        return Array((options.compact && !text.isEmpty ? text + "\n" : text).utf8)
      }
    } catch {
      throw .unwritable(format: format, type: type.fullName, error)
    }
  }
}

extension CodecError {
  /// Whether the failure is malformed binary input.
  var isBinaryDecoding: Bool {
    if case .binary = reason { return true }
    return false
  }
}
