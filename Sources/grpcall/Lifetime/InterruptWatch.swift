import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A last action on Ctrl-C or SIGTERM, then the exit code the signal would give (130, 143):
/// what was received must not be lost when the user stops a stream.
enum InterruptWatch {
  nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

  /// Runs `body` (with the signal's number) when SIGINT or SIGTERM arrives, then exits.
  static func onInterrupt(_ body: @escaping @Sendable (Int32) -> Void) {
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler {
        body(number)
        exit(128 + number)
      }
      source.resume()
      sources.append(source)
    }
  }

  /// The signal's name, as a user reads it.
  static func name(of number: Int32) -> String {
    number == SIGINT ? "SIGINT (Ctrl-C)" : number == SIGTERM ? "SIGTERM" : "signal \(number)"
  }
}
