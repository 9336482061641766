import ProtoSchema
import SwiftProtobuf

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Fetches a schema from the server's reflection service, as grpcurl does when no `-proto` or
/// `-protoset` is given: `grpc.reflection.v1`, falling back to `v1alpha` (the same messages).
public struct ReflectionClient: Sendable {
  let client: DynamicClient
  let metadata: HeaderList
  let timeout: Duration?

  /// A client over an open connection; `metadata` goes with every reflection request.
  /// `timeout` bounds each reflection call (grpcall's `-max-time`).
  public init(client: DynamicClient, metadata: HeaderList, timeout: Duration? = nil) {
    self.timeout = timeout
    self.client = client
    self.metadata = metadata
  }

  /// The services the server lists, sorted.
  public func listServices() async throws(GRPCallError) -> [String] {
    var listing = Grpc_Reflection_V1_ServerReflectionRequest()
    listing.listServices = "*"
    let request = listing
    let responses = try await converse { conversation in
      [try await conversation.ask(request)]
    }
    guard case .listServicesResponse(let list)? = responses.first?.messageResponse else {
      throw .reflectionFailed(Self.problem(responses.first, asking: "the list of services"))
    }
    return list.service.map(\.name).sorted()
  }

  /// The files that define `symbols`, with everything they import, as a pool.
  public func pool(forSymbols symbols: [String]) async throws(GRPCallError) -> DescriptorPool {
    let files = try await converse { conversation in
      try await Self.collectFiles(for: symbols, over: conversation)
    }
    do {
      return try DescriptorPool(files: files)
    } catch {
      throw .reflectionFailed("Server returned an invalid schema: \(error)")
    }
  }

  /// Asks for each symbol's file, then for every import not yet seen.
  private static func collectFiles(
    for symbols: [String],
    over conversation: Conversation
  ) async throws -> [Google_Protobuf_FileDescriptorProto] {
    var files: [String: Google_Protobuf_FileDescriptorProto] = [:]
    for symbol in symbols {
      var request = Grpc_Reflection_V1_ServerReflectionRequest()
      request.fileContainingSymbol = symbol.hasPrefix(".") ? String(symbol.dropFirst()) : symbol
      let response = try await conversation.ask(request)
      guard case .fileDescriptorResponse(let found)? = response.messageResponse else {
        throw GRPCallError.symbolNotFound(symbol)
      }
      try add(found, to: &files)
    }
    while let missing = files.values.flatMap(\.dependency).first(where: { files[$0] == nil }) {
      var request = Grpc_Reflection_V1_ServerReflectionRequest()
      request.fileByFilename = missing
      let response = try await conversation.ask(request)
      if case .fileDescriptorResponse(let found)? = response.messageResponse {
        try add(found, to: &files)
      }
      if files[missing] == nil {
        // Not served: the built-in copy (well-known types, google.rpc...) when there is one.
        guard let builtIn = try? ProtoCompiler.compile(files: [missing], importPaths: []) else {
          throw GRPCallError.reflectionFailed(
            "Server does not provide \(missing), which the schema imports"
          )
        }
        for file in builtIn where files[file.name] == nil { files[file.name] = file }
      }
    }
    return Array(files.values)
  }

  private static func add(
    _ response: Grpc_Reflection_V1_FileDescriptorResponse,
    to files: inout [String: Google_Protobuf_FileDescriptorProto]
  ) throws {
    for data in response.fileDescriptorProto {
      let file = try Google_Protobuf_FileDescriptorProto(serializedBytes: [UInt8](data))
      files[file.name] = file
    }
  }

  static func problem(
    _ response: Grpc_Reflection_V1_ServerReflectionResponse?,
    asking: String
  )
    -> String
  {
    if case .errorResponse(let error)? = response?.messageResponse {
      return "Server reflection failed to return \(asking): \(error.errorMessage)"
    }
    return "Server reflection returned no \(asking)"
  }

  // MARK: - Conversation

  /// One reflection stream: each request gets its response before the next is sent.
  struct Conversation: Sendable {
    let writer: RequestWriter
    let inbox: Inbox

    func ask(
      _ request: Grpc_Reflection_V1_ServerReflectionRequest
    ) async throws -> Grpc_Reflection_V1_ServerReflectionResponse {
      try await writer.write(try request.serializedBytes())
      guard let bytes = await inbox.take() else {
        throw GRPCallError.reflectionFailed("Server reflection stream ended early")
      }
      return try Grpc_Reflection_V1_ServerReflectionResponse(serializedBytes: bytes)
    }
  }

  /// Runs `body` over a reflection stream, trying v1 first and v1alpha when v1 is not served.
  private func converse<Result: Sendable>(
    _ body: @escaping @Sendable (Conversation) async throws -> Result
  ) async throws(GRPCallError) -> Result {
    for version in ["v1", "v1alpha"] {
      let method = try Self.method(version: version)
      let outcome = Outcome<Result>()
      let inbox = Inbox()
      let status: CallStatus
      do {
        status = try await client.call(method, metadata: metadata, timeout: timeout) { writer in
          do {
            await outcome.succeed(try await body(Conversation(writer: writer, inbox: inbox)))
          } catch {
            await outcome.fail(error)
          }
        } onEvent: { event in
          switch event {
          case .response(let bytes): await inbox.put(bytes)
          case .responseTrailers: await inbox.close()
          case .responseHeaders: break
          }
        }
      } catch let error as GRPCallError {
        throw error
      } catch {
        throw .reflectionFailed("Server reflection failed: \(ErrorWords.describe(error))")
      }
      await inbox.close()
      if let result = await outcome.result { return result }
      if let error = await outcome.error as? GRPCallError, status.isOK { throw error }
      if status.code != 12 {
        if status.isOK, let error = await outcome.error {
          throw .reflectionFailed("Server reflection failed: \(ErrorWords.describe(error))")
        }
        throw .reflectionFailed("Server reflection failed: \(status.codeName): \(status.message)")
      }
    }
    throw .reflectionFailed(
      "server does not support the reflection API (give the service's schema with -proto or -protoset)"
    )
  }

  /// `grpc.reflection.<version>.ServerReflection/ServerReflectionInfo` from the built-in protos.
  /// Each version is loaded the first time it is asked for (v1alpha only when a server lacks v1).
  static func method(version: String) throws(GRPCallError) -> ProtoSchema.MethodDescriptor {
    let method: ProtoSchema.MethodDescriptor?
    switch version {
    case "v1": method = v1Method
    case "v1alpha": method = v1alphaMethod
    default: method = nil
    }
    guard let method else {
      throw .reflectionFailed("The built-in reflection protocol could not be loaded")
    }
    return method
  }

  private static let v1Method = loadMethod(version: "v1")
  private static let v1alphaMethod = loadMethod(version: "v1alpha")

  private static func loadMethod(version: String) -> ProtoSchema.MethodDescriptor? {
    let file = "grpc/reflection/\(version)/reflection.proto"
    guard let compiled = try? ProtoCompiler.compile(files: [file], importPaths: []),
      let pool = try? DescriptorPool(files: compiled)
    else { return nil }
    return pool.service(named: "grpc.reflection.\(version).ServerReflection")?
      .method(named: "ServerReflectionInfo")
  }
}
