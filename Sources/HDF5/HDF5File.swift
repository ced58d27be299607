import CHDF5

/// An open HDF5 file.
///
/// Groups and datasets obtained from a file keep it alive. The file is closed
/// by ``close()`` or when the last reference goes away. Files are opened with
/// the "strong" close degree, so closing a file also closes every object still
/// open in it; such objects then throw on use, and the file can be reopened
/// at once.
///
/// All methods are safe to call from any thread: every libhdf5 call is
/// serialized by ``HDF5Library/withLock(_:)``.
public final class HDF5File: @unchecked Sendable {
    /// How an existing file is opened.
    public enum Mode: Sendable {
        /// Read access only.
        case readOnly
        /// Read and write access.
        case readWrite
    }

    /// The path the file was created or opened with.
    public let path: String

    /// The file id, or -1 once closed. Guarded by the HDF5 lock.
    private var fileID: hid_t

    private init(path: String, fileID: hid_t) {
        self.path = path
        self.fileID = fileID
    }

    deinit {
        close()
    }

    /// Creates a new file (truncating an existing one if `overwrite`).
    ///
    /// The file uses the HDF5 1.10 format (libver bounds V110, V110), so that
    /// ``startSWMRWrite()`` can be called later.
    ///
    /// - Parameter reusingFreedSpace: keep the file's free space across closings
    ///   (`H5Pset_file_space_strategy` with persistence), so that a file whose objects are
    ///   replaced again and again — reopened each time — reuses their space instead of growing.
    public static func create(
        _ path: String, overwrite: Bool = true, locking: Bool = true, reusingFreedSpace: Bool = false
    ) throws(HDF5Error) -> HDF5File {
        try HDF5Library.withLock { () throws(HDF5Error) -> HDF5File in
            let fapl = try makeFileAccessList(path: path, swmrFormat: true, locking: locking)
            defer { H5Pclose(fapl) }
            var fcpl = chdf5_p_default()
            if reusingFreedSpace {
                fcpl = try check(H5Pcreate(chdf5_p_file_create()), "H5Pcreate", path)
                do throws(HDF5Error) {
                    try check(H5Pset_file_space_strategy(fcpl, H5F_FSPACE_STRATEGY_FSM_AGGR, true, 1), "H5Pset_file_space_strategy", path)
                } catch {
                    H5Pclose(fcpl)
                    throw error
                }
            }
            defer { if reusingFreedSpace { H5Pclose(fcpl) } }
            let flags = overwrite ? chdf5_acc_trunc() : chdf5_acc_excl()
            let id = try check(H5Fcreate(path, flags, fcpl, fapl), "H5Fcreate", path)
            return HDF5File(path: path, fileID: id)
        }
    }

    /// Opens an existing file.
    ///
    /// - Parameters:
    ///   - locking: whether HDF5 takes a file lock (`H5Pset_file_locking`); default true.
    ///   - mode: read-only (default) or read-write access.
    ///   - swmr: open for single-writer/multiple-reader access: a SWMR reader
    ///     with `.readOnly`, a SWMR writer with `.readWrite`.
    public static func open(
        _ path: String, mode: Mode = .readOnly, swmr: Bool = false, locking: Bool = true
    ) throws(HDF5Error) -> HDF5File {
        try HDF5Library.withLock { () throws(HDF5Error) -> HDF5File in
            let fapl = try makeFileAccessList(path: path, swmrFormat: swmr && mode == .readWrite, locking: locking)
            defer { H5Pclose(fapl) }
            var flags: UInt32
            switch mode {
            case .readOnly: flags = chdf5_acc_rdonly() | (swmr ? chdf5_acc_swmr_read() : 0)
            case .readWrite: flags = chdf5_acc_rdwr() | (swmr ? chdf5_acc_swmr_write() : 0)
            }
            let id = try check(H5Fopen(path, flags, fapl), "H5Fopen", path)
            return HDF5File(path: path, fileID: id)
        }
    }

