import NIOCore

/// Follows the server's first bytes until its first frame — an HTTP/2 server's SETTINGS — is
/// whole: the 9-byte frame header, then as many payload bytes as it announces. Bytes that cannot
/// start a SETTINGS frame end the watch at once (the HTTP/2 handler then says what is wrong).
struct ServerPrefaceWatch {
  private var header: [UInt8] = []
  private var remainingPayload = 0

  /// Takes the next bytes; true once the first frame is complete or cannot be SETTINGS.
  mutating func feed(_ bytes: ByteBufferView) -> Bool {
    var rest = bytes[...]
    if header.count < 9 {
      let wanted = 9 - header.count
      header += rest.prefix(wanted)
      rest = rest.dropFirst(wanted)
      guard header.count == 9 else { return false }
      guard header[3] == 4 else { return true }
      remainingPayload = Int(header[0]) << 16 | Int(header[1]) << 8 | Int(header[2])
    }
    remainingPayload -= min(remainingPayload, rest.count)
    return remainingPayload == 0
  }
}
