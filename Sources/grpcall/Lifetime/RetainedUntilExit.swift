import ProtoSchema
import Synchronization

/// Objects the process keeps until it exits, so that their memory goes back with the process
/// instead of being freed piece by piece. A pool compiled from 2 000 files is millions of small
/// allocations; releasing it as the command returned was 5% of such a run, work the exit that
/// follows makes pointless (compilers skip the same frees).
enum RetainedUntilExit {
  private static let pools = Mutex<[DescriptorPool]>([])

  /// Keeps `pool` alive until the process exits.
  static func keep(_ pool: DescriptorPool) {
    pools.withLock { $0.append(pool) }
  }
}
