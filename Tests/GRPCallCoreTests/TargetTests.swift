import GRPCallCore
import Testing

@Suite struct TargetTests {
  @Test func parsesAddressForms() throws {
    #expect(try Target(parsing: "127.0.0.1:50051") == .ipv4(host: "127.0.0.1", port: 50051))
    #expect(try Target(parsing: "[::1]:443") == .ipv6(host: "::1", port: 443))
    #expect(try Target(parsing: "example.com:8443") == .dns(host: "example.com", port: 8443))
    #expect(try Target(parsing: "dns:///example.com:1") == .dns(host: "example.com", port: 1))
    #expect(try Target(parsing: "unix:///tmp/s.sock") == .unixSocket(path: "/tmp/s.sock"))
    #expect(try Target(parsing: "/tmp/s.sock", unix: true) == .unixSocket(path: "/tmp/s.sock"))
  }

  @Test func rejectsAddressesWithoutPort() {
    #expect(throws: GRPCallError.self) { try Target(parsing: "example.com") }
    #expect(throws: GRPCallError.self) { try Target(parsing: "example.com:http2") }
    #expect(throws: GRPCallError.self) { try Target(parsing: "[::1") }
  }
}

@Suite struct HeaderListTests {
  @Test func parsesLikeGrpcurl() throws {
    let headers = try HeaderList(["Authorization: Bearer x:y", "X-Empty", "  Spaced :  v  "])
    #expect(headers.pairs.map(\.name) == ["authorization", "x-empty", "spaced"])
    #expect(headers.pairs.map(\.value) == ["Bearer x:y", "", "v"])
  }

  @Test func expandsEnvironmentVariables() throws {
    let headers = try HeaderList(["token: ${TOKEN}-${TOKEN}"], expandingFrom: ["TOKEN": "t"])
    #expect(headers.pairs.first?.value == "t-t")
    #expect(throws: GRPCallError.self) { try HeaderList(["token: ${MISSING}"], expandingFrom: [:]) }
  }

  @Test func binaryHeadersAreDecoded() throws {
    let metadata = try HeaderList(["trace-bin: AQID"]).metadata
    #expect(Array(metadata[binaryValues: "trace-bin"]) == [[1, 2, 3]])
  }
}