    private static func makeFileAccessList(path: String, swmrFormat: Bool, locking: Bool) throws(HDF5Error) -> hid_t {
        let fapl = try check(H5Pcreate(chdf5_p_file_access()), "H5Pcreate", path)
        do {
            try check(H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG), "H5Pset_fclose_degree", path)
            if !locking {
                // A writer that closes the file between writes must not be locked out by a
                // reader (h5py, `l2l inspect`) that happens to hold it open.
                try check(H5Pset_file_locking(fapl, false, true), "H5Pset_file_locking", path)
            }
            if swmrFormat {
                try check(
                    H5Pset_libver_bounds(fapl, chdf5_libver_v110(), chdf5_libver_v110()),
                    "H5Pset_libver_bounds", path)
            }
        } catch {
            H5Pclose(fapl)
            throw error
        }
        return fapl
    }

    /// Whether the file is still open.
    public var isOpen: Bool {
        HDF5Library.withLock { fileID >= 0 }
    }

    /// The root group `/`.
    ///
    /// Precondition: the file is open.
    public var root: HDF5Group {
        do {
            return try openRoot()
        } catch {
            preconditionFailure("HDF5File.root: \(error)")
        }
    }

    private func openRoot() throws(HDF5Error) -> HDF5Group {
        try withID("H5Gopen2") { (id: hid_t) throws(HDF5Error) -> HDF5Group in
            let gid = try check(H5Gopen2(id, "/", chdf5_p_default()), "H5Gopen2", "\(path):/")
            return HDF5Group(file: self, id: gid, name: "/")
        }
    }

    /// Flushes all buffers of the file to disk (`H5Fflush`, global scope).
    public func flush() throws(HDF5Error) {
        try withID("H5Fflush") { (id: hid_t) throws(HDF5Error) in
            try check(H5Fflush(id, H5F_SCOPE_GLOBAL), "H5Fflush", path)
        }
    }

    /// Lets `body` change the file through its root group, flushes it and closes it; on an error
    /// from `body` or the flush the file is closed too, and the error rethrown. For writers that
    /// then `fsync` the closed file, or rename it.
    public func changeAndClose<R>(_ body: (HDF5Group) throws -> R) throws -> R {
        defer { close() }
        let result = try body(root)
        try flush()
        return result
    }

    /// Switches the file to SWMR writing (`H5Fstart_swmr_write`).
    ///
    /// Create all groups, datasets and attributes first; afterwards only
    /// append to and modify existing datasets, calling ``HDF5Dataset/flush()``
    /// after each step so that readers see the new data. The file must have
    /// been created by ``create(_:overwrite:)`` (1.10 format) and be writable.
    public func startSWMRWrite() throws(HDF5Error) {
        try withID("H5Fstart_swmr_write") { (id: hid_t) throws(HDF5Error) in
            try check(
                H5Fset_libver_bounds(id, chdf5_libver_v110(), chdf5_libver_v110()),
                "H5Fset_libver_bounds", path)
            try check(H5Fstart_swmr_write(id), "H5Fstart_swmr_write", path)
        }
    }

    /// Closes the file and every object still open in it. Idempotent.
    public func close() {
        HDF5Library.withLock {
            if fileID >= 0 {
                H5Fclose(fileID)
                fileID = -1
            }
        }
    }

    /// Runs `body` with the open file id while holding the HDF5 lock, or
    /// throws if the file has been closed.
    @discardableResult
    func withID<R>(_ operation: String, _ body: (hid_t) throws(HDF5Error) -> R) throws(HDF5Error) -> R {
        try HDF5Library.withLock { () throws(HDF5Error) -> R in
            guard fileID >= 0 else {
                throw HDF5Error(operation: operation, object: path, messages: ["file is closed"])
            }
            return try body(fileID)
        }
    }

    /// Whether the file is open; only meaningful while holding the HDF5 lock.
    var isOpenLocked: Bool { fileID >= 0 }
}
