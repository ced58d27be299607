import Foundation
import Testing

@testable import L2L

/// One writer per result file, and what a new run may write over.
@Suite("Writer lock and output guard")
struct WriterLockTests {
    private func temporaryPath(_ stem: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(stem)-\(UUID().uuidString).h5").path
    }

    @Test func aSecondWriterIsRefusedUntilTheFirstLetsGo() throws {
        let path = temporaryPath("locked")
        let first = try WriterLock.acquire(for: path)
        #expect(WriterLock.holder(of: path) == WriterLock.Holder(host: ProcessInfo.processInfo.hostName, pid: Int(getpid())))
        #expect {
            try WriterLock.acquire(for: path)
        } throws: { error in
            guard case ResultFileError.lockedByAnotherWriter(_, let holder)? = error as? ResultFileError else { return false }
            return holder?.pid == Int(getpid()) && "\(error)".contains("l2l resume")
        }
        first.release()
        #expect(WriterLock.holder(of: path) == nil)
        #expect(!FileManager.default.fileExists(atPath: WriterLock.lockPath(for: path)))
        let second = try WriterLock.acquire(for: path)
        second.release()
    }

    @Test func aStaleLockFileDoesNotBlock() throws {
        let path = temporaryPath("stale")
        // A lock file left by a writer that died: nobody holds its flock.
        try "host=elsewhere\npid=1\n".write(toFile: WriterLock.lockPath(for: path), atomically: true, encoding: .utf8)
        #expect(WriterLock.holder(of: path) == nil)
        let lock = try WriterLock.acquire(for: path)
        lock.release()
    }

    @Test func existingFilesNeedOverwriteAndTheSpecIsNeverReplaced() throws {
        let path = temporaryPath("existing")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try OutputGuard.check(output: path, spec: nil, overwrite: false)  // nothing there yet
        try "notes".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ResultFileError.self) { try OutputGuard.check(output: path, spec: nil, overwrite: false) }
        try OutputGuard.check(output: path, spec: nil, overwrite: true)
        #expect {
            try OutputGuard.check(output: path, spec: path, overwrite: true)
        } throws: { error in
            guard case ResultFileError.outputIsTheSpec? = error as? ResultFileError else { return false }
            return true
        }
    }
}
