import SwiftProtobuf

/// Serializes a `FileDescriptorSet` to exactly the bytes `serializedBytes()` writes, in one pass.
///
/// swift-protobuf sizes every nested message again at each level it is nested in, and a
/// descriptor set nests deeply (set → file → message → field → options; source info three levels
/// down), so writing a protoset sized most of it three or four times before writing it once.
/// `SinglePassEncoder` writes each length after its payload instead.
public enum DescriptorSetEncoder {
  /// The bytes of `set`, as `set.serializedBytes()` would write them.
  public static func serialize(_ set: Google_Protobuf_FileDescriptorSet) throws -> [UInt8] {
    if let bytes = SinglePassEncoder.encode(set) { return bytes }
    return try set.serializedBytes()
  }
}
