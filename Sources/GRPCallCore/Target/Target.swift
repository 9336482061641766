import GRPCNIOTransportHTTP2

/// Where to connect: a TCP host and port (IP literals kept as such, so TLS never puts an IP in
/// SNI) or a unix-domain socket.
public enum Target: Sendable, Hashable, CustomStringConvertible {
  case ipv4(host: String, port: Int)
  case ipv6(host: String, port: Int)
  case dns(host: String, port: Int)
  case unixSocket(path: String)

  /// Parses `host:port`, `[v6]:port`, `unix:///path`, `unix:path`, or (with `unix`) a socket path.
  public init(parsing address: String, unix: Bool = false) throws(GRPCallError) {
    if unix {
      self = .unixSocket(path: address)
      return
    }
    if address.hasPrefix("unix://") {
      self = .unixSocket(path: String(address.dropFirst("unix://".count)))
      return
    }
    if address.hasPrefix("unix:") {
      self = .unixSocket(path: String(address.dropFirst("unix:".count)))
      return
    }
    var rest = Substring(address)
    for scheme in ["dns:///", "passthrough:///"] where rest.hasPrefix(scheme) {
      rest = rest.dropFirst(scheme.count)
    }
    let host: String
    let portText: Substring
    if rest.hasPrefix("[") {
      guard let close = rest.firstIndex(of: "]") else {
        throw .invalidAddress(address, reason: "missing ']'")
      }
      host = String(rest[rest.index(after: rest.startIndex) ..< close])
      let afterBracket = rest[rest.index(after: close)...]
      guard afterBracket.hasPrefix(":") else {
        throw .invalidAddress(address, reason: "missing port")
      }
      portText = afterBracket.dropFirst()
    } else {
      guard let colon = rest.lastIndex(of: ":") else {
        throw .invalidAddress(address, reason: "missing port")
      }
      host = String(rest[..<colon])
      portText = rest[rest.index(after: colon)...]
    }
    guard let port = Int(portText), (0 ... 65535).contains(port) else {
      throw .invalidAddress(address, reason: "invalid port \"\(portText)\"")
    }
    if Self.isIPv4(host) {
      self = .ipv4(host: host, port: port)
    } else if host.contains(":") {
      self = .ipv6(host: host, port: port)
    } else {
      self = .dns(host: host.isEmpty ? "localhost" : host, port: port)
    }
  }

  static func isIPv4(_ host: String) -> Bool {
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
  }

  /// The name used for `:authority` and TLS verification by default.
  public var defaultAuthority: String {
    switch self {
    case .ipv4(let host, let port), .dns(let host, let port): "\(host):\(port)"
    case .ipv6(let host, let port): "[\(host)]:\(port)"
    case .unixSocket: "localhost"
    }
  }

  /// The host name for TLS server-name checks, when it is a name (not an IP).
  public var hostName: String? {
    if case .dns(let host, _) = self { return host }
    return nil
  }

  /// As written by the user.
  public var description: String {
    switch self {
    case .unixSocket(let path): path
    default: defaultAuthority
    }
  }

  /// The transport's resolvable target.
  var resolvable: any ResolvableTarget {
    switch self {
    case .ipv4(let host, let port): .ipv4(host: host, port: port)
    case .ipv6(let host, let port): .ipv6(host: host, port: port)
    case .dns(let host, let port): .dns(host: host, port: port)
    case .unixSocket(let path): .unixDomainSocket(path: path)
    }
  }
}
