import Foundation
import L2LNumerics
import L2LOptimizees

/// What a process needs to run one inner run of an experiment, in a form that travels between
/// processes: which hyperparameters (an outer candidate) and where the run sits.
///
/// A process holding the same spec rebuilds the inner spec with
/// ``Experiment/innerSpec(for:)``; every random number comes from `coordinates`, so the result
/// does not depend on which process or thread runs it.
public struct InnerRunRequest: Sendable, Codable, Equatable {
    /// The encoded outer candidate whose hyperparameters the inner spec takes; nil for the
    /// spec's own values (the baseline runs).
    public var candidate: [Double]?
    public var coordinates: RunCoordinates
    /// Early stopping: run only to this inner iteration (a rung) and return the inner optimizer's
    /// state in ``InnerRunResult/continuation``; nil runs to `inner.iterations`.
    public var untilIteration: Int?
    /// Early stopping: continue the run from this saved inner-optimizer state (from the
    /// ``InnerRunResult/continuation`` of its previous segment); the result holds the new iterations only.
    public var resumeState: String?

    public init(candidate: [Double]?, coordinates: RunCoordinates, untilIteration: Int? = nil, resumeState: String? = nil) {
        self.candidate = candidate
        self.coordinates = coordinates
        self.untilIteration = untilIteration
        self.resumeState = resumeState
    }
}

/// One inner run to execute: the request, with the inner spec the coordinator already built
/// (a local executor uses it as is; a remote worker rebuilds it from the request).
public struct InnerRunJob: Sendable {
    public var request: InnerRunRequest
    public var spec: ExperimentSpec
}

/// Where inner runs are evaluated: a local pool of tasks (``LocalExecutor``, the default) or
/// other processes (the MPI backend in the optional `L2LMPI` module).
///
/// Contract: `execute` returns one result per job, in job order, and each result equals what
/// ``Experiment/execute(_:)`` returns for that job in this process, bit for bit. An executor
/// never throws: an inner run that fails is a result with `failure` set, as locally.
public protocol InnerRunExecutor: Sendable {
    /// Runs every job of one batch (one outer generation, or a test phase) and returns their
    /// results in job order.
    func execute(_ jobs: [InnerRunJob], of experiment: Experiment) async -> [InnerRunResult]

    /// Concurrent inner runs this executor can have in flight, recorded as `/provenance@jobs`.
    var width: Int { get }
}

/// Inner runs on at most `width` concurrent tasks of this process.
public struct LocalExecutor: InnerRunExecutor {
    public let width: Int

    public init(width: Int) { self.width = max(1, width) }

    public func execute(_ jobs: [InnerRunJob], of experiment: Experiment) async -> [InnerRunResult] {
        await ParallelMap.map(jobs, width: width) { job in
            var result = await experiment.execute(job)
            // A whole run is packed for the recorder while its records are in this thread's cache;
            // early stopping's segments are joined first, and packed by the recorder.
            if job.request.untilIteration == nil, job.request.resumeState == nil {
                let start = CPUClock.thread()
                result.pack()
                experiment.tally.addPacking(CPUClock.thread() - start)
            }
            return result
        }
    }
}

extension Experiment {
    /// Why an experiment cannot be sent to another process.
    public enum TransferError: Error, CustomStringConvertible {
        /// The spec was changed with ``ExperimentSpec/applying(_:)``; only a spec parsed from its
        /// text travels (it is rebuilt from the text at the other end).
        case appliedAssignments

        public var description: String {
            switch self {
            case .appliedAssignments:
                "an experiment whose spec carries applied assignments cannot be sent to other processes; parse the changed text instead"
            }
        }
    }

    private struct SpecMessage: Codable {
        var fileName: String
        var text: String
        var scale: String?
        /// Where rank 0 found the spec, so workers look up relative data paths the same way.
        var sourceDirectory: String?
    }

    /// The spec's source as bytes that ``init(encodedSpec:)`` in another process turns back into
    /// an experiment with an equal spec (parsing is deterministic and independent of the file name).
    public func encodedSpec() throws -> [UInt8] {
        guard spec.appliedAssignments.isEmpty else { throw TransferError.appliedAssignments }
        return try WireFormat.encode(SpecMessage(
            fileName: spec.source.fileName, text: spec.source.text, scale: spec.scale, sourceDirectory: spec.sourceDirectory))
    }

    /// The experiment another process sent with ``encodedSpec()``.
    public init(encodedSpec bytes: [UInt8]) throws {
        let message = try WireFormat.decode(SpecMessage.self, from: bytes)
        var spec = try SpecLoader.parse(message.text, fileName: message.fileName, scale: message.scale)
        spec.sourceDirectory = message.sourceDirectory
        self.init(spec: spec)
    }
}
