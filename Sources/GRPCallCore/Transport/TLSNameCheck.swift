import NIOSSL

/// Checks the server's certificate against the TLS name grpcall was given, as grpc-go does: only
/// DNS subject alternative names count. swift-nio-ssl also accepts a certificate whose IP address
/// names the peer's address, whatever name was asked for, so `-servername other.example` against
/// an IP would otherwise pass.
enum TLSNameCheck {
  /// `nil` when `certificate` covers `name`, else grpc-go's one-line reason.
  static func problem(with certificate: NIOSSLCertificate, for name: String) -> String? {
    var dnsNames: [String] = []
    for alternative in certificate._subjectAlternativeNames() where alternative.nameType == .dnsName
    {
      dnsNames.append(String(decoding: Array(alternative.contents), as: UTF8.self))
    }
    let wanted = name.lowercased().trimmingTrailingDot
    if dnsNames.contains(where: { matches(pattern: $0.lowercased().trimmingTrailingDot, wanted) }) {
      return nil
    }
    if dnsNames.isEmpty {
      return "x509: certificate is not valid for any names, but wanted to match \(name)"
    }
    return "x509: certificate is valid for \(dnsNames.joined(separator: ", ")), not \(name)"
  }

  /// RFC 6125 matching: exact, or a `*.` wildcard standing for exactly the first label.
  static func matches(pattern: String, _ name: String) -> Bool {
    if pattern == name { return true }
    guard pattern.hasPrefix("*."), let dot = name.firstIndex(of: ".") else { return false }
    return name[dot...] == pattern.dropFirst() && name.startIndex != dot
  }
}

extension String {
  fileprivate var trimmingTrailingDot: String { hasSuffix(".") ? String(dropLast()) : self }
}
