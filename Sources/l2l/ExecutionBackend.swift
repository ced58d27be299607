import ArgumentParser
import Foundation
import L2L
import L2LBenchmarks
import L2LFigures
#if canImport(L2LMPI)
import L2LMPI
import L2LOptimizees
#endif

/// Where inner runs are evaluated, chosen at run time (`--backend`).
enum BackendChoice: String, ExpressibleByArgument, CaseIterable {
    /// MPI when an MPI launcher started this process and this l2l was built with MPI, else local.
    case auto
    /// A pool of tasks in this process (`--jobs` wide).
    case local
    /// Rank 0 coordinates and writes, the other ranks evaluate (needs the MPI build).
    case mpi

    /// Whether this binary contains the MPI backend (built with `L2L_MPI=1`).
    static var mpiIsBuiltIn: Bool {
        #if canImport(L2LMPI)
        true
        #else
        false
        #endif
    }

    /// Processes in the MPI job that launched this one, from the launcher's environment (1 if none).
    static var launcherSize: Int {
        let environment = ProcessInfo.processInfo.environment
        for key in ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "SLURM_NTASKS"] {
            if let value = environment[key].flatMap(Int.init) { return value }
        }
        return 1
    }

    static var launchedByMPI: Bool {
        let environment = ProcessInfo.processInfo.environment
        return ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"].contains { environment[$0] != nil }
    }

    /// Checks `--backend` and `--jobs` together (before MPI starts, for a usage error on every rank).
    static func validate(_ choice: BackendChoice, jobs: Int?) throws {
        let backend = try choice.resolved()
        if let jobs, jobs < (backend == .mpi ? 0 : 1) {
            throw ValidationError("--jobs must be at least \(backend == .mpi ? 0 : 1), got \(jobs)")
        }
    }

    /// `auto` resolved; an error for `mpi` without the MPI build, or for several launched copies
    /// of a build without it (each would run the whole experiment and write the same file).
    func resolved() throws -> BackendChoice {
        switch self {
        case .local: return .local
        case .mpi:
            guard Self.mpiIsBuiltIn else {
                throw ValidationError(
                    "--backend mpi: this l2l was built without MPI; build it with `L2L_MPI=1 swift build -c release --build-path .build-mpi` (docs/running-at-scale.md)")
            }
            return .mpi
        case .auto:
            if Self.mpiIsBuiltIn && Self.launchedByMPI { return .mpi }
            if Self.launchedByMPI && Self.launcherSize > 1 {
                throw ValidationError(
                    "started by an MPI launcher as one of \(Self.launcherSize) processes, but this l2l was built without MPI; build it with `L2L_MPI=1 swift build -c release --build-path .build-mpi` (docs/running-at-scale.md)")
            }
            return .local
        }
    }
}

/// The evaluator backend of this process once started: the local pool, or MPI rank 0.
/// On MPI worker ranks ``start(_:jobs:)`` serves rank 0 and returns nil: the command then ends.
final class ExecutionBackend: @unchecked Sendable {  // every stored property is a `let`
    /// The executor for ``RunOptions``; nil for the default local pool.
    let executor: (any InnerRunExecutor)?
    /// Width of the local pool (`--jobs`, default: the number of cores).
    let jobs: Int
    /// Processes in the job (1 for the local backend).
    let ranks: Int
    #if canImport(L2LMPI)
    private let world: MPIWorld?
    private let mpiExecutor: MPIExecutor?
    #endif

    private init(jobs: Int) {
        executor = nil
        self.jobs = jobs
        ranks = 1
        #if canImport(L2LMPI)
        world = nil
        mpiExecutor = nil
        #endif
    }

    #if canImport(L2LMPI)
    private init(world: MPIWorld, executor: MPIExecutor) {
        self.executor = executor
        jobs = executor.localSlots
        ranks = world.size
        self.world = world
        mpiExecutor = executor
    }
    #endif

    /// - Parameter jobs: local pool width, or under MPI rank 0's own concurrent evaluations (default 1, 0: coordinate only).
    static func start(_ choice: BackendChoice, jobs: Int?) async throws -> ExecutionBackend? {
        try BackendChoice.validate(choice, jobs: jobs)
        let backend = try choice.resolved()
        guard backend == .mpi else { return ExecutionBackend(jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount) }
        #if canImport(L2LMPI)
        let world = MPIWorld()
        if world.rank != 0 {
            await MPIWorker.serve(world: world)
            world.finalize()
            return nil
        }
        return ExecutionBackend(world: world, executor: MPIExecutor(world: world, localSlots: jobs ?? 1))
        #else
        preconditionFailure("resolved() returns .mpi only in the MPI build")
        #endif
    }

    /// Under MPI, ends every rank with `code` (workers would otherwise wait for work forever);
    /// does nothing for the local backend.
    func abortIfDistributed(code: Int32) {
        #if canImport(L2LMPI)
        world?.abort(code: code)
        #endif
    }

    /// After the run: tells the workers to stop and shuts MPI down.
    func finish() {
        #if canImport(L2LMPI)
        if let world, let mpiExecutor {
            mpiExecutor.stopWorkers()
            world.finalize()
        }
        #endif
    }
}
