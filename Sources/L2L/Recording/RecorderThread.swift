import Foundation

/// A serial executor backed by one dedicated OS thread: where `ExperimentRecorder` runs.
///
/// The recorder's work is HDF5 calls and `fsync`, which block the thread that makes them. On
/// Swift's cooperative pool (one thread per core) a blocked recorder would stall an inner run
/// for as long as the disk takes; on a thread of its own, a commit overlaps the next
/// generation's inner runs and the operating system gives the core back while it waits.
final class RecorderThread: SerialExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    /// The process's recorder thread: every recorder's jobs run on it, one at a time.
    static let shared = RecorderThread()

    private init() {
        let thread = Thread { [self] in serve() }
        thread.name = "l2l-recorder"
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Runs jobs in the order they were enqueued, for the life of the process.
    private func serve() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedSerialExecutor()) }
        }
    }
}
