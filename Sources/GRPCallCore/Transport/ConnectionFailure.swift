import GRPCCore

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
    return oneLine(text)
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
