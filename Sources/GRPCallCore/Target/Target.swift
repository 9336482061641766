import GRPCNIOTransportHTTP2

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    if rest.contains("://") || rest.contains("/") {
      throw .invalidAddress(address, reason: Self.shape)
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
      // Every input reaches the transport checked: it traps on an IPv6 literal it cannot parse.
      guard rest.hasPrefix("["), Self.isIPv6(host) else {
        throw .invalidAddress(address, reason: Self.shape)
      }
      self = .ipv6(host: host, port: port)
    } else {
      guard host.utf8.allSatisfy(Self.isHostNameByte) else {
        throw .invalidAddress(address, reason: Self.shape)
      }
      self = .dns(host: host.isEmpty ? "localhost" : host, port: port)
    }
  }

  /// What an address looks like, for the error that refuses one.
  static let shape =
    "an address is host:port (127.0.0.1:50051, api.example.com:443), [IPv6]:port ([::1]:50051) or unix:/path/to/socket"

  static func isIPv6(_ host: String) -> Bool {
    var address = in6_addr()
    return inet_pton(AF_INET6, host, &address) == 1
  }

  /// Letters, digits, `-`, `.` and `_`: what a DNS name (or an IPv4 literal) is made of.
  static func isHostNameByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"),
      UInt8(ascii: "0") ... UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
      UInt8(ascii: "_"):
      true
    default: false
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
    case .ipv4(let host, let port): .ipv4(address: host, port: port)
    case .ipv6(let host, let port): .ipv6(address: host, port: port)
    case .dns(let host, let port): .dns(host: host, port: port)
    case .unixSocket(let path): .unixDomainSocket(path: path)
    }
  }
}
