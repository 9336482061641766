import SwiftProtobuf
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The `.proto` files built into grpcall, resolvable with no import path: protobuf's well-known
/// types exactly as shipped with protoc, `google/rpc/{status,error_details,code}.proto`, and gRPC's
/// health and reflection (v1, v1alpha) protos.
public enum WellKnownProtos {
  /// The compiled descriptor of a built-in file (source info included), or `nil` if `name` is not
  /// built in. Compiled at development time (scripts/generate-builtin-descriptors); only the files
  /// a run asks for are decoded.
  /// Each file is decoded once per process (the compiler and the option interpreter both read
  /// `descriptor.proto`, the largest).
  public static func descriptor(named name: String) -> Google_Protobuf_FileDescriptorProto? {
    if let decoded = decoded.withLock({ $0[name] }) { return decoded }
    guard let encoded = serializedDescriptors[name], let bytes = Data(base64Encoded: encoded),
      let file = try? Google_Protobuf_FileDescriptorProto(serializedBytes: bytes)
    else {
      return nil
    }
    decoded.withLock { $0[name] = file }
    return file
  }

  private static let decoded = Mutex<[String: Google_Protobuf_FileDescriptorProto]>([:])

  /// Names of every built-in file.
  public static var fileNames: [String] { serializedDescriptors.keys.sorted() }

  /// The built-in file that defines a fully-qualified type (no leading dot), if any — used to
  /// suggest a missing import.
  public static func file(definingType name: String) -> String? {
    let typeFiles: [String: String] = [
      "google.protobuf.Any": "any", "google.protobuf.Api": "api", "google.protobuf.Method": "api",
      "google.protobuf.Mixin": "api", "google.protobuf.Duration": "duration",
      "google.protobuf.Empty": "empty",
      "google.protobuf.FieldMask": "field_mask", "google.protobuf.SourceContext": "source_context",
      "google.protobuf.Struct": "struct", "google.protobuf.Value": "struct",
      "google.protobuf.ListValue": "struct",
      "google.protobuf.NullValue": "struct", "google.protobuf.Timestamp": "timestamp",
      "google.protobuf.Type": "type",
      "google.protobuf.Field": "type", "google.protobuf.Enum": "type",
      "google.protobuf.EnumValue": "type",
      "google.protobuf.Option": "type", "google.protobuf.Syntax": "type",
      "google.protobuf.DoubleValue": "wrappers",
      "google.protobuf.FloatValue": "wrappers", "google.protobuf.Int64Value": "wrappers",
      "google.protobuf.UInt64Value": "wrappers", "google.protobuf.Int32Value": "wrappers",
      "google.protobuf.UInt32Value": "wrappers", "google.protobuf.BoolValue": "wrappers",
      "google.protobuf.StringValue": "wrappers", "google.protobuf.BytesValue": "wrappers",
    ]
    return typeFiles[name].map { "google/protobuf/\($0).proto" }
  }
}
