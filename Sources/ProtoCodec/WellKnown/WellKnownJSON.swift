import SwiftProtobuf

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The well-known types whose JSON form is special, transcoded through swift-protobuf's generated
/// structs (which carry the conformance-tested range checks and formatting).
///
/// `google.protobuf.Any` is not here: it needs the descriptor pool, so the transcoders handle it.
public enum WellKnownJSON {
  static let types: [String: any SwiftProtobuf.Message.Type] = [
    "google.protobuf.Timestamp": Google_Protobuf_Timestamp.self,
    "google.protobuf.Duration": Google_Protobuf_Duration.self,
    "google.protobuf.FieldMask": Google_Protobuf_FieldMask.self,
    "google.protobuf.Struct": Google_Protobuf_Struct.self,
    "google.protobuf.Value": Google_Protobuf_Value.self,
    "google.protobuf.ListValue": Google_Protobuf_ListValue.self,
    "google.protobuf.DoubleValue": Google_Protobuf_DoubleValue.self,
    "google.protobuf.FloatValue": Google_Protobuf_FloatValue.self,
    "google.protobuf.Int64Value": Google_Protobuf_Int64Value.self,
    "google.protobuf.UInt64Value": Google_Protobuf_UInt64Value.self,
    "google.protobuf.Int32Value": Google_Protobuf_Int32Value.self,
    "google.protobuf.UInt32Value": Google_Protobuf_UInt32Value.self,
    "google.protobuf.BoolValue": Google_Protobuf_BoolValue.self,
    "google.protobuf.StringValue": Google_Protobuf_StringValue.self,
    "google.protobuf.BytesValue": Google_Protobuf_BytesValue.self,
  ]

  /// The name of the `Any` type, whose JSON form embeds another message.
  public static let anyTypeName = "google.protobuf.Any"
  /// The package every type with a special JSON form is in (with its trailing dot).
  static let package = "google.protobuf."

  /// Whether a message type has a special JSON form (Any included).
  public static func isSpecial(_ fullName: String) -> Bool {
    types[fullName] != nil || fullName == anyTypeName
  }

  /// Binary → compact JSON for a special type.
  static func json(
    typeName: String,
    binary: ArraySlice<UInt8>,
    path: String
  ) throws(CodecError) -> [UInt8] {
    guard let type = types[typeName] else { throw CodecError(path: path, .unknownType(typeName)) }
    do {
      let message = try type.init(serializedBytes: Array(binary))
      return try message.jsonUTF8Bytes() as [UInt8]
    } catch {
      throw CodecError(path: path, .invalidValue("invalid \(typeName): \(describe(error))"))
    }
  }

  /// JSON text → binary for a special type.
  static func binary(
    typeName: String,
    json: ArraySlice<UInt8>,
    path: String
  ) throws(CodecError) -> [UInt8] {
    guard let type = types[typeName] else { throw CodecError(path: path, .unknownType(typeName)) }
    if let wrapper = FloatingWrapper(typeName: typeName) {
      return try wrapper.binary(json: json, path: path)
    }
    if let number = firstOutOfRangeNumber(in: json) {
      throw CodecError(path: path, .outOfRange(value: number, type: "double"))
    }
    do {
      let message = try type.init(
        jsonUTF8Bytes: Array(json),
        extensions: nil,
        options: JSONDecodingOptions()
      )
      return try message.serializedBytes() as [UInt8]
    } catch {
      let text = String(decoding: json, as: UTF8.self)
      throw CodecError(
        path: path,
        .invalidValue("invalid \(shortName(typeName)) value \(text): \(describe(error))")
      )
    }
  }

