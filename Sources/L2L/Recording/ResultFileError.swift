import L2LOptimizees
/// A result file that cannot be read or resumed, with what to do about it.
public enum ResultFileError: Error, CustomStringConvertible {
    /// The file is HDF5 but was not written by l2l.
    case notAnL2LFile(path: String)
    /// The file is not readable as HDF5 at all (truncated, corrupt, or another format).
    case unreadable(path: String, reason: String)
    /// The file has no checkpoint (it was cut off while being created).
    case noCheckpoint(path: String)
    /// The spec given to resume differs from the one the file was written with.
    case specMismatch(path: String, differences: [String])
    /// The run in the file already finished.
    case alreadyComplete(path: String)
    /// The process that writes the file is still alive on this machine.
    case stillRunning(path: String, pid: Int)
    /// Another process holds the file's writer lock (`<file>.lock`).
    case lockedByAnotherWriter(path: String, holder: WriterLock.Holder?)
    /// `-o` names an existing file and `--overwrite` was not given.
    case outputExists(path: String, holds: String, resumable: Bool)
    /// `-o` names the spec file being run.
    case outputIsTheSpec(path: String)
    /// An object of the file is not what the layout says.
    case damaged(path: String, object: String, reason: String)
    /// The file was written in another layout version than this l2l reads.
    case formatVersion(path: String, found: Int, writer: String)

    public var description: String {
        switch self {
        case .notAnL2LFile(let path):
            "\(path) is not an l2l result file (no root attribute format = \"l2l\")"
        case .unreadable(let path, let reason):
            "\(path) cannot be read as an HDF5 file (truncated, corrupt or not HDF5): \(reason)"
        case .noCheckpoint(let path):
            "\(path) has no checkpoint: it was interrupted while being created; start the run again with `l2l run`"
        case .specMismatch(let path, let differences):
            "the spec differs from the one \(path) was written with, so the run cannot be resumed: "
                + differences.joined(separator: "; ")
        case .alreadyComplete(let path):
            "\(path) holds a complete run; nothing to resume"
        case .stillRunning(let path, let pid):
            "\(path) is still being written by process \(pid) on this machine; stop it before resuming"
        case .lockedByAnotherWriter(let path, let holder):
            "\(path) is being written by \(holder.map(\.description) ?? "another process") (it holds \(WriterLock.lockPath(for: path))); "
                + "a second writer would corrupt it: wait for that run, or stop it and `l2l resume \(path)`"
        case .outputExists(let path, let holds, let resumable):
            "\(path) exists and holds \(holds); "
                + (resumable ? "continue it with `l2l resume \(path)`, or " : "")
                + "choose another -o, or give --overwrite to replace it"
        case .outputIsTheSpec(let path):
            "\(path) is the spec being run; choose another output file (-o)"
        case .damaged(let path, let object, let reason):
            "\(path): \(object) is damaged: \(reason)"
        case .formatVersion(let path, let found, let writer):
            "\(path) is in result layout v\(found) (written by l2l \(writer)); this l2l reads layout v\(ExperimentRecorder.formatVersion) only "
                + "(docs/file-format.md). Its arrays still open in h5py/xarray; to inspect, plot or resume it, use l2l \(writer), or run its spec again"
        }
    }
}
