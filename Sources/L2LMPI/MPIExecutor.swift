import Foundation
import L2L
import L2LOptimizees

/// Rank 0's executor: hands inner runs out to the worker ranks one at a time, as each returns a
/// result (inner runs differ in cost), and evaluates `localSlots` runs itself meanwhile.
///
/// A dedicated thread makes every MPI call of a batch (the dispatcher); rank 0's own evaluations
/// run on Swift's task pool and take jobs from the same board, so a long local evaluation never
/// delays handing work to an idle worker. Results are stored by job index, so their order, and
/// the file written from them, do not depend on which rank ran what (bit-identical to
/// ``LocalExecutor`` for any number of ranks).
///
/// A worker that dies ends the job (MPI's default error handler); the result file, written only
/// by rank 0 and replaced atomically after each generation, keeps every completed generation.
public final class MPIExecutor: InnerRunExecutor, @unchecked Sendable {
    private let world: MPIWorld
    /// Inner runs rank 0 evaluates concurrently besides coordinating (0: coordinate only).
    public let localSlots: Int
    /// Set once the spec has been sent to the workers (touched only by the task calling `execute`).
    private var specSent = false

    public var width: Int { (world.size - 1) + localSlots }

    /// - Parameters:
    ///   - world: an initialized MPI world, on rank 0.
    ///   - localSlots: rank 0's own concurrent evaluations; raised to 1 when there are no workers.
    public init(world: MPIWorld, localSlots: Int) {
        precondition(world.rank == 0, "MPIExecutor runs on rank 0; rank \(world.rank) is a worker")
        self.world = world
        self.localSlots = world.size > 1 ? max(0, localSlots) : max(1, localSlots)
    }

    public func execute(_ jobs: [InnerRunJob], of experiment: Experiment) async -> [InnerRunResult] {
        guard !jobs.isEmpty else { return [] }
        if !specSent {
            let bytes: [UInt8]
            do {
                bytes = try experiment.encodedSpec()
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                world.abort(code: 1)
            }
            for worker in 1..<max(1, world.size) { world.send(bytes, to: worker, tag: .spec) }
            specSent = true
        }
        let board = JobBoard(count: jobs.count)
        let slots = localSlots
        async let local: Void = withTaskGroup(of: Void.self) { group in
            for _ in 0..<slots {
                group.addTask {
                    while let index = board.take() { board.store(await experiment.execute(jobs[index]), at: index) }
                }
            }
        }
        let world = self.world
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                Self.dispatch(jobs, board: board, world: world)
                done.resume()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        await local
        return board.results()
    }

    /// Hands jobs to idle workers and collects their results until every job of `board` has a
    /// result (those of rank 0's own slots included). Runs on the dispatcher thread.
    private static func dispatch(_ jobs: [InnerRunJob], board: JobBoard, world: MPIWorld) {
        var idle = Array(1..<max(1, world.size))
        var running: [Int: Int] = [:]  // worker rank → job index
        while true {
            while !idle.isEmpty, let index = board.take() {
                let worker = idle.removeFirst()
                let bytes: [UInt8]
                do {
                    bytes = try WireFormat.encode(jobs[index].request)
                } catch {
                    preconditionFailure("cannot encode the request of \(jobs[index].request.coordinates): \(error)")
                }
                world.send(bytes, to: worker, tag: .job)
                running[worker] = index
            }
            if running.isEmpty {
                if board.isComplete { return }
                usleep(500)  // only rank 0's own evaluations are left
                continue
            }
            guard let message = world.probe(source: nil, tag: .result) else {
                usleep(200)
                continue
            }
            let bytes = world.receive(message)
            guard let index = running.removeValue(forKey: message.source) else {
                preconditionFailure("result from rank \(message.source), which has no job")
            }
            let result: InnerRunResult
            do {
                result = try WireFormat.decode(InnerRunResult.self, from: bytes)
            } catch {
                var failed = InnerRunResult(coordinates: jobs[index].request.coordinates)
                failed.failure = "the result sent by rank \(message.source) could not be decoded: \(error)"
                result = failed
            }
            board.store(result, at: index)
            idle.append(message.source)
        }
    }

    /// Tells every worker to finalize and exit; call once after the last batch.
    public func stopWorkers() {
        for worker in 1..<max(1, world.size) { world.send([], to: worker, tag: .stop) }
    }
}

/// The jobs of one batch: which are taken and which have results. Lock-protected, shared by the
/// dispatcher thread and rank 0's own evaluation tasks.
final class JobBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var stored: [InnerRunResult?]
    private var missing: Int

    init(count: Int) {
        stored = Array(repeating: nil, count: count)
        missing = count
    }

    /// The next job nobody has taken, if any.
    func take() -> Int? {
        lock.withLock {
            guard next < stored.count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func store(_ result: InnerRunResult, at index: Int) {
        lock.withLock {
            precondition(stored[index] == nil, "job \(index) has two results")
            stored[index] = result
            missing -= 1
        }
    }

    var isComplete: Bool { lock.withLock { missing == 0 } }

    /// Every result, in job order (call once complete).
    func results() -> [InnerRunResult] {
        lock.withLock { stored.map { $0! } }
    }
}
