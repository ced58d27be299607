import Foundation

/// Counts inner runs as they finish in this process, so the progress line can report a long
/// generation while it runs (`gen 3/6: 120/400 inner runs`). Reading it never affects results.
///
/// A lock-protected class (hence `@unchecked Sendable`: `count` is only touched under `lock`).
final class InnerRunTally: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

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

    private var packing = 0.0

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
