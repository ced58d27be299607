import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps worker threads at the nice value the process was started with (`nice -n 19 l2l run …`).
///
/// On Linux the nice value belongs to each thread, and libdispatch — which runs Swift's concurrency
/// pool and `DispatchQueue.concurrentPerform` — gives its worker threads a priority of its own for their
/// quality of service (nice 0, −4 for overcommit threads) whatever the process was started with. Without
/// this, `nice -n 19 l2l run` lowers only the main thread, and the inner runs compete at full priority with
/// a benchmark beside them (found on the development machine, round 6: `ps -L` showed the pool threads of a
/// `nice -n 19` run at 0 and −4). Threads l2l makes itself (`Thread`) inherit the creator's value and need nothing.
public enum ThreadNice {
    /// Sets the calling thread's nice value to the main thread's — the process's as started or as
    /// `renice -p PID` last set it (on Linux the main thread's id is the process id) — where they differ.
    /// Two `getpriority` calls; a thread that may not lower its nice value (no `CAP_SYS_NICE`) keeps its own.
    @inline(__always)
    public static func followProcess() {
        #if os(Linux)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        let process = getpriority(which, id_t(getpid()))
        if getpriority(which, 0) != process { _ = setpriority(which, 0, process) }
        #endif
    }

    /// Sets every thread of the process to the main thread's nice value where they differ (the threads
    /// listed in `/proc/self/task`; on Linux `setpriority` takes a thread id). Catches the pool threads
    /// that resume suspended work without starting a job (the experiment's driver, its commit tasks).
    public static func alignAllThreads() {
        #if os(Linux)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        let process = getpriority(which, id_t(getpid()))
        guard let threads = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") else { return }
        for name in threads {
            guard let tid = id_t(name), getpriority(which, tid) != process else { continue }
            _ = setpriority(which, tid, process)
        }
        #endif
    }

    /// The calling thread's nice value (Linux; 0 elsewhere).
    public static var current: Int32 {
        #if os(Linux)
        return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        #else
        return 0
        #endif
    }
}
