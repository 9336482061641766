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

/// Addresses that are not one are refused before the transport sees them (it traps on an IPv6
/// literal it cannot parse).
@Suite struct TargetRefusalTests {
  @Test func urlsAndMalformedHostsAreRefused() {
    for address in [
      "http://127.0.0.1:50051", "https://api.example.com:443", "grpc://x:1", "host/path:1",
      "::1:50051", "[::zz]:1", "[1:2]:80", "exa mple.com:1", "bad\u{1B}host:1", "a,b:1",
    ] {
      #expect(throws: GRPCallError.self, "\(address)") { try Target(parsing: address) }
      do {
        _ = try Target(parsing: address)
      } catch {
        #expect(error.description.contains("an address is host:port"), "\(error)")
      }
    }
    #expect((try? Target(parsing: "[fe80::1]:443")) == .ipv6(host: "fe80::1", port: 443))
    #expect(
      (try? Target(parsing: "my_host-1.example:80")) == .dns(host: "my_host-1.example", port: 80)
    )
  }
}
