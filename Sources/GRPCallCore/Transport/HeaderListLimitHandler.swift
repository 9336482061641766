import NIOCore
import NIOHTTP2

/// Lets the server send header lists (response headers, trailers with large
/// `grpc-status-details-bin`) as large as grpc-go accepts, 16 MiB, instead of NIO's 16 KB.
///
/// grpc-swift-nio-transport advertises NIO's default `SETTINGS_MAX_HEADER_LIST_SIZE` and offers
/// no setting for it; NIOHTTP2 raises its decoder's limit when the server acknowledges a later
/// SETTINGS frame that changes it. This handler, just after the HTTP/2 handler, sends that frame
/// as soon as the connection is up — before any request, so the acknowledgement arrives before
/// any response.
final class HeaderListLimitHandler: ChannelInboundHandler, RemovableChannelHandler,
  @unchecked Sendable
{
  typealias InboundIn = HTTP2Frame
  typealias OutboundOut = HTTP2Frame

  /// The largest header list accepted (grpc-go's default).
  static let maximumHeaderListSize = 16 << 20
  /// The largest frame HTTP/2 allows: NIO accepts a header block of one HEADERS frame and five
  /// CONTINUATION frames, so a 16 MiB header list needs frames over 2.7 MiB.
  static let maximumFrameSize = (1 << 24) - 1

  private var sent = false

  func handlerAdded(context: ChannelHandlerContext) {
    if context.channel.isActive { announce(context: context) }
  }

  func channelActive(context: ChannelHandlerContext) {
    context.fireChannelActive()
    announce(context: context)
  }

  private func announce(context: ChannelHandlerContext) {
    guard !sent else { return }
    sent = true
    let settings: HTTP2Settings = [
      HTTP2Setting(parameter: .maxHeaderListSize, value: Self.maximumHeaderListSize)
    ]
    let frame = HTTP2Frame(streamID: .rootStream, payload: .settings(.settings(settings)))
    context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
  }
}
