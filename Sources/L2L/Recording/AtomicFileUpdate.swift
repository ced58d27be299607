import Foundation
#if canImport(Glibc)
import Glibc
import L2LOptimizees
#endif

/// Changes a file so that, whatever moment the process is killed at, the file is either
/// exactly as before or exactly as after: the change is made to a copy (`<file>.partial`),
/// which is flushed to disk and then renamed over the original (an atomic step on POSIX
/// file systems).
///
/// HDF5 has no journal: a writer killed in the middle of a write can leave metadata that
/// points past the end of the file. Writing each generation to a copy means the result
/// file is always a complete, closed HDF5 file — readable by h5py at any moment, with no
/// `h5clear` — at the cost of one copy per generation (`sendfile`, done in the
/// kernel).
enum AtomicFileUpdate {
    /// The scratch copy a change is made in.
    static func partialPath(for path: String) -> String { path + ".partial" }

    /// Runs `change` on a fresh copy of `path` (or on a new file when `creating`), then
    /// replaces `path` with it. On an error the original is untouched and the copy removed.
    static func perform<R>(on path: String, creating: Bool = false, _ change: (_ scratch: String) throws -> R) throws -> R {
        let scratch = partialPath(for: path)
        do {
            if creating {
                if FileManager.default.fileExists(atPath: scratch) { try FileManager.default.removeItem(atPath: scratch) }
            } else {
                try copy(path, to: scratch)
            }
            let result = try change(scratch)
            try replace(path, with: scratch)
            return result
        } catch {
            try? FileManager.default.removeItem(atPath: scratch)
            throw error
        }
    }

    /// Flushes `scratch` to disk and renames it over `path`, then flushes the directory.
    static func replace(_ path: String, with scratch: String) throws {
        try synchronize(scratch)
        guard rename(scratch, path) == 0 else { throw AtomicFileError.system("rename \(scratch) to \(path)", errno) }
        try synchronize((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent)
    }

    /// Copies a file's bytes in the kernel with `sendfile`, falling back to read/write.
    static func copy(_ source: String, to destination: String) throws {
        let input = open(source, O_RDONLY)
        guard input >= 0 else { throw AtomicFileError.system("open \(source)", errno) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard output >= 0 else { throw AtomicFileError.system("create \(destination)", errno) }
        defer { close(output) }
        var status = stat()
        guard fstat(input, &status) == 0 else { throw AtomicFileError.system("stat \(source)", errno) }
        var remaining = Int(status.st_size)
        while remaining > 0 {
            let copied = sendfile(output, input, nil, min(remaining, 1 << 30))
            if copied > 0 {
                remaining -= copied
                continue
            }
            if copied == 0 { break }
            if errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP {
                try copyByReading(input, output, remaining)
                return
            }
            throw AtomicFileError.system("copy \(source) to \(destination)", errno)
        }
    }

    private static func copyByReading(_ input: Int32, _ output: Int32, _ count: Int) throws {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var remaining = count
        while remaining > 0 {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, min($0.count, remaining)) }
            guard n > 0 else { throw AtomicFileError.system("read", errno) }
            var written = 0
            while written < n {
                let w = buffer.withUnsafeBytes { write(output, $0.baseAddress! + written, n - written) }
                guard w > 0 else { throw AtomicFileError.system("write", errno) }
                written += w
            }
            remaining -= n
        }
    }

    /// `fsync` on a file or directory, so a rename never lands before the data it names.
    static func synchronize(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw AtomicFileError.system("open \(path)", errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw AtomicFileError.system("fsync \(path)", errno) }
    }
}

/// A system call failed while updating a result file.
public struct AtomicFileError: Error, CustomStringConvertible {
    public var operation: String
    public var code: Int32

    static func system(_ operation: String, _ code: Int32) -> AtomicFileError {
        AtomicFileError(operation: operation, code: code)
    }

    public var description: String {
        "\(operation): \(String(cString: strerror(code)))"
    }
}
