import ProtoCodec
import ProtoSchema

/// The `details` of a non-OK status (`grpc-status-details-bin`, a `google.rpc.Status`), each
/// rendered as one-line JSON. Types resolve from the call's schema plus the built-in
/// `google/rpc/error_details.proto`, so the standard error details (ErrorInfo, BadRequest, ...)
/// print as fields even when the user's schema lacks them; unknown types print as grpcurl's
/// `{"@error", "@type", "@value"}` object.
public enum StatusDetails {
  /// Each detail as compact JSON; empty when the status carries none.
  public static func json(of status: CallStatus, schema: DescriptorPool) -> [String] {
    guard let bytes = status.details, let pool = pool(extending: schema),
      let statusType = pool.message(named: "google.rpc.Status"),
      let anyType = pool.message(named: "google.protobuf.Any")
    else { return [] }
    let printer = BinaryToJSON(pool: pool, options: .init(indent: "", unresolvableAnyAsRaw: true))
    return anyPayloads(in: bytes, statusType: statusType).map { payload in
      (try? printer.json(payload, as: anyType)) ?? "{\"@error\":\"malformed status detail\"}"
    }
  }

  /// Each detail as text format (an expanded `Any` when its type is known).
  public static func text(of status: CallStatus, schema: DescriptorPool) -> [String] {
    guard let bytes = status.details, let pool = pool(extending: schema),
      let statusType = pool.message(named: "google.rpc.Status"),
      let anyType = pool.message(named: "google.protobuf.Any")
    else { return [] }
    let printer = BinaryToText(pool: pool)
    return anyPayloads(in: bytes, statusType: statusType).map { payload in
      var text = (try? printer.text(payload, as: anyType)) ?? "# malformed status detail\n"
      if text.hasSuffix("\n") { text.removeLast() }
      return text
    }
  }

  /// The encoded `Any` messages of `Status.details`.
  static func anyPayloads(in status: [UInt8], statusType: MessageDescriptor) -> [[UInt8]] {
    guard let detailsNumber = statusType.field(named: "details")?.number else { return [] }
    var reader = BinaryReader(status)
    var payloads: [[UInt8]] = []
    while !reader.isAtEnd {
      guard let (number, wireType) = try? reader.readTag() else { break }
      if number == detailsNumber, wireType == .lengthDelimited,
        let range = try? reader.readLengthDelimited()
      {
        payloads.append(Array(status[range]))
      } else if (try? reader.skip(wireType, number: number)) == nil {
        break
      }
    }
    return payloads
  }

  /// The schema plus the built-in google/rpc protos (the built-ins alone if they conflict).
  static func pool(extending schema: DescriptorPool) -> DescriptorPool? {
    guard
      let builtIn = try? ProtoCompiler.compile(
        files: ["google/rpc/error_details.proto", "google/rpc/status.proto"],
        importPaths: []
      )
    else { return schema }
    let known = Set(schema.files.map(\.name))
    if let merged = try? DescriptorPool(
      files: schema.files + builtIn.filter { !known.contains($0.name) }
    ) {
      return merged
    }
    return try? DescriptorPool(files: builtIn)
  }
}
