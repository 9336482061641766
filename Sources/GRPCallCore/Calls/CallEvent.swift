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

  /// The codes' canonical names (grpc's status documentation, `NOT_FOUND`), by number.
  static let canonicalNames = [
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
    "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
  ]

  /// Go's spelling of the code, as grpcurl prints it: `NotFound`, `DeadlineExceeded`, ...
  public var codeName: String {
    guard code >= 0 && code < Self.canonicalNames.count else { return "Code(\(code))" }
    if code == 0 { return "OK" }
    if code == 1 { return "Canceled" }
    return Self.canonicalNames[code].split(separator: "_").map {
      $0.prefix(1) + $0.dropFirst().lowercased()
    }.joined()
  }

  /// The canonical name: `NOT_FOUND` for 5.
  public static func canonicalName(of code: Int) -> String {
    code >= 0 && code < canonicalNames.count ? canonicalNames[code] : "CODE_\(code)"
  }

  /// The code a user names: `NOT_FOUND`, `not_found`, Go's `NotFound`, `Canceled`, or a number
  /// (0-16); nil when it is none of these — `NOTFOUND` is not a spelling of any (see
  /// `suggestedName(for:)`).
  public static func code(named text: String) -> Int? {
    if let number = Int(text) { return canonicalNames.indices.contains(number) ? number : nil }
    let upper = text.uppercased()
    if upper == "CANCELED" { return 1 }
    if let code = canonicalNames.firstIndex(of: upper) { return code }
    return canonicalNames.indices.first { CallStatus(code: $0, message: "").codeName == text }
  }

  /// The canonical name a misspelt status most likely means (`NOTFOUND`, `notFound` →
  /// `NOT_FOUND`), if any.
  public static func suggestedName(for text: String) -> String? {
    let folded = text.uppercased().filter { $0 != "_" }
    return canonicalNames.first { $0.filter { $0 != "_" } == folded }
  }
}
