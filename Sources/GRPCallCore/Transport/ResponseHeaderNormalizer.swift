import NIOCore
import NIOHPACK
import NIOHTTP2

/// Sits at the connection end of each HTTP/2 stream and reads the server's header blocks as
/// grpc-go does before the transport sees them:
///
/// - `grpc-message` is percent-decoded by the gRPC spec's rule — valid `%XX` decoded, anything
///   else kept as sent (`100%` stays `100%`) — and handed on encoded so that the transport's own
///   decoder, which traps on a `%` near the end and reads `%ZZ` as a byte, sees only valid escapes.
/// - `content-type: application/grpc; charset=utf-8` (parameters after `;`) is valid.
/// - A content type of another gRPC codec (`application/grpc+json`) ends the call with a status
///   saying so, instead of the transport's "missing content-type".
/// - A repeated `grpc-status` takes its last value.
/// - A compressed message of zero bytes (no valid gzip or deflate stream is empty) ends the call
///   as grpc-go ends it, `Internal`, after the messages before it (the transport's inflater calls
///   it "too large").
final class ResponseHeaderNormalizer: ChannelInboundHandler, @unchecked Sendable {
  typealias InboundIn = HTTP2Frame.FramePayload
  typealias InboundOut = HTTP2Frame.FramePayload

  /// Set once the call was ended locally: the rest of the stream is not passed on.
  private var ended = false
  /// Where the response's length-prefixed messages begin.
  private var messages = MessageBoundaries()

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if ended { return }
    switch unwrapInboundIn(data) {
    case .headers(var payload):
      if let problem = Self.unsupportedCodec(in: payload.headers) {
        end(context: context, code: 13, problem)
        return
      }
      payload.headers = Self.normalized(payload.headers)
      context.fireChannelRead(wrapInboundOut(.headers(payload)))
    case .data(var payload):
      guard case .byteBuffer(let buffer) = payload.data,
        let offset = messages.emptyCompressedMessage(in: buffer.readableBytesView)
      else {
        context.fireChannelRead(data)
        return
      }
      if offset > 0 {
        payload.data = .byteBuffer(buffer.getSlice(at: buffer.readerIndex, length: offset)!)
        payload.endStream = false
        context.fireChannelRead(wrapInboundOut(.data(payload)))
      }
      end(
        context: context,
        code: 13,
        "grpc: failed to decompress the received message: the compressed message is empty"
      )
    default:
      context.fireChannelRead(data)
    }
  }

  /// Ends the call here with a status, as trailers the transport reads as the server's; the rest
  /// of the stream is dropped.
  private func end(context: ChannelHandlerContext, code: Int, _ message: String) {
    ended = true
    let trailers: HPACKHeaders = [
      ":status": "200", "content-type": "application/grpc",
      "grpc-status": String(code),
      "grpc-message": StatusMessageEncoding.encode(message),
    ]
    context.fireChannelRead(wrapInboundOut(.headers(.init(headers: trailers, endStream: true))))
  }

  /// The headers with `content-type` parameters dropped, one `grpc-status` (the last) and
  /// `grpc-message` re-encoded from its spec decoding.
  static func normalized(_ headers: HPACKHeaders) -> HPACKHeaders {
    let statuses = headers[canonicalForm: "grpc-status"]
    let needsWork =
      statuses.count > 1 || headers.contains(name: "grpc-message")
      || headers.first(name: "content-type")?.contains(";") == true
    guard needsWork else { return headers }
    var result = HPACKHeaders()
    var statusWritten = false
    for (name, value, indexing) in headers {
      switch name {
      case "grpc-status":
        guard !statusWritten, let last = statuses.last else { continue }
        statusWritten = true
        result.add(name: name, value: String(last), indexing: indexing)
      case "grpc-message":
        let decoded = StatusMessageEncoding.decode(value)
        result.add(name: name, value: StatusMessageEncoding.encode(decoded), indexing: indexing)
      case "content-type":
        result.add(name: name, value: mediaType(value), indexing: indexing)
      default:
        result.add(name: name, value: value, indexing: indexing)
      }
    }
    return result
  }

  /// `application/grpc; charset=utf-8` → `application/grpc`.
  static func mediaType(_ contentType: String) -> String {
    let type = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    return String(type[0].drop(while: isSpace).reversed().drop(while: isSpace).reversed())
  }

  /// Why a response in another gRPC codec cannot be read, or nil.
  static func unsupportedCodec(in headers: HPACKHeaders) -> String? {
    guard let value = headers.first(name: "content-type") else { return nil }
    let type = mediaType(value).lowercased()
    guard type.hasPrefix("application/grpc+") else { return nil }
    let codec = type.dropFirst("application/grpc+".count)
    guard codec != "proto" else { return nil }
    return
      "the server answered with content-type \"\(NetworkText.escaped(value))\": grpcall reads only protobuf responses (application/grpc or application/grpc+proto)"
  }
}

/// Follows gRPC's length-prefixed messages across DATA frames (a flag byte, a 4-byte length,
/// the payload) to find a compressed message of zero bytes.
struct MessageBoundaries {
  private var prefix: [UInt8] = []
  private var remainingPayload = 0

  /// The offset in `bytes` where a compressed, empty message begins, if one does.
  mutating func emptyCompressedMessage(in bytes: ByteBufferView) -> Int? {
    var index = bytes.startIndex
    while index < bytes.endIndex {
      if remainingPayload > 0 {
        let skipped = min(remainingPayload, bytes.endIndex - index)
        remainingPayload -= skipped
        index += skipped
        continue
      }
      let start = index - prefix.count
      prefix.append(bytes[index])
      index += 1
      guard prefix.count == 5 else { continue }
      let length = prefix[1 ... 4].reduce(0) { $0 << 8 | Int($1) }
      if prefix[0] & 1 == 1 && length == 0 { return max(0, start - bytes.startIndex) }
      remainingPayload = length
      prefix.removeAll(keepingCapacity: true)
    }
    return nil
  }
}
