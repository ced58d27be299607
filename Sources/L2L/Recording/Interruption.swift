import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ends a run on SIGINT or SIGTERM at a consistent point, saying what was kept and how to go on.
///
/// Every commit of a result file is atomic (a `rename`), so the file on disk always holds the
/// last completed generation, whatever moment the signal arrives at: there is no write to wait
/// for. The handler removes the scratch file of a commit in progress (which makes that commit
/// fail cleanly if it had not renamed yet), lets go of the writer lock, kills the external
/// workers' process groups, prints where the run can be resumed and exits with 128 + the signal
/// (130 for SIGINT, 143 for SIGTERM).
public enum Interruption {
    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var resultPath: String?
        var completedGenerations = 0
        var writerLock: WriterLock?
        var sources: [any DispatchSourceSignal] = []
        var cleanUp: (@Sendable (Int32) -> Void)?
    }

    private static let state = State()

    /// Installs the handlers (once per process); `cleanUp` runs just before exit, with the signal.
    public static func install(cleanUp: @escaping @Sendable (Int32) -> Void = { _ in }) {
        state.lock.lock()
        defer { state.lock.unlock() }
        state.cleanUp = cleanUp
        guard state.sources.isEmpty else { return }
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop(signal: number) }
            source.resume()
            state.sources.append(source)
        }
    }

    /// The result file being written, once its writer holds the lock.
    static func writing(_ path: String, lock: WriterLock, completedGenerations: Int) {
        state.lock.lock()
        defer { state.lock.unlock() }
        state.resultPath = path
        state.writerLock = lock
        state.completedGenerations = completedGenerations
    }

    /// A generation was committed.
    static func committed(generations: Int) {
        state.lock.lock()
        defer { state.lock.unlock() }
        state.completedGenerations = generations
    }

    /// The run ended on its own: nothing to describe any more.
    static func finished() {
        state.lock.lock()
        defer { state.lock.unlock() }
        state.resultPath = nil
        state.writerLock = nil
    }

    private static func stop(signal number: Int32) {
        state.lock.lock()
        let path = state.resultPath, generations = state.completedGenerations
        let writerLock = state.writerLock, cleanUp = state.cleanUp
        state.lock.unlock()
        let name = number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal \(number)"
        var message = "\nl2l: stopped by \(name)"
        if let path {
            unlink(AtomicFileUpdate.partialPath(for: path))
            if FileManager.default.fileExists(atPath: path) {
                message += "; \(path) keeps its \(generations) completed generation\(generations == 1 ? "" : "s")"
                    + ": continue with `l2l resume \(path)`"
            } else {
                message += " before \(path) was written: run it again"
            }
        }
        writerLock?.release()
        ExternalWorkers.killAll()
        cleanUp?(number)
        FileHandle.standardError.write(Data((message + "\n").utf8))
        fflush(nil)
        _exit(128 + number)
    }
}
