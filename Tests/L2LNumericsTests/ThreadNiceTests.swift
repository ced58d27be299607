#if os(Linux)
import Foundation
import Glibc
import Testing
@testable import L2LNumerics

/// Worker threads follow the process's nice value (`nice -n 19 l2l run`), which libdispatch's pool
/// threads do not do by themselves. Each test moves one thread of its own to nice + 3 (always allowed)
/// and checks that l2l puts it back; putting it back lowers its nice value, which needs CAP_SYS_NICE
/// (root, as in CI) — without it the tests have nothing to check and return early.
@Suite struct ThreadNiceTests {
    static let which = __priority_which_t(PRIO_PROCESS.rawValue)
    static var mayLowerNice: Bool { geteuid() == 0 }

    /// Runs `body` on a new thread and returns its result.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: T?
        let thread = Thread {
            result = body()
            done.signal()
        }
        thread.start()
        done.wait()
        return result!
    }

    @Test func aThreadFollowsTheProcess() throws {
        guard Self.mayLowerNice else { return }
        let process = getpriority(Self.which, id_t(getpid()))
        let (moved, after) = Self.onThread { () -> (Int32, Int32) in
            _ = setpriority(Self.which, 0, getpriority(Self.which, 0) + 3)
            let moved = ThreadNice.current
            ThreadNice.followProcess()
            return (moved, ThreadNice.current)
        }
        #expect(moved == min(19, process + 3))
        #expect(after == process)
    }

    @Test func everyThreadIsAlignedFromAnother() throws {
        guard Self.mayLowerNice else { return }
        let process = getpriority(Self.which, id_t(getpid()))
        let moved = DispatchSemaphore(value: 0), checked = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var tid: id_t = 0
        let thread = Thread {
            let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")) ?? ""
            tid = id_t(link.split(separator: "/").last.map(String.init) ?? "") ?? 0
            _ = setpriority(Self.which, 0, getpriority(Self.which, 0) + 3)
            moved.signal()
            checked.wait()
        }
        thread.start()
        moved.wait()
        #expect(tid != 0)
        #expect(getpriority(Self.which, tid) == min(19, process + 3))
        ThreadNice.alignAllThreads()
        #expect(getpriority(Self.which, tid) == process)
        checked.signal()
    }
}
#endif
