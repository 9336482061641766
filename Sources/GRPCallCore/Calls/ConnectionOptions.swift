/// Everything about reaching a server that is not about a particular call.
public struct ConnectionOptions: Sendable {
  /// Where to connect.
  public var target: Target
  /// Plaintext or TLS, and which certificates.
  public var security: TransportSecurityOptions
  /// Overrides the `:authority` header.
  public var authority: String?
  /// Largest response message accepted, in bytes (grpcurl's default: 4 MiB).
  public var maxReceiveMessageBytes: Int
  /// Keepalive ping interval, if any.
  public var keepaliveTime: Duration?

  /// Creates options.
  public init(
    target: Target,
    security: TransportSecurityOptions,
    authority: String? = nil,
    maxReceiveMessageBytes: Int = 4 * 1024 * 1024,
    keepaliveTime: Duration? = nil
  ) {
    self.target = target
    self.security = security
    self.authority = authority
    self.maxReceiveMessageBytes = maxReceiveMessageBytes
    self.keepaliveTime = keepaliveTime
  }
}
