import GRPCallCore
import ProtoCodec

/// The parts of `conformance.ConformanceRequest` the testee reads (field numbers from
/// conformance/conformance.proto of protobuf v21.12).
struct ConformanceRequest {
  var payload: (bytes: [UInt8], format: MessageFormat)?
  var outputFormatNumber: UInt64 = 0
  var messageType = ""
  var testCategory: UInt64 = 0
  var printUnknownFields = false

  /// Decodes the request; fields it does not know are skipped.
  init(decoding bytes: [UInt8]) {
    var reader = BinaryReader(bytes)
    while !reader.isAtEnd {
      guard let (number, wireType) = try? reader.readTag() else { return }
      switch (number, wireType) {
      case (1, .lengthDelimited), (2, .lengthDelimited), (8, .lengthDelimited):
        guard let range = try? reader.readLengthDelimited() else { return }
        let format: MessageFormat = number == 1 ? .binary : number == 2 ? .json : .text
        payload = (Array(bytes[range]), format)
      case (4, .lengthDelimited):
        guard let range = try? reader.readLengthDelimited() else { return }
        messageType = String(decoding: bytes[range], as: UTF8.self)
      case (3, .varint):
        outputFormatNumber = (try? reader.readVarint()) ?? 0
      case (5, .varint):
        testCategory = (try? reader.readVarint()) ?? 0
      case (9, .varint):
        printUnknownFields = ((try? reader.readVarint()) ?? 0) != 0
      default:
        guard (try? reader.skip(wireType, number: number)) != nil else { return }
      }
    }
  }

  /// `requested_output_format`: PROTOBUF 1, JSON 2, TEXT_FORMAT 4 (JSPB is not supported).
  var outputFormat: MessageFormat? {
    switch outputFormatNumber {
    case 1: .binary
    case 2: .json
    case 4: .text
    default: nil
    }
  }

  /// `JSON_IGNORE_UNKNOWN_PARSING_TEST` (3).
  var ignoresUnknownJSONFields: Bool { testCategory == 3 }
}

/// `conformance.ConformanceResponse`: one of its results.
enum ConformanceResponse {
  case parseError(String)
  case serializeError(String)
  case runtimeError(String)
  case protobuf([UInt8])
  case json(String)
  case skipped(String)
  case text(String)

  var encoded: [UInt8] {
    var writer = BinaryWriter()
    let (number, payload): (Int32, [UInt8]) =
      switch self {
      case .parseError(let text): (1, Array(text.utf8))
      case .runtimeError(let text): (2, Array(text.utf8))
      case .protobuf(let bytes): (3, bytes)
      case .json(let text): (4, Array(text.utf8))
      case .skipped(let text): (5, Array(text.utf8))
      case .serializeError(let text): (6, Array(text.utf8))
      case .text(let text): (8, Array(text.utf8))
      }
    writer.writeTag(number, .lengthDelimited)
    writer.writeLengthDelimited(payload)
    return writer.bytes
  }
}
