#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files where the user said, through the path as given: an existing symbolic link is
/// followed and a device or pipe is written to, never replaced by a new file.
public enum PathWriter {
  /// Writes `bytes` to `path` (created with mode 0644 if missing, truncated otherwise).
  public static func write(_ bytes: [UInt8], to path: String) throws(GRPCallError) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else { throw .outputFailed(path: path, reason: reasonForErrno()) }
    defer { close(descriptor) }
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
        throw .outputFailed(path: path, reason: reasonForErrno())
      }
      offset += written
    }
  }

  /// Creates `path` and its missing parents as directories.
  public static func makeDirectories(_ path: String) throws(GRPCallError) {
    var current = path.hasPrefix("/") ? "/" : ""
    for component in path.split(separator: "/") {
      current += (current.isEmpty || current.hasSuffix("/") ? "" : "/") + component
      if mkdir(current, 0o755) != 0 && errno != EEXIST {
        throw .outputFailed(path: current, reason: reasonForErrno())
      }
    }
  }

  static func reasonForErrno() -> String {
    String(cString: strerror(errno)).lowercased()
  }
}
