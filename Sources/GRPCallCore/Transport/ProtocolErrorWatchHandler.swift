import NIOCore
import NIOHTTP2

/// Just above the HTTP/2 handler: keeps the first HTTP/2 protocol error the server caused, in
/// words, so a call that fails because of it says what the server did, and the largest header
/// list the server's SETTINGS allow.
final class ProtocolErrorWatchHandler: ChannelInboundHandler, @unchecked Sendable {
  typealias InboundIn = HTTP2Frame
  typealias InboundOut = HTTP2Frame

  let observer: ConnectionObserver

  init(observer: ConnectionObserver) { self.observer = observer }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if case .settings(.settings(let settings)) = unwrapInboundIn(data).payload,
      let limit = settings.last(where: { $0.parameter == .maxHeaderListSize })
    {
      observer.update { $0.serverMaxHeaderListSize = limit.value }
    }
    context.fireChannelRead(data)
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    // Only HTTP/2's own errors: TLS and socket errors pass here too and are classified elsewhere.
    if error is any NIOHTTP2Error {
      let problem = Self.words(for: error)
      observer.update { $0.protocolProblem = $0.protocolProblem ?? problem }
    }
    context.fireErrorCaught(error)
  }

  /// The server's protocol error in words, by the error's type.
  static func words(for error: any Error) -> String {
    let kinds: [(any Error.Type, String)] = [
      (NIOHTTP2Errors.InvalidWindowIncrementSize.self, "a WINDOW_UPDATE with an increment of 0"),
      (NIOHTTP2Errors.FlowControlViolation.self, "more data than the flow-control window allows"),
      (NIOHTTP2Errors.InvalidFlowControlWindowSize.self, "a flow-control window past 2^31-1"),
      (NIOHTTP2Errors.InvalidSetting.self, "an invalid SETTINGS value"),
      (NIOHTTP2Errors.UnableToParseFrame.self, "a frame that cannot be parsed"),
      (NIOHTTP2Errors.ExcessivelyLargeHeaderBlock.self, "a header block that is too large"),
      (NIOHTTP2Errors.TrailersWithoutEndStream.self, "trailers without END_STREAM"),
    ]
    for (kind, words) in kinds where type(of: error) == kind {
      return "the server broke the HTTP/2 protocol: \(words)"
    }
    return "the server broke the HTTP/2 protocol"
  }
}
