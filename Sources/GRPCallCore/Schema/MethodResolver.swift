import ProtoSchema

/// Finds the method a user named: `pkg.Service/Method` or `pkg.Service.Method`, split at the last
/// `/`, otherwise at the last `.`.
public enum MethodResolver {
  /// The service part of `svc/method` or `svc.method` (no leading dot); nil when malformed.
  public static func serviceName(of name: String) -> String? {
    var service: Substring
    if let slash = name.lastIndex(of: "/") {
      service = name[..<slash]
    } else if let dot = name.lastIndex(of: ".") {
      service = name[..<dot]
    } else {
      return nil
    }
    if service.hasPrefix(".") { service = service.dropFirst() }
    return service.isEmpty ? nil : String(service)
  }

  /// Resolves `name` in `pool`, with grpcurl's error messages.
  public static func resolve(
    _ name: String,
    in pool: DescriptorPool
  ) throws(GRPCallError) -> MethodDescriptor {
    var serviceName: Substring
    let methodName: Substring
    if let slash = name.lastIndex(of: "/") {
      serviceName = name[..<slash]
      methodName = name[name.index(after: slash)...]
    } else if let dot = name.lastIndex(of: ".") {
      serviceName = name[..<dot]
      methodName = name[name.index(after: dot)...]
    } else {
      throw .malformedMethodName(name)
    }
    if serviceName.hasPrefix(".") { serviceName = serviceName.dropFirst() }
    guard !serviceName.isEmpty, !methodName.isEmpty else { throw .malformedMethodName(name) }
    guard let service = pool.service(named: String(serviceName)) else {
      throw .serviceNotFound(method: name, service: String(serviceName))
    }
    guard let method = service.method(named: String(methodName)) else {
      throw .methodNotFound(method: name, service: String(serviceName), name: String(methodName))
    }
    return method
  }
}
