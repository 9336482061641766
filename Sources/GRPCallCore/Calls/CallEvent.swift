/// Metadata as printable `(key, value)` pairs; binary values are base64 (as grpcurl prints them).
public typealias MetadataPairs = [(key: String, value: String)]

/// Something that happened during a call, reported as it happens so output is never lost.
public enum CallEvent: Sendable {
  /// The server's response headers.
  case responseHeaders(MetadataPairs)
  /// One response message, still encoded.
  case response([UInt8])
  /// The server's trailers (without the reserved `grpc-status` keys).
  case responseTrailers(MetadataPairs)
}

/// How a call ended.
public struct CallStatus: Sendable, Hashable {
  /// The gRPC status code (0 is OK).
  public var code: Int
  /// The status message.
  public var message: String
  /// `grpc-status-details-bin`: an encoded `google.rpc.Status`, if the server sent one.
  public var details: [UInt8]?

  /// Creates a status.
  public init(code: Int, message: String, details: [UInt8]? = nil) {
    self.code = code
    self.message = message
    self.details = details
  }

  /// Whether the call succeeded.
  public var isOK: Bool { code == 0 }

  /// The status OK.
  public static let ok = CallStatus(code: 0, message: "")

  /// Go's spelling of the code, as grpcurl prints it: `NotFound`, `DeadlineExceeded`, ...
  public var codeName: String {
    let names = [
      "OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound",
      "AlreadyExists",
      "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange",
      "Unimplemented",
      "Internal", "Unavailable", "DataLoss", "Unauthenticated",
    ]
    return code >= 0 && code < names.count ? names[code] : "Code(\(code))"
  }
}
