import Foundation

/// What the evaluating threads tally about the inner runs they finish in this process: how many
/// (so the progress line can report a long generation while it runs, `gen 3/6: 120/400 inner
/// runs`) and the CPU seconds spent packing their results for the recorder (`--timings`'
/// `packing_cpu_seconds`). Reading it never affects results.
///
/// A lock-protected class (hence `@unchecked Sendable`: `count` and `packing` are only touched under `lock`).
final class InnerRunTally: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var packing = 0.0

    /// Inner runs finished so far.
    var finished: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    /// CPU seconds spent packing runs for the recorder on the evaluating threads (``PackedRun``).
    var packingSeconds: Double {
        lock.lock()
        defer { lock.unlock() }
        return packing
    }

    func addPacking(_ seconds: Double) {
        lock.lock()
        packing += seconds
        lock.unlock()
    }
}
