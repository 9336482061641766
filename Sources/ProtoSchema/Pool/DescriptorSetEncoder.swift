import SwiftProtobuf

/// Serializes a `FileDescriptorSet` to exactly the bytes `serializedBytes()` writes, faster.
///
/// swift-protobuf sizes every nested message again at each level it is nested in, and source
/// info sits three levels down (set → file → `source_code_info` → location), so each location
/// was sized four times and encoded once: two thirds of writing a protoset. Here each file
/// without its source info goes through swift-protobuf, and the source info is written by hand,
/// every location sized once, then spliced in at field 9's place so the field order — and the
/// bytes — stay the library's.
public enum DescriptorSetEncoder {
  /// The bytes of `set`, as `set.serializedBytes()` would write them.
  public static func serialize(_ set: Google_Protobuf_FileDescriptorSet) throws -> [UInt8] {
    guard set.unknownFields.data.isEmpty else { return try set.serializedBytes() }
    var output: [UInt8] = []
    for file in set.file {
      let bytes = try serialize(file)
      output.append(0x0A)  // field 1 (file), length-delimited
      appendVarint(UInt64(bytes.count), to: &output)
      output += bytes
    }
    return output
  }

  /// The bytes of one file, as `file.serializedBytes()` would write them.
  public static func serialize(_ file: Google_Protobuf_FileDescriptorProto) throws -> [UInt8] {
    guard file.hasSourceCodeInfo, let sourceInfo = encoded(file.sourceCodeInfo) else {
      return try file.serializedBytes()
    }
    var withoutSourceInfo = file
    withoutSourceInfo.clearSourceCodeInfo()
    let rest: [UInt8] = try withoutSourceInfo.serializedBytes()
    guard let split = offsetOfFirstField(after: sourceCodeInfoField, in: rest) else {
      return try file.serializedBytes()
    }
    var output: [UInt8] = []
    output.reserveCapacity(rest.count + sourceInfo.count + 6)
    output += rest[..<split]
    output.append(UInt8(sourceCodeInfoField << 3 | 2))
    appendVarint(UInt64(sourceInfo.count), to: &output)
    output += sourceInfo
    output += rest[split...]
    return output
  }

  /// `FileDescriptorProto.source_code_info`.
  static let sourceCodeInfoField = 9

  // MARK: - Source info

  /// `SourceCodeInfo` as swift-protobuf writes it, or nil when it holds anything this encoder
  /// does not write (unknown fields or extensions), left to the library.
  static func encoded(_ info: Google_Protobuf_SourceCodeInfo) -> [UInt8]? {
    guard info.unknownFields.data.isEmpty,
      info._protobuf_extensionFieldValues == ExtensionFieldValueSet()
    else {
      return nil
    }
    var output: [UInt8] = []
    var location: [UInt8] = []
    for entry in info.location {
      guard entry.unknownFields.data.isEmpty else { return nil }
      location.removeAll(keepingCapacity: true)
      encode(entry, into: &location)
      output.append(0x0A)  // field 1 (location), length-delimited
      appendVarint(UInt64(location.count), to: &output)
      output += location
    }
    return output
  }

  private static func encode(
    _ location: Google_Protobuf_SourceCodeInfo.Location,
    into output: inout [UInt8]
  ) {
    appendPacked(location.path, field: 1, to: &output)
    appendPacked(location.span, field: 2, to: &output)
    if location.hasLeadingComments { appendString(location.leadingComments, field: 3, to: &output) }
    if location.hasTrailingComments {
      appendString(location.trailingComments, field: 4, to: &output)
    }
    for comment in location.leadingDetachedComments { appendString(comment, field: 6, to: &output) }
  }

  // MARK: - Wire primitives

  private static func appendPacked(_ values: [Int32], field: Int, to output: inout [UInt8]) {
    guard !values.isEmpty else { return }
    output.append(UInt8(field << 3 | 2))
    let size = values.reduce(0) { $0 + varintSize(int32Bits($1)) }
    appendVarint(UInt64(size), to: &output)
    for value in values { appendVarint(int32Bits(value), to: &output) }
  }

  private static func appendString(_ value: String, field: Int, to output: inout [UInt8]) {
    output.append(UInt8(field << 3 | 2))
    var value = value
    value.withUTF8 { bytes in
      appendVarint(UInt64(bytes.count), to: &output)
      output.append(contentsOf: bytes)
    }
  }

  /// An `int32` on the wire: negative values sign-extended to ten bytes.
  private static func int32Bits(_ value: Int32) -> UInt64 {
    UInt64(bitPattern: Int64(value))
  }

  private static func varintSize(_ value: UInt64) -> Int {
    var value = value
    var size = 1
    while value >= 0x80 {
      value >>= 7
      size += 1
    }
    return size
  }

  static func appendVarint(_ value: UInt64, to output: inout [UInt8]) {
    var value = value
    while value >= 0x80 {
      output.append(UInt8(truncatingIfNeeded: value) | 0x80)
      value >>= 7
    }
    output.append(UInt8(value))
  }

  // MARK: - Splicing

  /// The offset of the first top-level field numbered above `field` in well-formed `bytes`
  /// (`bytes.count` when there is none), or nil if the bytes cannot be walked.
  static func offsetOfFirstField(after field: Int, in bytes: [UInt8]) -> Int? {
    var offset = 0
    while offset < bytes.count {
      let start = offset
      guard let tag = readVarint(bytes, &offset) else { return nil }
      if Int(tag >> 3) > field { return start }
      switch tag & 7 {
      case 0: guard readVarint(bytes, &offset) != nil else { return nil }
      case 1: offset += 8
      case 2:
        guard let length = readVarint(bytes, &offset), length <= UInt64(bytes.count - offset)
        else { return nil }
        offset += Int(length)
      case 5: offset += 4
      default: return nil
      }
    }
    return offset == bytes.count ? offset : nil
  }

  private static func readVarint(_ bytes: [UInt8], _ offset: inout Int) -> UInt64? {
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
