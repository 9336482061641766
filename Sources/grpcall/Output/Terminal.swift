#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to stdout and stderr without buffering, so each response is out as soon as it arrives
/// and nothing is lost when a stream fails later. The first failed write to stdout ends the run.
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

  /// Reads standard input to its end.
  static func readStandardInput() -> [UInt8] {
    var input: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      if count <= 0 { return input }
      input += buffer[..<count]
    }
  }

  /// Standard output cannot take more: stop at once, ending the call with the process (the
  /// server sees the stream reset). A closed pipe (`grpcall … | head`) exits 141, as a process
  /// killed by SIGPIPE does in the shell; anything else (a full disk) is said and exits 1.
  private static func stdoutFailed(_ error: Int32) -> Never {
    if error == EPIPE { _exit(141) }
    let reason = String(cString: strerror(error)).lowercased()
    write("grpcall: cannot write standard output: \(reason)\n", to: 2)
    _exit(1)
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
        if descriptor == 1 { stdoutFailed(errno) }
        return
      }
      offset += written
    }
  }
}
