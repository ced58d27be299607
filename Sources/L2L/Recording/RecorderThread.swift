import Foundation

/// One dedicated OS thread on which `ExperimentRecorder` does all its work, one job at a time.
///
/// The recorder's work is HDF5 calls and `fsync`, which block the thread that makes them. On
/// Swift's cooperative pool (one thread per core) a blocked recorder would stall an inner run
/// for as long as the disk takes; on a thread of its own, a commit overlaps the next
/// generation's inner runs and the operating system gives the core back while it waits. The
/// caller's task resumes on the cooperative pool, never on this thread, so the thread does
/// nothing but record.
final class RecorderThread: @unchecked Sendable {
    /// The process's recorder thread: every recorder's jobs run on it, in the order given.
    static let shared = RecorderThread()

    private let condition = NSCondition()
    private var jobs: [() -> Void] = []
    private var cpu = 0.0

    /// CPU seconds the thread has spent on jobs so far.
    var cpuSeconds: Double {
        condition.lock()
        defer { condition.unlock() }
        return cpu
    }

    private init() {
        let thread = Thread { [self] in serve() }
        thread.name = "l2l-recorder"
        thread.start()
    }

    /// Runs `body` on the recorder thread after every job given before it, and returns its result.
    func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Runs `job` on the recorder thread after every job given before it, without waiting for it
    /// (it reports its outcome itself).
    func submit(_ job: @escaping @Sendable () -> Void) {
        enqueue(job)
    }

    private func enqueue(_ job: @escaping () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs jobs in the order they were enqueued, for the life of the process.
    private func serve() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch {
                let start = CPUClock.thread()
                job()
                let used = CPUClock.thread() - start
                condition.lock()
                cpu += used
                condition.unlock()
            }
        }
    }
}
