import GRPCallCore

/// What `-vv` adds after a call: each request's size and how it travelled, and grpcurl's
/// `Timing Data:` tree (connect, TLS, HTTP/2 settings, reflection, first response byte, total).
struct TimingReport {
  let timeline: ConnectionTimeline
  let reflection: Duration?
  let call: Duration
  /// Index of the call's stream in `timeline.streams` (reflection streams come first).
  let callStream: Int

  /// `Request size: N bytes, M bytes on the wire (gzip)` for each request sent.
  func requestSizes(_ sizes: [Int]) -> String {
    guard !sizes.isEmpty else { return "" }
    let wire = timeline.streams.dropFirst(callStream).first?.sent ?? []
    var text = "\n"
    for (index, size) in sizes.enumerated() {
      text += "Request \(index + 1) size: \(size) bytes"
      if index < wire.count { text += ", " + Self.wireText(wire[index]) }
      text += "\n"
    }
    return text
  }

  /// `Response size on the wire: M bytes (gzip)`.
  static func wireLine(_ message: WireMessage, direction: String) -> String {
    "\(direction) size on the wire: \(message.wireBytes) bytes (\(message.encoding))\n"
  }

  static func wireText(_ message: WireMessage) -> String {
    "\(message.wireBytes) bytes on the wire (\(message.encoding))"
  }

  /// The `Timing Data:` tree, two spaces per level, durations as Go prints them.
  var tree: String {
    let end = ContinuousClock.now
    var lines = ["Timing Data: \(DurationText.go(end - timeline.started))"]
    if let ready = timeline.ready {
      lines.append("  Dial: \(DurationText.go(ready - timeline.started))")
      if let tcp = timeline.tcpConnected {
        lines.append("    TCP Connect: \(DurationText.go(tcp - timeline.started))")
        if let tls = timeline.tlsHandshakeDone {
          lines.append("    TLS Setup: \(DurationText.go(tls - tcp))")
        }
        let settingsStart = timeline.tlsHandshakeDone ?? tcp
        lines.append("    HTTP/2 Settings: \(DurationText.go(ready - settingsStart))")
      }
    }
    if let reflection {
      lines.append("  Reflection: \(DurationText.go(reflection))")
    }
    lines.append("  InvokeRPC: \(DurationText.go(call))")
    if let stream = timeline.streams.dropFirst(callStream).first,
      let first = stream.firstResponseByte
    {
      lines.append("    First Response Byte: \(DurationText.go(first - stream.started))")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
