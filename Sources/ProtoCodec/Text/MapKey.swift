import ProtoSchema

/// A map key, comparable the way protoc orders map entries.
enum MapKey: Comparable {
  case signed(Int64)
  case unsigned(UInt64)
  case bytes([UInt8])

  init(_ field: FieldDescriptor, _ occurrence: WireOccurrence?, data: [UInt8]) {
    let raw = occurrence?.scalar ?? 0
    switch field.type {
    case .string, .bytes: self = .bytes(occurrence.map { Array(data[$0.range]) } ?? [])
    case .int32, .sfixed32: self = .signed(Int64(Int32(truncatingIfNeeded: raw)))
    case .int64, .sfixed64: self = .signed(Int64(bitPattern: raw))
    case .sint32: self = .signed(Int64(BinaryReader.zigZag32(raw)))
    case .sint64: self = .signed(BinaryReader.zigZag64(raw))
    case .uint32, .fixed32: self = .unsigned(raw & 0xFFFF_FFFF)
    default: self = .unsigned(raw)
    }
  }

  static func < (lhs: MapKey, rhs: MapKey) -> Bool {
    switch (lhs, rhs) {
    case (.signed(let a), .signed(let b)): a < b
    case (.unsigned(let a), .unsigned(let b)): a < b
    case (.bytes(let a), .bytes(let b)): a.lexicographicallyPrecedes(b)
    default: false
    }
  }
}
