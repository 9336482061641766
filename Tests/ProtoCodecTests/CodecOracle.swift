import Foundation
import ProtoSchema
import SwiftProtobuf
import TestSupport
import Testing

/// Python protobuf (upb) as the codec's oracle, over the same schema grpcall compiles itself.
struct CodecOracle {
  static let fixtures = OracleProtoc.repositoryRoot.appendingPathComponent(
    "Tests/ProtoCodecTests/Fixtures"
  )
  let setPath: String
  let pool: DescriptorPool
  let typeName: String

  init(typeName: String, file: String = "codec_test.proto") throws {
    self.typeName = typeName
    let set = try OracleProtoc.descriptorSet(files: [file], importPaths: [Self.fixtures.path])
    setPath =
      FileManager.default.temporaryDirectory.appendingPathComponent("codec-\(UUID().uuidString).pb")
      .path
    try Data(try set.serializedBytes() as [UInt8]).write(to: URL(fileURLWithPath: setPath))
    pool = try DescriptorPool(
      files: try ProtoCompiler.compile(files: [file], importPaths: [Self.fixtures.path])
    )
  }

  /// One random message as upb writes it: binary, JSON and text format.
  struct Sample {
    var binary: [UInt8]
    var json: String
    var text: String
  }

  /// Random messages as upb writes them.
  func generate(count: Int, seed: Int) throws -> [Sample] {
    try lines(["generate", setPath, typeName, String(count), String(seed)], input: nil).map {
      object in
      Sample(
        binary: Array(Data(base64Encoded: object["binary"] as! String)!),
        json: object["json"] as! String,
        text: object["text"] as! String
      )
    }
  }

  /// upb's verdict on text-format inputs: the binary it produces, or `nil` if it rejects one.
  func parse(text inputs: [String]) throws -> [[UInt8]?] {
    let input = try inputs.map {
      String(decoding: try JSONSerialization.data(withJSONObject: ["text": $0]), as: UTF8.self)
    }
    return try lines(["check-text", setPath, typeName], input: input).map(Self.binary)
  }

  /// upb's verdict on JSON inputs: the binary it produces, or `nil` if it rejects the input.
  func parse(json inputs: [String]) throws -> [[UInt8]?] {
    let input = try inputs.map {
      String(decoding: try JSONSerialization.data(withJSONObject: ["json": $0]), as: UTF8.self)
    }
    return try lines(["check", setPath, typeName], input: input).map(Self.binary)
  }

  /// upb's deterministic re-serialization of binary messages (`nil` if upb cannot parse one).
  func canonical(_ messages: [[UInt8]]) throws -> [[UInt8]?] {
    try lines(
      ["canonical", setPath, typeName],
      input: messages.map { Data($0).base64EncodedString() }
    ).map(Self.binary)
  }

  /// Checks grpcall against upb's `verdicts` on `inputs`: what upb rejects must fail in `mine`
  /// (except the listed stricter cases, the other way round), what it accepts must give the same
  /// message. Returns how many inputs both accepted.
  func compareVerdicts(
    inputs: [String],
    verdicts: [[UInt8]?],
    stricterThanUpb: Set<String>,
    mine: (String) throws -> [UInt8]
  ) throws -> Int {
    var accepted: [(index: Int, bytes: [UInt8])] = []
    for (index, input) in inputs.enumerated() {
      switch (verdicts[index], Result { try mine(input) }) {
      case (nil, .success):
        Issue.record("upb rejects but grpcall accepts: \(input)")
      case (.some, .failure(let error)):
        if !stricterThanUpb.contains(input) {
          Issue.record("upb accepts but grpcall rejects: \(input): \(error)")
        }
      case (.some, .success(let bytes)):
        accepted.append((index, bytes))
      case (nil, .failure):
        break
      }
    }
    let canonical = try canonical(accepted.map(\.bytes))
    for (position, item) in accepted.enumerated() where canonical[position] != verdicts[item.index]
    {
      Issue.record("different message from upb for \(inputs[item.index])")
    }
    return accepted.count
  }

  static func binary(_ object: [String: Any]) -> [UInt8]? {
    guard object["ok"] as? Bool == true, let text = object["binary"] as? String else { return nil }
    return Array(Data(base64Encoded: text)!)
  }

  private func lines(_ arguments: [String], input: [String]?) throws -> [[String: Any]] {
    let script = Self.fixtures.appendingPathComponent("codec_oracle.py").path
    let stdin = input.map { Array(($0.joined(separator: "\n") + "\n").utf8) }
    let (status, output) = try OracleProtoc.run(
      OracleProtoc.python,
      [script] + arguments,
      input: stdin
    )
    guard status == 0 else {
      throw OracleProtoc.Failure(description: "codec oracle failed: \(output)")
    }
    return try output.split(separator: "\n").map {
      try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
    }
  }
}
