import NIOCore
import NIOHPACK
import Testing

@testable import GRPCallCore

/// What the stream and connection handlers read off the wire before the transport: status
/// messages by the gRPC spec's percent rule, message boundaries across DATA frames, and the
/// server's first SETTINGS frame however it is split.
@Suite struct WireReadingTests {
  @Test func statusMessagesDecodeValidEscapesAndKeepTheRest() {
    let cases = [
      ("100%", "100%"), ("10%", "10%"), ("%", "%"), ("ab%4", "ab%4"), ("%ZZ", "%ZZ"),
      ("a%41b", "aAb"), ("%e2%9c%93", "✓"), ("plain", "plain"), ("50%25", "50%"),
      ("%FF", "\u{FFFD}"),
    ]
    for (sent, decoded) in cases {
      #expect(StatusMessageEncoding.decode(sent) == decoded, "\(sent)")
    }
    for text in ["100%", "✓ done", "tab\there", "%ZZ", ""] {
      let encoded = StatusMessageEncoding.encode(text)
      #expect(encoded.utf8.allSatisfy { (0x20 ... 0x7E).contains($0) }, "\(text)")
      #expect(StatusMessageEncoding.decode(encoded) == text, "\(text)")
    }
  }

  @Test func contentTypeParametersAndRepeatedStatusesAreNormalised() {
    let headers: HPACKHeaders = [
      ":status": "200", "content-type": "application/grpc ; charset=utf-8",
      "grpc-status": "0", "grpc-status": "5", "grpc-message": "100%",
    ]
    let normalized = ResponseHeaderNormalizer.normalized(headers)
    #expect(normalized.first(name: "content-type") == "application/grpc")
    #expect(normalized[canonicalForm: "grpc-status"] == ["5"])
    #expect(normalized.first(name: "grpc-message") == "100%25")
    #expect(
      ResponseHeaderNormalizer.unsupportedCodec(in: ["content-type": "application/grpc+json"])
        != nil
    )
    #expect(
      ResponseHeaderNormalizer.unsupportedCodec(in: ["content-type": "application/grpc+proto"])
        == nil
    )
    #expect(
      ResponseHeaderNormalizer.unsupportedCodec(in: ["content-type": "application/grpc"]) == nil
    )
  }

  func view(_ bytes: [UInt8]) -> ByteBufferView { ByteBuffer(bytes: bytes).readableBytesView }

  @Test func emptyCompressedMessagesAreFoundAcrossFrames() {
    var boundaries = MessageBoundaries()
    // A 3-byte message, then the start of a compressed message of length 0 split over frames.
    let first = boundaries.emptyCompressedMessage(in: view([0, 0, 0, 0, 3, 1, 2, 3, 1, 0]))
    #expect(first == nil)
    let second = boundaries.emptyCompressedMessage(in: view([0, 0, 0]))
    #expect(second == 0)
    var whole = MessageBoundaries()
    let inOne = whole.emptyCompressedMessage(in: view([0, 0, 0, 0, 1, 9, 1, 0, 0, 0, 0]))
    #expect(inOne == 6)
    var uncompressedEmpty = MessageBoundaries()
    let plain = uncompressedEmpty.emptyCompressedMessage(in: view([0, 0, 0, 0, 0]))
    #expect(plain == nil)
  }

  @Test func theFirstSettingsFrameIsWholeOnlyWithItsPayload() {
    // SETTINGS with one 6-byte setting, fed a byte at a time.
    let frame: [UInt8] = [0, 0, 6, 4, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 100]
    var watch = ServerPrefaceWatch()
    for (index, byte) in frame.enumerated() {
      let whole = watch.feed(view([byte]))
      #expect(whole == (index == frame.count - 1), "byte \(index)")
    }
    var garbage = ServerPrefaceWatch()
    let decided = garbage.feed(view(Array("HTTP/1.1 200 OK".utf8)))
    #expect(decided)
  }
}
