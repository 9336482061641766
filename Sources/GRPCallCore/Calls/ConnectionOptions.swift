import GRPCCore

/// Everything about reaching a server that is not about a particular call.
public struct ConnectionOptions: Sendable {
  /// Where to connect.
  public var target: Target
  /// Plaintext or TLS, and which certificates.
  public var security: TransportSecurityOptions
  /// Overrides the `:authority` header (and, without `serverName`, the TLS name).
  public var authority: String?
  /// The TLS server name (SNI and certificate verification), when it differs from `:authority`.
  public var serverName: String?
  /// Largest response message accepted, in bytes (grpcurl's default: 4 MiB).
  public var maxReceiveMessageBytes: Int
  /// Keepalive ping interval, if any.
  public var keepaliveTime: Duration?
  /// grpc-go's floor for keepalive pings: shorter times are raised to it, since servers hang up
  /// on a client that pings more often (ENHANCE_YOUR_CALM, "too_many_pings").
  public static let minimumKeepaliveTime: Duration = .seconds(10)
  /// How long TCP connect, TLS handshake and the server's HTTP/2 settings may take together.
  public var connectTimeout: Duration
  /// The algorithm requests are compressed with (responses in gzip and deflate are always read).
  public var requestCompression: RequestCompression
  /// Added after `grpcall/VERSION` in the `user-agent` header.
  public var userAgent: String?
  /// Record each message's size on the wire, its encoding and the first response byte of every
  /// stream (`-vv`); off, the streams carry no extra handler.
  public var recordsTraffic = false

  /// Creates options.
  public init(
    target: Target,
    security: TransportSecurityOptions,
    authority: String? = nil,
    serverName: String? = nil,
    maxReceiveMessageBytes: Int = 4 * 1024 * 1024,
    keepaliveTime: Duration? = nil,
    connectTimeout: Duration = .seconds(10),
    requestCompression: RequestCompression = .none,
    userAgent: String? = nil
  ) {
    self.target = target
    self.security = security
    self.authority = authority
    self.serverName = serverName
    self.maxReceiveMessageBytes = maxReceiveMessageBytes
    self.keepaliveTime = keepaliveTime.map { max($0, Self.minimumKeepaliveTime) }
    self.connectTimeout = connectTimeout
    self.requestCompression = requestCompression
    self.userAgent = userAgent
  }
}

/// How request messages are compressed (`--compress`).
public enum RequestCompression: String, Sendable, Hashable, CaseIterable {
  case none
  case gzip
  case deflate
}

extension RequestCompression {
  /// The transport's algorithm.
  var algorithm: CompressionAlgorithm {
    switch self {
    case .none: .none
    case .gzip: .gzip
    case .deflate: .deflate
    }
  }
}

extension ConnectionOptions {
  /// The name TLS puts in SNI and checks the certificate against: `serverName`, else
  /// `authority` (plaintext connections have none).
  var tlsName: String? {
    if security.plaintext { return authority }
    return serverName ?? authority
  }

  /// The `:authority` to write over the TLS name, when the two differ.
  var authorityOverride: String? {
    guard !security.plaintext, let serverName, let authority, serverName != authority else {
      return nil
    }
    return authority
  }
}

extension ConnectionOptions {
  /// The DNS name the certificate must cover: the TLS name (or the target's host name), unless
  /// verification is off or the name is an IP address.
  var verifiedDNSName: String? {
    guard !security.plaintext, !security.insecure else { return nil }
    guard var name = tlsName ?? target.hostName else { return nil }
    if name.hasPrefix("["), let close = name.firstIndex(of: "]") {
      name = String(name[name.index(after: name.startIndex) ..< close])
    } else if let colon = name.lastIndex(of: ":"), name.filter({ $0 == ":" }).count == 1 {
      name = String(name[..<colon])
    }
    if Target.isIPv4(name) || name.contains(":") { return nil }
    return name
  }
}

extension ConnectionOptions {
  /// Options as the connection flags give them (and scenario files' keys of the same names):
  /// times in seconds and sizes in bytes, where absent or zero means the default.
  public init(
    address: String,
    unix: Bool,
    security: TransportSecurityOptions,
    authority: String?,
    serverName: String?,
    userAgent: String?,
    compression: RequestCompression,
    connectTimeoutSeconds: Double?,
    keepaliveSeconds: Double?,
    maxReceiveMessageBytes: Int?
  ) throws(GRPCallError) {
    self.init(
      target: try Target(parsing: address, unix: unix),
      security: security,
      authority: authority
    )
    self.serverName = serverName
    self.userAgent = userAgent
    self.requestCompression = compression
    if let connectTimeout = connectTimeoutSeconds.flatMap(DurationText.duration(seconds:)) {
      self.connectTimeout = connectTimeout
    }
    if let keepalive = keepaliveSeconds.flatMap(DurationText.duration(seconds:)) {
      self.keepaliveTime = max(keepalive, Self.minimumKeepaliveTime)
    }
    if let maxReceiveMessageBytes, maxReceiveMessageBytes > 0 {
      self.maxReceiveMessageBytes = maxReceiveMessageBytes
    }
  }
}
