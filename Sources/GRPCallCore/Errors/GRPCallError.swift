/// Why grpcall could not do what was asked, before or around an RPC. Each has a one-line message;
/// a non-OK status from the server is not an error of this kind (see `CallStatus`).
public enum GRPCallError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The address could not be parsed.
  case invalidAddress(String, reason: String)
  /// The connection could not be made (refused, TLS failure, timeout...).
  case connectionFailed(target: String, reason: String)
  /// A method name is not `svc/method` or `svc.method`.
  case malformedMethodName(String)
  /// The schema has no such service.
  case serviceNotFound(method: String, service: String)
  /// The service has no such method.
  case methodNotFound(method: String, service: String, name: String)
  /// A request or response message could not be converted.
  case messageConversion(method: String, reason: String)
  /// Unary and server-streaming methods take exactly one request.
  case tooManyRequests(method: String, kind: String)
  /// A TLS file could not be used.
  case tlsConfiguration(String)
  /// A header could not be used.
  case invalidHeader(String)
  /// Reading the request input failed.
  case inputFailed(String)
  /// The server reflection service failed or is missing.
  case reflectionFailed(String)
  /// `describe` was given a name the schema does not define.
  case symbolNotFound(String)
  /// `list` was given a service the schema does not define.
  case serviceNotListed(String)
  /// The call failed for a reason that is neither a status nor a connection failure.
  case callFailed(method: String, reason: String)
  /// A file grpcall was asked to write could not be written.
  case outputFailed(path: String, reason: String)

  public var description: String {
    switch self {
    case .invalidAddress(let address, let reason):
      "Invalid address \"\(address)\": \(reason)"
    case .connectionFailed(let target, let reason):
      "Failed to dial target host \"\(target)\": \(reason)"
    case .malformedMethodName(let name):
      "Error invoking method \"\(name)\": given method name \"\(name)\" is not in expected format: 'service/method' or 'service.method'"
    case .serviceNotFound(let method, let service):
      "Error invoking method \"\(method)\": target server does not expose service \"\(service)\""
    case .methodNotFound(let method, let service, let name):
      "Error invoking method \"\(method)\": service \"\(service)\" does not include a method named \"\(name)\""
    case .messageConversion(let method, let reason):
      "Error invoking method \"\(method)\": error getting request data: \(reason)"
    case .tooManyRequests(let method, let kind):
      "Error invoking method \"\(method)\": method \"\(method)\" is a \(kind) RPC, but request data contained more than 1 message"
    case .tlsConfiguration(let reason):
      "Failed to create TLS config: \(reason)"
    case .invalidHeader(let reason):
      "Invalid header: \(reason)"
    case .inputFailed(let reason):
      "Failed to read request data: \(reason)"
    case .reflectionFailed(let reason):
      reason
    case .callFailed(let method, let reason):
      "Error invoking method \"\(method)\": \(reason)"
    case .outputFailed(let path, let reason):
      "Failed to write \(path): \(reason)"
    case .serviceNotListed(let name):
      "Failed to list methods for service \"\(name)\": Symbol not found: \(name)"
    case .symbolNotFound(let name):
      "Failed to resolve symbol \"\(name)\": Symbol not found: \(name.hasPrefix(".") ? String(name.dropFirst()) : name)"
    }
  }
}
