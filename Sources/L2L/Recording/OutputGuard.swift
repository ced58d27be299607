import Foundation
import HDF5

/// What a new run may write over: nothing that exists, unless told to with `--overwrite`,
/// and never the spec being run.
public enum OutputGuard {
    /// Throws unless a new run may create `path`: it does not exist, or `overwrite` is given
    /// and it is a regular file other than `specPath`.
    public static func check(output path: String, spec specPath: String?, overwrite: Bool) throws {
        var status = stat()
        guard stat(path, &status) == 0 else { return }
        if let specPath, sameFile(path, specPath) { throw ResultFileError.outputIsTheSpec(path: path) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw ResultFileError.outputExists(path: path, holds: "not a regular file (a directory?)", resumable: false)
        }
        if overwrite { return }
        let (holds, resumable) = describe(path)
        throw ResultFileError.outputExists(path: path, holds: holds, resumable: resumable)
    }

    /// A short description of an existing file for the refusal message, and whether it is an
    /// unfinished l2l run that `l2l resume` can continue.
    static func describe(_ path: String) -> (String, Bool) {
        guard let file = try? HDF5File.open(path, mode: .readOnly) else {
            return ("a file that is not an HDF5 file", false)
        }
        defer { file.close() }
        let root = file.root
        guard case .string("l2l")? = try? root.attribute("format") else { return ("an HDF5 file not written by l2l", false) }
        var name = "?"
        if case .string(let n)? = try? root.attribute("name") { name = n }
        var status = "unknown"
        if root.contains("provenance"), let provenance = try? root.openGroup("provenance"),
           case .string(let s)? = try? provenance.attribute("status")
        {
            status = s
        }
        if status == "complete" { return ("the complete result of the experiment '\(name)'", false) }
        return ("the unfinished run of the experiment '\(name)'", true)
    }

    private static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_ino == second.st_ino && first.st_dev == second.st_dev
    }
}
