import ProtoCodec
import ProtoSchema

/// `grpc.health.v1.Health` over an open connection, from the built-in health.proto: `Check` for
/// one status, `Watch` for each change.
public struct HealthClient: Sendable {
  /// A serving status, as the protocol numbers it.
  public enum ServingStatus: Int, Sendable, CustomStringConvertible {
    case unknown = 0
    case serving = 1
    case notServing = 2
    case serviceUnknown = 3

    public var description: String {
      switch self {
      case .unknown: "UNKNOWN"
      case .serving: "SERVING"
      case .notServing: "NOT_SERVING"
      case .serviceUnknown: "SERVICE_UNKNOWN"
      }
    }
  }

  /// How a check ended: a status from the server, or a failed RPC.
  public enum Result: Sendable {
    case status(ServingStatus)
    case rpcFailed(CallStatus)
  }

  let client: DynamicClient
  let metadata: HeaderList

  /// A health client; `metadata` goes with every request.
  public init(client: DynamicClient, metadata: HeaderList = HeaderList()) {
    self.client = client
    self.metadata = metadata
  }

  /// `Check(service)`; an empty service asks about the server as a whole.
  public func check(
    service: String,
    timeout: Duration? = nil
  ) async throws(GRPCallError) -> Result {
    let method = try Self.method("Check")
    let session = CallSession(
      client: client,
      method: method,
      metadata: metadata,
      timeout: timeout,
      keepsResponses: true
    )
    let request = Self.request(service)
    let outcome = try await session.run(
      requests: { sink in try await sink.write(request) },
      onEvent: { _, _ in }
    )
    guard outcome.status.isOK else { return .rpcFailed(outcome.status) }
    return .status(Self.status(of: outcome.responses.last ?? []))
  }

  /// `Watch(service)`: `onChange` sees each status as it arrives; returns how the stream ended.
  public func watch(
    service: String,
    timeout: Duration? = nil,
    onChange: @escaping @Sendable (ServingStatus) async -> Void
  ) async throws(GRPCallError) -> CallStatus {
    let method = try Self.method("Watch")
    let session = CallSession(client: client, method: method, metadata: metadata, timeout: timeout)
    let request = Self.request(service)
    let outcome = try await session.run(
      requests: { sink in try await sink.write(request) },
      onEvent: { event, _ in
        if case .response(let bytes) = event { await onChange(Self.status(of: bytes)) }
      }
    )
    return outcome.status
  }

  /// `HealthCheckRequest { service }`.
  static func request(_ service: String) -> [UInt8] {
    var writer = BinaryWriter()
    if !service.isEmpty {
      writer.writeTag(1, .lengthDelimited)
      writer.writeLengthDelimited(Array(service.utf8))
    }
    return writer.bytes
  }

  /// The `status` field (1) of a `HealthCheckResponse`.
  static func status(of response: [UInt8]) -> ServingStatus {
    var reader = BinaryReader(response)
    var status = ServingStatus.unknown
    while !reader.isAtEnd, let (number, wireType) = try? reader.readTag() {
      if number == 1, wireType == .varint, let value = try? reader.readVarint() {
        status = ServingStatus(rawValue: Int(value)) ?? .unknown
      } else if (try? reader.skip(wireType, number: number)) == nil {
        break
      }
    }
    return status
  }

  static func method(_ name: String) throws(GRPCallError) -> ProtoSchema.MethodDescriptor {
    guard let method = methods[name] else {
      throw .callFailed(
        method: "grpc.health.v1.Health/\(name)",
        reason: "the built-in health.proto could not be loaded"
      )
    }
    return method
  }

  /// Check and Watch, compiled once from the built-in proto.
  static let methods: [String: ProtoSchema.MethodDescriptor] = {
    guard
      let files = try? ProtoCompiler.compile(
        files: ["grpc/health/v1/health.proto"],
        importPaths: []
      ),
      let pool = try? DescriptorPool(files: files),
      let service = pool.service(named: "grpc.health.v1.Health")
    else { return [:] }
    return Dictionary(uniqueKeysWithValues: service.methods.map { ($0.name, $0) })
  }()
}
