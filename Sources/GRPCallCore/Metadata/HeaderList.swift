import GRPCCore
import ProtoCodec

/// Request headers given as `name: value` strings, parsed the way grpcurl does: split at the first
/// colon, trimmed, name lower-cased; `-bin` values base64-decoded when they decode.
public struct HeaderList: Sendable, Hashable {
  /// The parsed pairs, in order.
  public private(set) var pairs: [(name: String, value: String)] = []

  /// Creates an empty list.
  public init() {}

  /// Parses `name: value` strings; `${VAR}` is expanded from `environment` when given.
  public init(
    _ headers: [String],
    expandingFrom environment: [String: String]? = nil
  ) throws(GRPCallError) {
    for header in headers {
      var text = header
      if let environment { text = try Self.expand(header, environment) }
      let name: Substring
      let value: Substring
      if let colon = text.firstIndex(of: ":") {
        name = text[..<colon]
        value = text[text.index(after: colon)...]
      } else {
        name = Substring(text)
        value = ""
      }
      let pair = (Self.trim(name).lowercased(), Self.trim(value))
      try Self.validate(pair, header: header)
      pairs.append(pair)
    }
  }

  /// gRPC's rules for metadata: names of lowercase letters, digits, `-`, `_` and `.` (HTTP/2
  /// refuses anything else), values without control characters (no header injection).
  static func validate(_ pair: (String, String), header: String) throws(GRPCallError) {
    let (name, value) = pair
    let allowed = name.utf8.allSatisfy { byte in
      (UInt8(ascii: "a") ... UInt8(ascii: "z")).contains(byte)
        || (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(byte)
        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }
    let shown = SecretRedactor().headerLine(header)
    guard !name.isEmpty, allowed else {
      throw .invalidHeader(
        "header \"\(NetworkText.escaped(shown))\": the name may hold only letters, digits, '-', '_' and '.'"
      )
    }
    if connectionSpecific.contains(name) {
      throw .invalidHeader(
        "header \"\(NetworkText.escaped(shown))\": '\(name)' is an HTTP/1 connection header, which HTTP/2 forbids (grpcall sets 'te: trailers' itself)"
      )
    }
    if value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) {
      throw .invalidHeader(
        "header \"\(NetworkText.escaped(shown))\": the value may not hold control characters"
      )
    }
  }

  /// Headers that belong to one HTTP/1 connection; an HTTP/2 peer resets a stream that carries
  /// them (RFC 9113 §8.2.2), which reflection then reported as "Stream unexpectedly closed".
  static let connectionSpecific: Set<String> = [
    "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te",
  ]

  static func trim(_ text: Substring) -> String {
    String(
      text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()
    )
  }

  static func expand(
    _ header: String,
    _ environment: [String: String]
  ) throws(GRPCallError) -> String {
    var result = ""
    var rest = Substring(header)
    while let start = rest.range(of: "${") {
      result += rest[..<start.lowerBound]
      let afterOpen = rest[start.upperBound...]
      guard let close = afterOpen.firstIndex(of: "}") else {
        result += rest[start.lowerBound...]
        return result
      }
      let name = String(afterOpen[..<close])
      guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
        result += "${"
        rest = afterOpen
        continue
      }
      guard let value = environment[name] else {
        let shown = SecretRedactor().headerLine(header)
        throw .invalidHeader(
          "header \"\(shown)\" refers to missing environment variable \"\(name)\""
        )
      }
      result += value
      rest = afterOpen[afterOpen.index(after: close)...]
    }
    return result + rest
  }

  /// Appends another list.
  public static func + (lhs: HeaderList, rhs: HeaderList) -> HeaderList {
    var result = lhs
    result.pairs += rhs.pairs
    return result
  }

  /// As gRPC metadata.
  public var metadata: Metadata {
    var metadata = Metadata()
    for (name, value) in pairs {
      if name.hasSuffix("-bin"), let bytes = Base64.decode(value) {
        metadata.addBinary(bytes, forKey: name)
      } else {
        metadata.addString(value, forKey: name)
      }
    }
    return metadata
  }

}

extension HeaderList {
  public static func == (lhs: HeaderList, rhs: HeaderList) -> Bool {
    lhs.pairs.map(\.name) == rhs.pairs.map(\.name)
      && lhs.pairs.map(\.value) == rhs.pairs.map(\.value)
  }

  public func hash(into hasher: inout Hasher) {
    for (name, value) in pairs {
      hasher.combine(name)
      hasher.combine(value)
    }
  }
}
