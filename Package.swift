// swift-tools-version:6.1
//
// grpcall — a command-line gRPC client.
//
// The targets are the layers; data flows one way:
// ProtoSchema → ProtoCodec → GRPCallCore → GRPCallScenario → grpcall.

import PackageDescription

let package = Package(
  name: "grpcall",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "grpcall", targets: ["grpcall"]),
    .library(name: "ProtoSchema", targets: ["ProtoSchema"]),
    .library(name: "ProtoCodec", targets: ["ProtoCodec"]),
    .library(name: "GRPCallCore", targets: ["GRPCallCore"]),
    .library(name: "GRPCallScenario", targets: ["GRPCallScenario"]),
  ],
  dependencies: [
    .package(url: "https://github.com/grpc/grpc-swift-2.git", exact: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", exact: "2.9.2"),
    .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
    // Already in the graph through grpc-swift-nio-transport; named so GRPCallCore can watch the
    // connection from inside the transport's channel pipelines (timings, wire sizes, timeout).
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.46.0"),
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
  ],
  targets: [
    .target(
      name: "ProtoSchema",
      dependencies: [
        .product(name: "SwiftProtobuf", package: "swift-protobuf")
      ]
    ),
    .target(
      name: "ProtoCodec",
      dependencies: [
        "ProtoSchema",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ]
    ),
    .target(
      name: "GRPCallCore",
      dependencies: [
        "ProtoSchema",
        "ProtoCodec",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOTLS", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "NIOHTTP2", package: "swift-nio-http2"),
        .product(name: "NIOHPACK", package: "swift-nio-http2"),
      ]
    ),
    // Scenario files for `grpcall test`: model, variables, assertions, runner, reports.
    .target(
      name: "GRPCallScenario",
      dependencies: [
        "GRPCallCore",
        "ProtoSchema",
        "ProtoCodec",
        .product(name: "Yams", package: "Yams"),
      ]
    ),
    .executableTarget(
      name: "grpcall",
      dependencies: [
        "GRPCallScenario",
        "GRPCallCore",
        "ProtoSchema",
        "ProtoCodec",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The protobuf conformance suite's testee (scripts/conformance RUNNER); not shipped.
    .executableTarget(
      name: "grpcall-conformance",
      dependencies: ["GRPCallCore", "ProtoCodec", "ProtoSchema"],
      path: "Sources/ConformanceTestee"
    ),
    // libFuzzer targets for untrusted input (scripts/fuzz TARGET SECONDS); built normally, a
    // corpus replayer. Not shipped.
    .executableTarget(
      name: "grpcall-fuzz",
      dependencies: [
        "ProtoCodec", "ProtoSchema", "GRPCallCore", "GRPCallScenario",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      path: "Sources/FuzzTargets"
    ),
    .target(
      name: "TestSupport",
      dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
      path: "Tests/TestSupport"
    ),
    .testTarget(
      name: "ProtoSchemaTests",
      dependencies: ["ProtoSchema", "TestSupport"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "ProtoCodecTests",
      dependencies: ["ProtoCodec", "ProtoSchema", "TestSupport"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "GRPCallCoreTests",
      dependencies: [
        "GRPCallCore", "ProtoSchema", "ProtoCodec", "TestSupport",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHPACK", package: "swift-nio-http2"),
      ]
    ),
    .testTarget(name: "GRPCallScenarioTests", dependencies: ["GRPCallScenario"]),
    .testTarget(name: "GRPCallEndToEndTests", dependencies: ["TestSupport"]),
  ]
)
