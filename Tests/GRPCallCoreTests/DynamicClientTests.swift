import Foundation
import GRPCallCore
import ProtoCodec
import ProtoSchema
import TestSupport
import Testing

/// Dynamic calls through GRPCCore against the grpcio sample server, with no generated code.
@Suite(.serialized) final class DynamicClientTests {
  let server: SampleServer
  let pool: DescriptorPool

  init() throws {
    server = try SampleServer()
    pool = try SchemaLoader.fromProtoFiles(
      ["user_service.proto"],
      importPaths: [OracleProtoc.repositoryRoot.appendingPathComponent("samples/user-service").path]
    )
  }

  deinit { server.stop() }

  func connection() throws -> ConnectionOptions {
    ConnectionOptions(
      target: try Target(parsing: server.address),
      security: TransportSecurityOptions(plaintext: true)
    )
  }

  func call(_ methodName: String, requests: [String]) async throws -> (CallStatus, [String]) {
    let method = try MethodResolver.resolve(methodName, in: pool)
    let input = try #require(pool.message(named: method.inputType))
    let output = try #require(pool.message(named: method.outputType))
    let encoder = JSONToBinary(pool: pool)
    let messages = try requests.map { try encoder.encode(Array($0.utf8), as: input) }
    let collected = Collected()
    let decoder = BinaryToJSON(pool: pool, options: .init(indent: ""))
    let status = try await DynamicClient.withConnection(try connection()) { client in
      try await client.call(method, metadata: HeaderList()) { writer in
        for message in messages { try await writer.write(message) }
      } onEvent: { event in
        if case .response(let bytes) = event {
          await collected.append(try decoder.json(bytes, as: output))
        }
      }
    }
    return (status, await collected.items)
  }

  @Test func unary() async throws {
    let (status, responses) = try await call(
      "users.UserService/GetUser",
      requests: [#"{"id":"u3"}"#]
    )
    #expect(status.isOK)
    #expect(responses.count == 1)
    #expect(responses.first?.contains(#""name":"Don Draper""#) == true)
  }

  @Test func statusIsReturnedNotThrown() async throws {
    let (status, responses) = try await call(
      "users.UserService/GetUser",
      requests: [#"{"id":"zz"}"#]
    )
    #expect(status.code == 5)
    #expect(status.codeName == "NotFound")
    #expect(status.message == "User zz not found")
    #expect(responses.isEmpty)
  }

  @Test func clientStreamingAndBidi() async throws {
    let (upload, summary) = try await call(
      "users.UserService/UploadUsers",
      requests: [#"{"name":"a"}"#, #"{"name":"b"}"#]
    )
    #expect(upload.isOK)
    #expect(summary == [#"{"created":2}"#])
    let (chat, echoes) = try await call(
      "users.UserService/Chat",
      requests: [#"{"content":"1"}"#, #"{"content":"2"}"#]
    )
    #expect(chat.isOK)
    #expect(echoes == [#"{"content":"1"}"#, #"{"content":"2"}"#])
  }

  @Test func refusedConnectionThrowsOneLine() async throws {
    let options = ConnectionOptions(
      target: .ipv4(host: "127.0.0.1", port: 1),
      security: TransportSecurityOptions(plaintext: true)
    )
    let method = try MethodResolver.resolve("users.UserService/GetUser", in: pool)
    await #expect(
      throws: GRPCallError.connectionFailed(
        target: "127.0.0.1:1",
        reason: "connect: connection refused"
      )
    ) {
      _ = try await DynamicClient.withConnection(options) { client in
        try await client.call(method, metadata: HeaderList()) { _ in
        } onEvent: { _ in
        }
      }
    }
  }
}

actor Collected {
  private(set) var items: [String] = []
  func append(_ item: String) { items.append(item) }
}
