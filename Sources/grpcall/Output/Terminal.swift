#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to stdout and stderr without buffering, so each response is out as soon as it arrives
/// and nothing is lost when a stream fails later.
enum Terminal {
  /// Writes text to standard output.
  static func out(_ text: String) {
    write(text, to: 1)
  }

  /// Writes text to standard error.
  static func err(_ text: String) {
    write(text, to: 2)
  }

  /// Writes raw bytes to standard output.
  static func outBytes(_ bytes: [UInt8]) {
    write(bytes, to: 1)
  }

  private static func write(_ text: String, to descriptor: Int32) {
    write(Array(text.utf8), to: descriptor)
  }

  private static func write(_ bytes: [UInt8], to descriptor: Int32) {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { buffer in
        #if canImport(Glibc)
        Glibc.write(descriptor, buffer.baseAddress, buffer.count)
        #else
        Darwin.write(descriptor, buffer.baseAddress, buffer.count)
        #endif
      }
      if written < 0 {
        if errno == EINTR { continue }
        return
      }
      offset += written
    }
  }
}
