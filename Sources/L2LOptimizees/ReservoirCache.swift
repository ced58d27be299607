import Foundation
import L2LNetworks
import L2LNumerics
import L2LOptimizers

/// Bulk runs of the current iteration's batch (and of the report sets), shared by the candidates
/// that see the same noise seed. Lock-protected: one optimizee per inner run, but `Sendable`.
final class ReservoirCache: @unchecked Sendable {
    struct Key: Hashable, Sendable {
        var noise: UInt64
        /// 0: training batch, 1: report on train, 2: report on test.
        var kind: Int
    }

    private let lock = NSLock()
    private var entries: [Int: (Key, [ReservoirOptimizee.BulkRun])] = [:]

    func lookup(_ key: Key) -> [ReservoirOptimizee.BulkRun]? {
        lock.lock()
        defer { lock.unlock() }
        guard let (k, runs) = entries[key.kind], k == key else { return nil }
        return runs
    }

    func store(_ key: Key, _ runs: [ReservoirOptimizee.BulkRun]) {
        lock.lock()
        defer { lock.unlock() }
        entries[key.kind] = (key, runs)
    }
}
