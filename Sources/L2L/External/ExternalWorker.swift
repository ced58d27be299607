#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import L2LOptimizees

/// One running worker program of an external optimizee: its process and the two pipes of the
/// line protocol (docs/external-protocol.md). Every read and write has a deadline, so a worker
/// that hangs, or stops reading its input, is caught and killed instead of stalling the run.
///
/// Written on POSIX calls (posix_spawnp, poll, non-blocking pipes) rather than Foundation's
/// `Process`, which offers no read with a deadline and no process group to kill.
final class ExternalWorker {
    /// How talking to a worker failed.
    enum Failure: Error, CustomStringConvertible {
        case spawn(command: String, reason: String)
        case exited(String)
        case timedOut(seconds: Double)
        case garbage(String)

        var description: String {
            switch self {
            case .spawn(let command, let reason): "could not start worker '\(command)': \(reason)"
            case .exited(let detail): "the worker \(detail)"
            case .timedOut(let seconds): "the worker gave no answer within \(SpecRealRange.format(seconds)) s; it was killed"
            case .garbage(let detail): "the worker's reply is not protocol: \(detail); it was killed"
            }
        }

        /// The evaluation status the failure gives the candidates it hit.
        var status: EvaluationStatus {
            if case .timedOut = self { return .timeLimit }
            return .error
        }
    }

    /// Longest reply line accepted (a worker printing without newlines must not exhaust memory).
    static let lineLimit = 1 << 28

    let index: Int
    let commandText: String
    private(set) var pid: pid_t = 0
    private var input: Int32 = -1
    private var output: Int32 = -1
    private var buffer: [UInt8] = []
    private var isAlive = false {
        didSet {
            if isAlive { ExternalProcessGroups.shared.insert(pid) } else { ExternalProcessGroups.shared.remove(pid) }
        }
    }

    /// Starts `command` (looked up on PATH) in `workingDirectory` with the protocol's variables set.
    init(command: [String], workingDirectory: String?, index: Int) throws(Failure) {
        self.index = index
        commandText = command.joined(separator: " ")
        Self.ignoreBrokenPipes
        // Serialized, so that a worker started on another thread never inherits this one's pipes
        // in the moment before they are marked close-on-exec.
        Self.spawnLock.lock()
        defer { Self.spawnLock.unlock() }
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0 else { throw .spawn(command: commandText, reason: Self.errnoText()) }
        guard pipe(&fromChild) == 0 else {
            Glibc.close(toChild[0]); Glibc.close(toChild[1])
            throw .spawn(command: commandText, reason: Self.errnoText())
        }
        // Not inherited by other workers started later (dup2 clears the flag on the child's 0 and 1).
        for descriptor in toChild + fromChild { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        // Nothing else of l2l's: open HDF5 files (and their locks) stay with l2l.
        if let closeFrom = Self.closeFrom { _ = closeFrom(&actions, 3) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so that killing it also kills what it started (a shell's children).
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        var environment = ProcessInfo.processInfo.environment
        environment["L2L_EXTERNAL_PROTOCOL"] = "1"
        environment["L2L_WORKER_INDEX"] = String(index)
        // posix_spawn_file_actions_addchdir_np is not visible to Swift here; a shell changes directory.
        let words = workingDirectory.map { ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", $0] + command } ?? command
        let argv = words.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        let status = posix_spawnp(&pid, words[0], &actions, &attributes, argv, envp)
        Glibc.close(toChild[0])
        Glibc.close(fromChild[1])
        guard status == 0 else {
            Glibc.close(toChild[1]); Glibc.close(fromChild[0])
            throw .spawn(command: commandText, reason: String(cString: strerror(status)))
        }
        input = toChild[1]
        output = fromChild[0]
        _ = fcntl(input, F_SETFL, fcntl(input, F_GETFL) | O_NONBLOCK)
        _ = fcntl(output, F_SETFL, fcntl(output, F_GETFL) | O_NONBLOCK)
        isAlive = true
    }

    deinit { kill() }

    private static let spawnLock = NSLock()

    /// Writing to a worker that died must be an error (EPIPE), not the end of l2l.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    private static func errnoText() -> String { String(cString: strerror(errno)) }

    /// Sends one line (a newline is appended) before `deadline`.
    func send(_ line: String, deadline: Deadline?) throws(Failure) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                Glibc.write(input, raw.baseAddress! + offset, raw.count - offset)
            }
            if written > 0 {
                offset += written
                continue
            }
            if written < 0, errno == EINTR { continue }
            if written < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                try wait(for: Int16(POLLOUT), on: input, until: deadline)
                continue
            }
            throw .exited("closed its input (\(Self.errnoText()))\(reap())")
        }
    }

