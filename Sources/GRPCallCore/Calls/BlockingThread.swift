#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thread of its own for work that blocks in a system call (reading a terminal, a pipe, a
/// FIFO's `open`), kept off Swift concurrency's few cooperative threads. POSIX threads directly:
/// Foundation's `Thread` would pull full Foundation (and ICU) into the binary.
enum BlockingThread {
  /// Runs `body` on a new detached thread.
  static func start(_ body: @escaping @Sendable () -> Void) {
    let box = Unmanaged.passRetained(Work(body)).toOpaque()
    #if canImport(Darwin)
    var thread: pthread_t?
    #else
    var thread = pthread_t()
    #endif
    let created = pthread_create(
      &thread,
      nil,
      { context in
        let work = Unmanaged<Work>.fromOpaque(context!).takeRetainedValue()
        work.body()
        return nil
      },
      box
    )
    guard created == 0 else {
      // No thread to be had: the work runs here rather than never.
      Unmanaged<Work>.fromOpaque(box).takeRetainedValue().body()
      return
    }
    #if canImport(Darwin)
    if let thread { pthread_detach(thread) }
    #else
    pthread_detach(thread)
    #endif
  }

  private final class Work {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }
}
