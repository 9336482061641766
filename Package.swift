// swift-tools-version:6.1
//
// grpcall — a command-line gRPC client.
//
// The four targets are the four layers; data flows one way:
// ProtoSchema → ProtoCodec → GRPCallCore → grpcall.

import PackageDescription

let package = Package(
  name: "grpcall",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "grpcall", targets: ["grpcall"]),
    .library(name: "ProtoSchema", targets: ["ProtoSchema"]),
    .library(name: "ProtoCodec", targets: ["ProtoCodec"]),
    .library(name: "GRPCallCore", targets: ["GRPCallCore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/grpc/grpc-swift-2.git", exact: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", exact: "2.9.2"),
    .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
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
      ]
    ),
    .executableTarget(
      name: "grpcall",
      dependencies: [
        "GRPCallCore",
        "ProtoSchema",
        "ProtoCodec",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
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
      dependencies: ["GRPCallCore", "ProtoSchema", "ProtoCodec", "TestSupport"]
    ),
    .testTarget(name: "GRPCallEndToEndTests", dependencies: ["TestSupport"]),
  ]
)
