import NIOCore
import NIOPosix

/// Runs a task's jobs on the NIO event loop that carries its connection.
///
/// A response read from the socket is handed to the task consuming it; on another thread that is
/// a wake-up (futex) per read, which dominated the CPU of long server streams. With the consuming
/// task preferring this executor, the hand-over is a job on the same loop, run in the same tick.
final class EventLoopTaskExecutor: TaskExecutor {
  /// The one event loop grpcall's connections run on (a command line makes one connection at a
  /// time; scenario steps share it too).
  static let shared = EventLoopTaskExecutor(
    eventLoop: MultiThreadedEventLoopGroup(numberOfThreads: 1).next()
  )

  let eventLoop: any EventLoop

  init(eventLoop: any EventLoop) {
    self.eventLoop = eventLoop
  }

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    eventLoop.execute {
      job.runSynchronously(on: self.asUnownedTaskExecutor())
    }
  }
}
