import Foundation
import TestSupport
import Testing

/// TLS, plaintext/TLS mismatches and unix sockets, against the sample server.
@Suite(.serialized) final class TransportTests {
  let proto = ["-proto", "samples/user-service/user_service.proto"]
  let request = ["-d", #"{"id":"u1"}"#]
  let directory: URL
  let certificate: String
  let key: String

  init(subjectAltName: String = "subjectAltName=IP:127.0.0.1,DNS:localhost") throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "grpcall-tls-\(UUID().uuidString)"
    )
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    certificate = directory.appendingPathComponent("server.crt").path
    key = directory.appendingPathComponent("server.key").path
    let (status, output) = try OracleProtoc.run(
      "/usr/bin/openssl",
      [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
        "-days", "2",
        "-subj", "/CN=localhost", "-addext", subjectAltName,
      ]
    )
    guard status == 0 else { throw OracleProtoc.Failure(description: "openssl failed: \(output)") }
  }

  deinit { try? FileManager.default.removeItem(at: directory) }

  @Test func tlsWithTrustedCertificate() throws {
    let server = try SampleServer(arguments: ["--tls-cert", certificate, "--tls-key", key])
    defer { server.stop() }
    let byIP = try GRPCallBinary.run(
      ["-cacert", certificate] + proto + request + [server.address, "users.UserService/GetUser"]
    )
    #expect(byIP.status == 0, "\(byIP.stderr)")
    #expect(byIP.stdout.contains("Ada Lovelace"))
    let byName = try GRPCallBinary.run(
      ["--cacert", certificate] + proto + request + [
        "localhost:\(server.port)", "users.UserService/GetUser",
      ]
    )
    #expect(byName.status == 0, "\(byName.stderr)")
    let insecure = try GRPCallBinary.run(
      ["-insecure"] + proto + request + [server.address, "users.UserService/GetUser"]
    )
    #expect(insecure.status == 0, "\(insecure.stderr)")
  }

  @Test func untrustedCertificateIsOneLine() throws {
    let server = try SampleServer(arguments: ["--tls-cert", certificate, "--tls-key", key])
    defer { server.stop() }
    let result = try GRPCallBinary.run(
      proto + request + [server.address, "users.UserService/GetUser"]
    )
    #expect(result.status == 1)
    // The transport reports either the verification failure itself or only the closed handshake.
    #expect(result.stderr.hasPrefix("Failed to dial target host \"\(server.address)\": tls: "))
    #expect(result.stderr.contains("certificate"))
    #expect(result.stderr.split(separator: "\n").count == 1)
  }

  @Test func plaintextClientAgainstTLSServerIsOneLine() throws {
    let server = try SampleServer(arguments: ["--tls-cert", certificate, "--tls-key", key])
    defer { server.stop() }
    let result = try GRPCallBinary.run(
      ["-plaintext"] + proto + request + [server.address, "users.UserService/GetUser"]
    )
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("Failed to dial target host \"\(server.address)\": "))
    #expect(result.stderr.contains("drop -plaintext"))
    #expect(result.stderr.split(separator: "\n").count == 1)
  }

  @Test func missingCACertificateFile() throws {
    let result = try GRPCallBinary.run(
      ["-cacert", "/nonexistent.pem"] + proto + request + [
        "127.0.0.1:9", "users.UserService/GetUser",
      ]
    )
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "Failed to create TLS config: could not read ca certificate: open /nonexistent.pem: no such file or directory\n"
    )
  }

  @Test func unixSocket() throws {
    let socket = directory.appendingPathComponent("users.sock").path
    let server = try SampleServer(arguments: ["--unix", socket])
    defer { server.stop() }
    let flag = try GRPCallBinary.run(
      ["-plaintext", "-unix"] + proto + request + [socket, "users.UserService/GetUser"]
    )
    #expect(flag.status == 0, "\(flag.stderr)")
    #expect(flag.stdout.contains("Ada Lovelace"))
    let uri = try GRPCallBinary.run(
      ["-plaintext"] + proto + request + ["unix://" + socket, "users.UserService/GetUser"]
    )
    #expect(uri.status == 0, "\(uri.stderr)")
  }
}

/// `-servername`: the TLS name (SNI and verification) apart from `:authority` (grpcurl #215).
@Suite(.serialized) final class ServerNameTests {
  let transport: TransportTests
  let request = ["-proto", "samples/user-service/user_service.proto", "-d", #"{"id":"u1"}"#]

  /// A certificate for the name `localhost` only (an IP SAN would also match the address).
  init() throws { transport = try TransportTests(subjectAltName: "subjectAltName=DNS:localhost") }

  func run(_ flags: [String]) throws -> GRPCallBinary.Result {
    let server = try SampleServer(arguments: [
      "--tls-cert", transport.certificate, "--tls-key", transport.key,
    ])
    return try GRPCallBinary.run(
      ["-cacert", transport.certificate] + flags + request + [
        server.address, "users.UserService/GetUser",
      ]
    )
  }

  @Test func serverNameIsVerifiedAgainstTheCertificate() throws {
    let good = try run(["-servername", "localhost"])
    #expect(good.status == 0, "\(good.stderr)")
    let bad = try run(["-servername", "wrong.example"])
    #expect(bad.status == 1)
    #expect(bad.stderr.hasPrefix("Failed to dial target host"), "\(bad.stderr)")
    #expect(bad.stderr.split(separator: "\n").count == 1)
  }

  @Test func serverNameAndAuthorityMayDiffer() throws {
    let result = try run(["-servername", "localhost", "-authority", "users.internal:443"])
    #expect(result.status == 0, "\(result.stderr)")
    // Without -servername, the TLS name is the authority, which the certificate does not cover.
    let authorityOnly = try run(["-authority", "users.internal:443"])
    #expect(authorityOnly.status == 1)
  }

  /// A certificate that also names the IP address must still cover the name asked for.
  @Test func anIPAddressNameDoesNotStandInForTheServerName() throws {
    let withIP = try TransportTests()
    let server = try SampleServer(arguments: [
      "--tls-cert", withIP.certificate, "--tls-key", withIP.key,
    ])
    let result = try GRPCallBinary.run(
      ["-cacert", withIP.certificate, "-servername", "wrong.example"] + request + [
        server.address, "users.UserService/GetUser",
      ]
    )
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "Failed to dial target host \"\(server.address)\": x509: certificate is valid for localhost, not wrong.example\n"
    )
    let plain = try GRPCallBinary.run(
      ["-cacert", withIP.certificate] + request + [server.address, "users.UserService/GetUser"]
    )
    #expect(plain.status == 0, "\(plain.stderr)")
  }
}
