import ProtoSchema
import SwiftProtobuf

extension MessagePrinter {
  /// Writes one scalar occurrence as JSON.
  mutating func scalar(
    _ field: FieldDescriptor,
    _ occurrence: Occurrence,
    data: [UInt8]
  ) throws(CodecError) {
    let expected = Self.wireType(of: field.type)
    guard occurrence.wireType == expected else {
      throw error(
        .binary(.wrongWireType(field: field.name, expected: expected, got: occurrence.wireType))
      )
    }
    let v = occurrence.scalar
    switch field.type {
    case .int32, .sfixed32: writer.raw(String(Int32(truncatingIfNeeded: v)))
    case .uint32, .fixed32: writer.raw(String(UInt32(truncatingIfNeeded: v)))
    case .sint32: writer.raw(String(BinaryReader.zigZag32(v)))
    case .int64, .sfixed64: writer.string(String(Int64(bitPattern: v)))
    case .uint64, .fixed64: writer.string(String(v))
    case .sint64: writer.string(String(BinaryReader.zigZag64(v)))
    case .bool: writer.raw(v != 0 ? "true" : "false")
    case .float:
      writeFloatingPoint(Double(Float(bitPattern: UInt32(truncatingIfNeeded: v))), single: true)
    case .double: writeFloatingPoint(Double(bitPattern: v), single: false)
    case .string:
      let bytes = data[occurrence.range]
      if let text = UTF8Validation.string(bytes) {
        writer.string(text)
      } else if field.validatesUTF8 {
        throw error(.binary(.invalidUTF8(field: field.name)))
      } else {
        writer.string(String(decoding: bytes, as: UTF8.self))
      }
    case .bytes:
      writer.string(Base64.encode(data[occurrence.range]))
    case .enum:
      writeEnum(field, number: Int32(truncatingIfNeeded: v))
    default:
      throw error(.invalidValue("field \(field.name) has no scalar type"))
    }
  }

  mutating func writeEnum(_ field: FieldDescriptor, number: Int32) {
    if field.typeName == "google.protobuf.NullValue" {
      writer.raw("null")
    } else if let name = pool.enumType(named: field.typeName)?.name(for: number) {
      writer.string(name)
    } else {
      writer.raw(String(number))
    }
  }

  mutating func writeFloatingPoint(_ value: Double, single: Bool) {
    if value.isNaN {
      writer.string("NaN")
    } else if value.isInfinite {
      writer.string(value < 0 ? "-Infinity" : "Infinity")
    } else {
      writer.raw(FloatText.shortest(value, single: single))
    }
  }

  /// Writes the default value of an unset implicit-presence field (for `--emit-defaults`).
  mutating func writeDefault(_ field: FieldDescriptor) throws(CodecError) {
    if field.isRepeated {
      if let entry = pool.message(named: field.typeName), entry.isMapEntry {
        writer.beginObject()
        writer.endObject()
      } else {
        writer.beginArray()
        writer.endArray()
      }
      return
    }
    switch field.type {
    case .int64, .sint64, .sfixed64, .uint64, .fixed64: writer.string("0")
    case .bool: writer.raw("false")
    case .string, .bytes: writer.string("")
    case .enum:
      let first = pool.enumType(named: field.typeName)?.name(for: 0)
      if field.typeName == "google.protobuf.NullValue" {
        writer.raw("null")
      } else if let first {
        writer.string(first)
      } else {
        writer.raw("0")
      }
    default: writer.raw("0")
    }
  }

  /// Writes a map field as an object with its keys sorted (numerically for integer keys).
  mutating func map(
    _ field: FieldDescriptor,
    entry: MessageDescriptor,
    occurrences: ArraySlice<Occurrence>,
    data: [UInt8],
    depth: Int
  ) throws(CodecError) {
    guard let (keyField, valueField) = entry.mapKeyValue else {
      throw error(.unknownType(entry.fullName))
    }
    var entries: [String: (sortKey: MapSortKey, value: Occurrence?)] = [:]
    for occurrence in occurrences {
      guard occurrence.wireType == .lengthDelimited else {
        throw error(
          .binary(
            .wrongWireType(field: field.name, expected: .lengthDelimited, got: occurrence.wireType)
          )
        )
      }
      let parts = try scan(data: data, range: occurrence.range)
      let keyOccurrence = parts[1]?.last
      let (text, sortKey) = try mapKeyText(keyField, keyOccurrence, data: data)
      entries[text] = (sortKey, parts[2]?.last)
    }
    writer.beginObject()
    for (text, item) in entries.sorted(by: { $0.value.sortKey < $1.value.sortKey }) {
      writer.key(text)
      path.append("[\"\(text)\"]")
      if let value = item.value {
        if valueField.isMessage {
          try singularMessage(valueField, occurrences: [value][...], data: data, depth: depth)
        } else {
          try scalar(valueField, value, data: data)
        }
      } else if valueField.isMessage {
        writer.beginObject()
        writer.endObject()
      } else {
        try writeDefault(valueField)
      }
      path.removeLast()
    }
    writer.endObject()
  }

