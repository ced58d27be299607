import CMPI
import Foundation
import L2LOptimizees

/// The processes of one `mpirun`/`srun` job (MPI_COMM_WORLD), with the few point-to-point
/// calls the master/worker protocol needs: byte messages, a non-blocking probe, abort.
///
/// MPI is initialized with `MPI_THREAD_SERIALIZED`: any thread may call MPI, never two at once.
/// The protocol keeps to that by construction (one dispatcher thread on rank 0 during a batch,
/// the main task otherwise; a worker is single-threaded). Waiting is a probe followed by a short
/// sleep, not a blocking receive, because Open MPI's blocking calls spin a core, which on an
/// oversubscribed node takes it from the evaluations.
public final class MPIWorld: @unchecked Sendable {
    /// This process's rank, 0 for the coordinator.
    public let rank: Int
    /// Processes in the job.
    public let size: Int
    private let comm: MPI_Comm

    /// Whether a launcher (mpirun, mpiexec, srun with PMI/PMIx) started this process.
    public static var isLaunchedByMPI: Bool {
        let environment = ProcessInfo.processInfo.environment
        return ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"].contains { environment[$0] != nil }
    }

    /// Initializes MPI (once per process).
    public init() {
        var provided: Int32 = 0
        let code = MPI_Init_thread(nil, nil, cmpi_thread_serialized(), &provided)
        precondition(code == cmpi_success(), "MPI_Init_thread failed with code \(code)")
        precondition(
            provided >= cmpi_thread_serialized(),
            "this MPI library provides thread level \(provided), l2l needs MPI_THREAD_SERIALIZED (\(cmpi_thread_serialized()))")
        comm = cmpi_comm_world()
        var rank: Int32 = 0
        var size: Int32 = 0
        MPI_Comm_rank(comm, &rank)
        MPI_Comm_size(comm, &size)
        self.rank = Int(rank)
        self.size = Int(size)
    }

    /// Sends `bytes` to `destination` (blocking until the buffer may be reused).
    func send(_ bytes: [UInt8], to destination: Int, tag: MessageTag) {
        precondition(bytes.count <= Int(Int32.max), "message of \(bytes.count) bytes is larger than MPI's 2 GiB count limit")
        // A zero-length message still needs a valid pointer.
        let buffer = bytes.isEmpty ? [0] : bytes
        let code = buffer.withUnsafeBytes { raw in
            MPI_Send(raw.baseAddress, Int32(bytes.count), cmpi_byte(), Int32(destination), tag.rawValue, comm)
        }
        precondition(code == cmpi_success(), "MPI_Send to rank \(destination) failed with code \(code)")
    }

    /// A message waiting from `source` (nil: any rank) with `tag` (nil: any tag), without receiving it.
    func probe(source: Int?, tag: MessageTag?) -> (source: Int, tag: MessageTag, count: Int)? {
        var flag: Int32 = 0
        var status = MPI_Status()
        MPI_Iprobe(
            source.map(Int32.init) ?? cmpi_any_source(), tag?.rawValue ?? cmpi_any_tag(), comm, &flag, &status)
        guard flag != 0 else { return nil }
        var count: Int32 = 0
        MPI_Get_count(&status, cmpi_byte(), &count)
        guard let tag = MessageTag(rawValue: status.MPI_TAG) else {
            preconditionFailure("message with unknown tag \(status.MPI_TAG) from rank \(status.MPI_SOURCE)")
        }
        return (Int(status.MPI_SOURCE), tag, Int(count))
    }

    /// Waits (probe, then sleep) for the next message from `source` (nil: any rank) with `tag` (nil: any).
    func wait(source: Int?, tag: MessageTag?) -> (source: Int, tag: MessageTag, count: Int) {
        while true {
            if let message = probe(source: source, tag: tag) { return message }
            usleep(200)
        }
    }

    /// Receives the probed message.
    func receive(_ message: (source: Int, tag: MessageTag, count: Int)) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(1, message.count))
        let code = bytes.withUnsafeMutableBytes { buffer in
            MPI_Recv(
                buffer.baseAddress, Int32(message.count), cmpi_byte(), Int32(message.source), message.tag.rawValue, comm,
                cmpi_status_ignore())
        }
        precondition(code == cmpi_success(), "MPI_Recv from rank \(message.source) failed with code \(code)")
        return Array(bytes.prefix(message.count))
    }

    /// Ends every process of the job with `code` (what mpirun exits with).
    public func abort(code: Int32) -> Never {
        fflush(nil)
        MPI_Abort(comm, code)
        exit(code)
    }

    /// Shuts MPI down; the last MPI call of the process.
    public func finalize() {
        MPI_Finalize()
    }
}

/// The kinds of message between rank 0 and the workers.
enum MessageTag: Int32 {
    /// Rank 0 → worker, once: the experiment's spec (``Experiment/encodedSpec()``).
    case spec = 1
    /// Rank 0 → worker: one ``InnerRunRequest``.
    case job = 2
    /// Worker → rank 0: the ``InnerRunResult`` of the worker's last job.
    case result = 3
    /// Rank 0 → worker: no more work; finalize and exit.
    case stop = 4
}
