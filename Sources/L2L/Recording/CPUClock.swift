import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// CPU time, which a loaded machine does not inflate as it does wall time: what the recorder's
/// cost is reported in (`--timings`: `recorder_cpu_seconds`, `packing_cpu_seconds`, `process_cpu_seconds`).
enum CPUClock {
    /// Seconds of CPU the calling thread has used.
    static func thread() -> Double { seconds(CLOCK_THREAD_CPUTIME_ID) }

    /// Seconds of CPU the whole process (every thread) has used.
    static func process() -> Double { seconds(CLOCK_PROCESS_CPUTIME_ID) }

    private static func seconds(_ clock: clockid_t) -> Double {
        var time = timespec()
        guard clock_gettime(clock, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
