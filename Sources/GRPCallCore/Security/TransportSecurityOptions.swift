import GRPCNIOTransportHTTP2
import NIOSSL

#if canImport(Glibc)
import Glibc
#endif

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How to secure the connection, as grpcurl's flags describe it.
public struct TransportSecurityOptions: Sendable, Hashable {
  /// Plain-text HTTP/2 (h2c with prior knowledge).
  public var plaintext: Bool
  /// TLS without verifying the server's certificate.
  public var insecure: Bool
  /// PEM file of trusted root CAs (system roots when `nil`).
  public var caCertificatePath: String?
  /// PEM client certificate for mutual TLS.
  public var certificatePath: String?
  /// PEM client key for mutual TLS.
  public var keyPath: String?

  /// Creates options.
  public init(
    plaintext: Bool = false,
    insecure: Bool = false,
    caCertificatePath: String? = nil,
    certificatePath: String? = nil,
    keyPath: String? = nil
  ) {
    self.plaintext = plaintext
    self.insecure = insecure
    self.caCertificatePath = caCertificatePath
    self.certificatePath = certificatePath
    self.keyPath = keyPath
  }

  /// The transport's security configuration; checks that the files exist.
  func transportSecurity() throws(GRPCallError) -> HTTP2ClientTransport.Posix.TransportSecurity {
    if plaintext { return .plaintext }
    for (label, path) in [
      ("ca certificate", caCertificatePath), ("client certificate", certificatePath),
      ("client key", keyPath),
    ] {
      guard let path else { continue }
      var info = stat()
      guard stat(path, &info) == 0 else {
        let reason = String(cString: strerror(errno)).lowercased()
        throw .tlsConfiguration("could not read \(label): open \(path): \(reason)")
      }
      if (info.st_mode & S_IFMT) == S_IFDIR {
        throw .tlsConfiguration("could not read \(label): read \(path): is a directory")
      }
      // Loaded here once, so a file that is not PEM is named now rather than failing deep in
      // the TLS handshake as "couldn't create SSL context".
      let loads =
        label == "client key"
        ? (try? NIOSSLPrivateKey(file: path, format: .pem)) != nil
        : ((try? NIOSSLCertificate.fromPEMFile(path))?.isEmpty == false)
      if !loads {
        let what = label == "client key" ? "PEM private key" : "PEM certificate"
        throw .tlsConfiguration("could not load \(label) \(path): no \(what) found")
      }
    }
    return .tls { config in
      if let certificatePath, let keyPath {
        config.certificateChain = [.file(path: certificatePath, format: .pem)]
        config.privateKey = .file(path: keyPath, format: .pem)
      }
      if let caCertificatePath {
        config.trustRoots = .certificates([.file(path: caCertificatePath, format: .pem)])
      }
      if insecure { config.serverCertificateVerification = .noVerification }
    }
  }
}
