import NIOCore
import NIOHPACK
import NIOHTTP2

/// Sits at the connection end of each HTTP/2 stream: logs DATA bytes both ways (with -vv) and, when the TLS
/// name differs from `-authority`, puts the `-authority` value in the `:authority` pseudo-header.
final class StreamWireHandler: ChannelDuplexHandler, @unchecked Sendable {
  typealias InboundIn = HTTP2Frame.FramePayload
  typealias InboundOut = HTTP2Frame.FramePayload
  typealias OutboundIn = HTTP2Frame.FramePayload
  typealias OutboundOut = HTTP2Frame.FramePayload

  let log: StreamWireLog?
  let authorityOverride: String?

  init(log: StreamWireLog?, authorityOverride: String?) {
    self.log = log
    self.authorityOverride = authorityOverride
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .data(let payload):
      if case .byteBuffer(let buffer) = payload.data { log?.recordReceived(buffer) }
    case .headers(let headers):
      log?.recordReceived(nil)
      log?.recordEncoding(sent: nil, received: headers.headers.first(name: "grpc-encoding"))
    default:
      break
    }
    context.fireChannelRead(data)
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    let frame = unwrapOutboundIn(data)
    if case .headers(let headers) = frame {
      log?.recordEncoding(sent: headers.headers.first(name: "grpc-encoding"), received: nil)
    }
    switch frame {
    case .data(let payload):
      if case .byteBuffer(let buffer) = payload.data { log?.recordSent(buffer) }
      context.write(data, promise: promise)
    case .headers(var headers) where authorityOverride != nil:
      headers.headers = HPACKHeaders(
        headers.headers.map { entry in
          (entry.name, entry.name == ":authority" ? authorityOverride! : entry.value)
        }
      )
      context.write(wrapOutboundOut(.headers(headers)), promise: promise)
    default:
      context.write(data, promise: promise)
    }
  }
}