  /// The first number in JSON text too large for a double (`1e999`), outside strings: the
  /// library calls it "invalid UTF-8".
  static func firstOutOfRangeNumber(in json: ArraySlice<UInt8>) -> String? {
    var index = json.startIndex
    var inString = false
    while index < json.endIndex {
      let byte = json[index]
      if inString {
        if byte == UInt8(ascii: "\\") {
          index += 1
        } else if byte == UInt8(ascii: "\"") {
          inString = false
        }
        index += 1
        continue
      }
      if byte == UInt8(ascii: "\"") {
        inString = true
        index += 1
        continue
      }
      guard byte == UInt8(ascii: "-") || (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(byte)
      else {
        index += 1
        continue
      }
      let start = index
      while index < json.endIndex, Self.numberBytes.contains(json[index]) { index += 1 }
      let text = String(decoding: json[start ..< index], as: UTF8.self)
      if let value = Double(text), value.isInfinite { return text }
    }
    return nil
  }

  private static let numberBytes = Set("-+.eE0123456789".utf8)

  private static func shortName(_ typeName: String) -> String {
    typeName.split(separator: ".").last.map(String.init) ?? typeName
  }

  /// A human reason for a swift-protobuf error about a well-known type's value (never the
  /// library's case name).
  private static func describe(_ error: any Error) -> String {
    switch error {
    case let error as JSONEncodingError: return describe(error)
    case let error as JSONDecodingError: return describe(error)
    case let error as SwiftProtobuf.BinaryDecodingError: return describe(error)
    default: return "not a valid value"
    }
  }

  private static func describe(_ error: JSONEncodingError) -> String {
    switch error {
    case .timestampRange:
      return "timestamp is outside 0001-01-01T00:00:00Z..9999-12-31T23:59:59.999999999Z"
    case .durationRange: return "duration is outside ±315576000000 seconds"
    case .fieldMaskConversion: return "field mask path cannot be represented in JSON"
    case .valueNumberNotFinite: return "a Value number must be finite"
    case .anyTranscodeFailure: return "the Any's content cannot be decoded"
    case .missingFieldNames, .missingValue: return "the value cannot be written as JSON"
    @unknown default: return "the value cannot be written as JSON"
    }
  }

  private static func describe(_ error: JSONDecodingError) -> String {
    switch error {
    case .malformedDuration: return "malformed duration (expected e.g. \"1.5s\")"
    case .malformedTimestamp:
      return "malformed timestamp (expected RFC 3339, e.g. \"2024-01-02T03:04:05Z\")"
    case .malformedFieldMask: return "malformed field mask"
    case .numberRange: return "number out of range"
    case .malformedString: return "expected a string"
    case .malformedNumber: return "expected a number"
    case .malformedBool: return "expected true or false"
    case .malformedMap: return "expected an object"
    case .invalidUTF8: return "invalid UTF-8"
    case .illegalNull: return "null is not allowed here"
    case .unquotedMapKey: return "object keys must be quoted"
    case .leadingZero: return "numbers must not have leading zeros"
    case .truncated: return "unexpected end of input"
    case .trailingGarbage: return "unexpected text after the value"
    case .conflictingOneOf: return "more than one member of a oneof is set"
    case .messageDepthLimit: return "nested too deeply"
    case .unrecognizedEnumValue: return "unknown enum value"
    case .unknownField(let name): return "unknown field \"\(name)\""
    case .schemaMismatch, .missingFieldNames, .failure: return "not valid JSON for this type"
    @unknown default: return "not valid JSON for this type"
    }
  }

  private static func describe(_ error: SwiftProtobuf.BinaryDecodingError) -> String {
    switch error {
    case .truncated: return "truncated"
    case .invalidUTF8: return "invalid UTF-8 in a string"
    case .messageDepthLimit: return "nested too deeply"
    case .trailingGarbage, .malformedProtobuf, .missingRequiredFields, .internalExtensionError:
      return "malformed protobuf bytes"
    @unknown default: return "malformed protobuf bytes"
    }
  }
}

/// `google.protobuf.DoubleValue` and `FloatValue` read by grpcall's own number rules (as any
/// double or float field): the library drops the sign of `-0`, calls `1e999` "invalid UTF-8" and
/// `3.5e38` for a float "expected a number".
struct FloatingWrapper {
  let isFloat: Bool

  init?(typeName: String) {
    switch typeName {
    case "google.protobuf.DoubleValue": isFloat = false
    case "google.protobuf.FloatValue": isFloat = true
    default: return nil
    }
  }

  func binary(json: ArraySlice<UInt8>, path: String) throws(CodecError) -> [UInt8] {
    var scanner = JSONScanner(Array(json))
    let value = try FloatingPointValue.read(&scanner, isFloat: isFloat, path: []) {
      CodecError(path: path, $0)
    }
    guard scanner.isAtEnd() else {
      throw CodecError(path: path, .syntax("unexpected data after the value"))
    }
    // proto3: the default (+0) is not written; -0 is.
    if isFloat {
      let single = Float(value)
      guard single.bitPattern != 0 else { return [] }
      return [0x0D] + withUnsafeBytes(of: single.bitPattern.littleEndian, Array.init)
    }
    guard value.bitPattern != 0 else { return [] }
    return [0x09] + withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init)
  }
}
