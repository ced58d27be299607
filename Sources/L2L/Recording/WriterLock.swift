import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One writer per result file: `<file>.lock`, held with `flock(2)` for as long as a run or a
/// resume writes the file.
///
/// The kernel drops a `flock` when its holder dies, `kill -9` included, so a lock file left
/// behind by a crashed run never blocks the next writer: whoever can take the lock may write.
/// The file's text names the holder (host and pid) for the message a refused writer prints,
/// and for `l2l inspect` to tell a running writer from a dead one. The lock is a separate
/// file because the result file itself is replaced by `rename` at every commit, which
/// would silently drop a lock held on it. (On NFS, `flock` is emulated with POSIX locks by
/// Linux ≥ 2.6.12, which still refuses a second writer on another host.)
public final class WriterLock: @unchecked Sendable {
    /// Who holds a result file's lock.
    public struct Holder: Sendable, Equatable, CustomStringConvertible {
        public var host: String
        public var pid: Int
        public var description: String { "process \(pid) on \(host)" }
    }

    /// The lock file of a result file.
    public static func lockPath(for resultPath: String) -> String { resultPath + ".lock" }

    public let path: String
    private var descriptor: Int32
    private let mutex = NSLock()

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Takes the lock of `resultPath`, or throws ``ResultFileError/lockedByAnotherWriter(path:holder:)``.
    public static func acquire(for resultPath: String) throws -> WriterLock {
        let path = lockPath(for: resultPath)
        while true {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw AtomicFileError.system("create the lock file \(path)", errno) }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                let holder = readHolder(descriptor)
                close(descriptor)
                if code == EWOULDBLOCK { throw ResultFileError.lockedByAnotherWriter(path: resultPath, holder: holder) }
                throw AtomicFileError.system("lock \(path)", code)
            }
            // The previous holder may have removed the file between our open and our lock: then
            // we hold a lock on a name nobody will see. Start again on the file now at `path`.
            var held = stat(), named = stat()
            guard fstat(descriptor, &held) == 0, stat(path, &named) == 0,
                  held.st_ino == named.st_ino, held.st_dev == named.st_dev
            else {
                close(descriptor)
                continue
            }
            let text = "host=\(ProcessInfo.processInfo.hostName)\npid=\(getpid())\n"
            _ = ftruncate(descriptor, 0)
            _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
            return WriterLock(path: path, descriptor: descriptor)
        }
    }

    /// The live holder of `resultPath`'s lock, or nil when no process holds it.
    public static func holder(of resultPath: String) -> Holder? {
        let descriptor = open(lockPath(for: resultPath), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            _ = flock(descriptor, LOCK_UN)
            return nil
        }
        return readHolder(descriptor) ?? Holder(host: "an unknown host", pid: 0)
    }

    /// Removes the lock file and lets go of the lock (idempotent).
    public func release() {
        mutex.lock()
        defer { mutex.unlock() }
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    private static func readHolder(_ descriptor: Int32) -> Holder? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        var host: String?, pid: Int?
        for line in String(decoding: buffer[..<count], as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("host=") { host = String(line.dropFirst(5)) }
            if line.hasPrefix("pid=") { pid = Int(line.dropFirst(4)) }
        }
        guard let host, let pid else { return nil }
        return Holder(host: host, pid: pid)
    }
}
