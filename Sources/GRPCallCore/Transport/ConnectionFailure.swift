import GRPCCore
import NIOCore
import NIOSSL
import ProtoSchema

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Recognises RPC errors that mean "no connection could be made" and words their cause in one line.
enum ConnectionFailure {
  /// A plain one-line reason if `error` is a connection failure, else `nil`. `plaintext` says
  /// which side of a TLS mismatch the client was on.
  static func reason(of error: RPCError, plaintext: Bool) -> String? {
    guard error.code == .unavailable else { return nil }
    let causes = chain(of: error)
    let text = causes.count > 1 ? String(describing: causes[causes.count - 1]) : error.message
    if text.contains("errno: 111") || text.lowercased().contains("connection refused") {
      return "connect: connection refused"
    }
    if text.contains("CERTIFICATE_VERIFY_FAILED") {
      return "tls: certificate verification failed (CERTIFICATE_VERIFY_FAILED)"
    }
    if text.contains("HTTP/2 connection preface") {
      return plaintext ? Self.tlsServerForPlaintextClient : Self.handshakeFailed
    }
    guard causes.count > 1 else { return nil }
    if text.contains("errno: 2") || text.contains("No such file") {
      return "connect: no such file or directory"
    }
    for cause in causes.reversed() {
      if let words = words(for: cause, plaintext: plaintext) { return words }
    }
    return "the connection failed (\(ErrorWords.sanitized(oneLine(text))))"
  }

  /// A cause in words, read by its type: an I/O error by its errno, a TLS error by its kind.
  static func words(for error: any Error, plaintext: Bool) -> String? {
    if let io = error as? IOError {
      return String(cString: strerror(io.errnoCode)).lowercased()
    }
    if let extra = error as? NIOSSLExtraError {
      switch extra {
      case .failedToValidateHostname, .serverHostnameImpossibleToMatch:
        return "tls: the server's certificate is not valid for the name asked for (see -servername)"
      case .invalidSNIHostname, .cannotUseIPAddressInSNI:
        return "tls: the name asked for cannot be sent as a TLS server name (see -servername)"
      default: return "tls: \(ErrorWords.sanitized(String(describing: extra)))"
      }
    }
    if let ssl = error as? NIOSSLError {
      switch ssl {
      case .handshakeFailed(let boring): return tlsWords(String(describing: boring))
      case .uncleanShutdown: return "tls: the server closed the connection without a TLS close"
      default: return "tls: \(ErrorWords.sanitized(String(describing: ssl)))"
      }
    }
    if let boring = error as? BoringSSLError { return tlsWords(String(describing: boring)) }
    return nil
  }

  /// A TLS handshake failure in words, by BoringSSL's reason code.
  static func tlsWords(_ text: String) -> String {
    let reasons: [(String, String)] = [
      ("WRONG_VERSION_NUMBER", "tls: the server is not speaking TLS (add -plaintext)"),
      (
        "CERTIFICATE_VERIFY_FAILED",
        "tls: certificate verification failed (see -cacert and -insecure)"
      ),
      ("UNKNOWN_CA", "tls: the server does not trust the client certificate's issuer"),
      (
        "CERTIFICATE_REQUIRED", "tls: the server requires a client certificate (see -cert and -key)"
      ),
      ("BAD_CERTIFICATE", "tls: the server refused the client certificate"),
      ("NO_APPLICATION_PROTOCOL", "tls: the server does not offer HTTP/2 (ALPN h2)"),
      ("UNSUPPORTED_PROTOCOL", "tls: the server and grpcall share no TLS version"),
      ("HANDSHAKE_FAILURE", "tls: the server refused the handshake"),
    ]
    for (code, words) in reasons where text.contains(code) { return words }
    return handshakeFailed
  }

  static let tlsServerForPlaintextClient =
    "the server closed the connection during the HTTP/2 handshake (is it a TLS server? drop -plaintext)"

  static let handshakeFailed =
    "tls: handshake failed (is the server's certificate trusted? see -cacert and -insecure; does the server use TLS at all? see -plaintext)"

  static func chain(of error: any Error) -> [any Error] {
    var result: [any Error] = [error]
    var current: any Error = error
    while result.count < 10 {
      if let rpc = current as? RPCError, let cause = rpc.cause {
        result.append(cause)
        current = cause
      } else if let runtime = current as? RuntimeError, let cause = runtime.cause {
        result.append(cause)
        current = cause
      } else {
        break
      }
    }
    return result
  }

  static func oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters() }.joined(separator: " ")
  }
}

extension Substring {
  fileprivate func trimmingCharacters() -> String {
    String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
