import CHDF5
import Foundation

/// The single owner of all calls into libhdf5.
///
/// Every HDF5 C call made by this module runs inside ``withLock(_:)``, which
/// holds one process-wide recursive lock. Even a thread-safe libhdf5 build
/// serializes its API internally, and the high-level routines (dimension
/// scales) are sequences of calls that are not atomic, so one lock around
/// whole operations is both correct and free of extra cost.
///
/// The lock is the only global mutable state of the project.
public enum HDF5Library {
    /// The lock together with the current nesting depth.
    private final class State: @unchecked Sendable {
        let lock = NSRecursiveLock()
        /// Nesting depth of ``withLock(_:)``; only touched while `lock` is held.
        var depth = 0
    }

    private static let state: State = {
        let state = State()
        state.lock.name = "HDF5Library"
        return state
    }()

    /// Runs `body` while holding the process-wide HDF5 lock.
    ///
    /// The lock is recursive, so nested calls from the same thread are fine.
    /// On the outermost entry, automatic printing of the HDF5 error stack is
    /// switched off for the calling thread (errors are collected into
    /// ``HDF5Error`` instead).
    public static func withLock<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        let state = Self.state
        state.lock.lock()
        defer {
            state.depth -= 1
            state.lock.unlock()
        }
        state.depth += 1
        if state.depth == 1 {
            // The default error stack is per thread in thread-safe builds.
            H5Eset_auto2(chdf5_e_default(), nil, nil)
        }
        return try body()
    }

    /// The version of the linked libhdf5, e.g. "1.10.8".
    public static var version: String {
        withLock {
            var major: UInt32 = 0
            var minor: UInt32 = 0
            var release: UInt32 = 0
            H5get_libversion(&major, &minor, &release)
            return "\(major).\(minor).\(release)"
        }
    }

    /// Whether the linked libhdf5 was built thread-safe (worth logging at start-up).
    public static var isThreadSafe: Bool {
        withLock {
            var flag = false
            H5is_library_threadsafe(&flag)
            return flag
        }
    }
}
