import GRPCCore

/// Sends already-encoded protobuf bytes unchanged: grpcall's codec does the encoding.
struct PassthroughSerializer: MessageSerializer {
  func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes {
    Bytes(message)
  }
}

/// Receives protobuf bytes unchanged, for grpcall's codec to decode.
struct PassthroughDeserializer: MessageDeserializer {
  func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
    serializedMessageBytes.withUnsafeBytes { Array($0) }
  }
}