    /// The next line the worker writes (without its newline), before `deadline`.
    func receiveLine(deadline: Deadline?) throws(Failure) -> String {
        var scanned = 0
        while true {
            if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            scanned = buffer.count
            guard buffer.count < Self.lineLimit else { throw .garbage("a line longer than \(Self.lineLimit) bytes") }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress!, $0.count) }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                throw .exited("closed its output\(reap())")
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                try wait(for: Int16(POLLIN), on: output, until: deadline)
            } else if errno != EINTR {
                throw .exited("could not be read (\(Self.errnoText()))\(reap())")
            }
        }
    }

    private func wait(for events: Int16, on descriptor: Int32, until deadline: Deadline?) throws(Failure) {
        while true {
            var timeout: Int32 = -1
            if let deadline {
                let left = deadline.instant - ContinuousClock.now
                guard left > .zero else {
                    kill()
                    throw .timedOut(seconds: deadline.seconds)
                }
                timeout = Int32(min(Double(Int32.max), (left.seconds * 1000).rounded(.up)))
            }
            var request = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&request, 1, timeout)
            if ready > 0 { return }
            if ready < 0, errno == EINTR { continue }
            if ready < 0 { throw .exited("could not be polled (\(Self.errnoText()))") }
        }
    }

    /// After the worker failed: how it ended, e.g. " (exit status 1)", killing it if still running.
    private func reap() -> String {
        guard isAlive else { return "" }
        var status: Int32 = 0
        // Give a dying process a moment to be reaped, so that the message can say how it ended.
        for _ in 0..<50 {
            if waitpid(pid, &status, WNOHANG) == pid {
                isAlive = false
                closePipes()
                if status & 0x7f == 0 { return " (exit status \((status >> 8) & 0xff))" }
                return " (killed by signal \(status & 0x7f))"
            }
            usleep(2_000)
        }
        kill()
        return ""
    }

    private func closePipes() {
        if input >= 0 { Glibc.close(input); input = -1 }
        if output >= 0 { Glibc.close(output); output = -1 }
    }

    /// Kills the worker's process group and reaps it.
    func kill() {
        guard isAlive else { return }
        isAlive = false
        Glibc.kill(-pid, SIGKILL)
        Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        closePipes()
    }

    /// Says goodbye, closes the worker's input and waits up to `grace` seconds before killing it.
    func stop(grace: Double = 5) {
        guard isAlive else { return }
        try? send("{\"type\":\"bye\"}", deadline: .after(0.2))
        if input >= 0 { Glibc.close(input); input = -1 }
        let end = ContinuousClock.now + .milliseconds(Int(grace * 1000))
        var status: Int32 = 0
        while ContinuousClock.now < end {
            if waitpid(pid, &status, WNOHANG) == pid {
                isAlive = false
                closePipes()
                return
            }
            usleep(5_000)
        }
        kill()
    }
}

/// When an exchange with a worker must be over, and the span it was given (for messages).
struct Deadline {
    var instant: ContinuousClock.Instant
    var seconds: Double

    /// A deadline `seconds` from now; nil for nil or 0 (no limit).
    static func after(_ seconds: Double?) -> Deadline? {
        guard let seconds, seconds > 0 else { return nil }
        return Deadline(instant: .now + .nanoseconds(Int64(min(seconds, 1e9) * 1e9)), seconds: seconds)
    }
}

extension ExternalWorker {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+; hidden from Swift behind
    /// `_GNU_SOURCE`), looked up at run time; nil where the C library lacks it.
    static let closeFrom: CloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()
}

/// The process groups of the live external workers, so that an interrupted `l2l run` can end
/// them all at once (a worker is removed as soon as it has been reaped, so a reused pid is
/// never signalled).
final class ExternalProcessGroups: @unchecked Sendable {
    static let shared = ExternalProcessGroups()
    private let lock = NSLock()
    private var groups: Set<pid_t> = []

    func insert(_ pid: pid_t) { lock.lock(); groups.insert(pid); lock.unlock() }
    func remove(_ pid: pid_t) { lock.lock(); groups.remove(pid); lock.unlock() }

    /// Sends SIGKILL to every live worker's process group (not reaped: the process is exiting).
    func killAll() {
        lock.lock()
        defer { lock.unlock() }
        for pid in groups { Glibc.kill(-pid, SIGKILL) }
    }
}