  /// The JSON key text of a map entry's key and how it sorts.
  func mapKeyText(
    _ field: FieldDescriptor,
    _ occurrence: Occurrence?,
    data: [UInt8]
  ) throws(CodecError) -> (String, MapSortKey) {
    guard let occurrence else {
      switch field.type {
      case .string: return ("", .text(""))
      case .bool: return ("false", .integer(0))
      default: return ("0", .integer(0))
      }
    }
    let v = occurrence.scalar
    switch field.type {
    case .string:
      let text = String(decoding: data[occurrence.range], as: UTF8.self)
      return (text, .text(text))
    case .bool: return (v != 0 ? "true" : "false", .integer(v != 0 ? 1 : 0))
    case .int32, .sfixed32:
      let n = Int32(truncatingIfNeeded: v)
      return (String(n), .integer(Int64(n)))
    case .sint32:
      let n = BinaryReader.zigZag32(v)
      return (String(n), .integer(Int64(n)))
    case .uint32, .fixed32:
      let n = UInt32(truncatingIfNeeded: v)
      return (String(n), .integer(Int64(n)))
    case .int64, .sfixed64:
      let n = Int64(bitPattern: v)
      return (String(n), .integer(n))
    case .sint64:
      let n = BinaryReader.zigZag64(v)
      return (String(n), .integer(n))
    default: return (String(v), .unsigned(v))
    }
  }
}

/// How map keys are ordered in JSON output.
enum MapSortKey: Comparable {
  case integer(Int64)
  case unsigned(UInt64)
  case text(String)
}

/// Shortest round-trip number text, laid out as Go's protojson does (exponent form only below
/// 1e-6 and from 1e21 up), so output matches grpcurl's.
enum FloatText {
  static func shortest(_ value: Double, single: Bool) -> String {
    let text = single ? Float(value).description : value.description
    var mantissa = Substring(text)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      exponent = Int(text[text.index(after: e)...]) ?? 0
      mantissa = text[..<e]
    }
    let negative = mantissa.hasPrefix("-")
    if negative { mantissa = mantissa.dropFirst() }
    var digits = ""
    var pointPosition = 0
    if let dot = mantissa.firstIndex(of: ".") {
      digits = String(mantissa[..<dot]) + mantissa[mantissa.index(after: dot)...]
      pointPosition = mantissa.distance(from: mantissa.startIndex, to: dot) + exponent
    } else {
      digits = String(mantissa)
      pointPosition = digits.count + exponent
    }
    while digits.hasPrefix("0") && digits.count > 1 {
      digits.removeFirst()
      pointPosition -= 1
    }
    while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
    if digits == "0" { return negative ? "-0" : "0" }
    let scientificExponent = pointPosition - 1
    var out = negative ? "-" : ""
    if scientificExponent < -6 || scientificExponent >= 21 {
      out += String(digits.first!)
      if digits.count > 1 { out += "." + digits.dropFirst() }
      let sign = scientificExponent < 0 ? "-" : "+"
      let magnitude = abs(scientificExponent)
      out += "e" + sign + (magnitude < 10 ? "0" : "") + String(magnitude)
    } else if pointPosition <= 0 {
      out += "0." + String(repeating: "0", count: -pointPosition) + digits
    } else if pointPosition >= digits.count {
      out += digits + String(repeating: "0", count: pointPosition - digits.count)
    } else {
      let index = digits.index(digits.startIndex, offsetBy: pointPosition)
      out += digits[..<index] + "." + digits[index...]
    }
    return out
  }
}
