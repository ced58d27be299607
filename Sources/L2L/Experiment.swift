import Foundation
import L2LNumerics
import L2LOptimizers
import L2LOptimizees

/// How an experiment is run (not part of its results: any value gives the same file contents).
public struct RunOptions: Sendable {
    /// Concurrent inner runs of the default local executor.
    public var jobs: Int
    /// Where inner runs are evaluated; nil for a ``LocalExecutor`` of width `jobs`.
    public var executor: (any InnerRunExecutor)?
    /// The HDF5 file to write.
    public var outputPath: String
    /// Continue the interrupted run in `outputPath` from its last completed generation,
    /// instead of starting a new file.
    public var resume: Bool
    /// Replace an existing file at `outputPath` (never the spec file itself). Without it, a new
    /// run refuses to start over an existing file.
    public var overwrite: Bool
    /// Called after each outer generation, and every ``progressInterval`` seconds during one
    /// (with ``ProgressReport/runsDone`` set) while inner runs go on in this process.
    public var progress: @Sendable (ProgressReport) -> Void
    /// Seconds between progress reports inside a generation.
    public var progressInterval: Double = 10

    public init(
        jobs: Int, outputPath: String, resume: Bool = false, overwrite: Bool = false,
        executor: (any InnerRunExecutor)? = nil, progress: @escaping @Sendable (ProgressReport) -> Void = { _ in }
    ) {
        self.overwrite = overwrite
        self.jobs = max(1, jobs)
        self.executor = executor
        self.outputPath = outputPath
        self.resume = resume
        self.progress = progress
    }

    /// The executor inner runs go to.
    var resolvedExecutor: any InnerRunExecutor { executor ?? LocalExecutor(width: jobs) }
}

/// What one outer individual (a hyperparameter set) came to.
public struct IndividualOutcome: Sendable {
    /// Natural values per search-space entry (a choice as its index).
    public var values: [Double]
    /// Outer fitness (−∞ when invalid or failed).
    public var fitness: Double
    /// Why this individual could not be scored, if it could not (e.g. an invalid combination).
    public var failure: String?
    /// How many of its inner runs failed.
    public var failedRuns: Int
}

/// The result of a whole experiment, as `l2l run` reports it.
public struct ExperimentSummary: Sendable {
    public var name: String
    public var generations: Int
    public var evaluations: Int
    public var bestFitness: Double
    public var bestHyperparameters: [(path: String, value: SpecScalar)]
    public var testMean: Double
    public var baselineTestMean: Double
    /// With `outer.fitness_metric`: that metric's mean over the held-out runs, tuned and with the
    /// spec's own hyperparameters (what the outer loop optimized, measured on unseen tasks).
    public var testMetric: (name: String, tuned: Double, baseline: Double)?
    public var failedRuns: Int
    public var elapsedSeconds: Double
    /// Wall time the run waited for the result file (part of `elapsedSeconds`): creating it, a
    /// generation's commit still going when the next one was due, the held-out phase's write and
    /// the finish. A commit that overlapped the next generation's inner runs costs nothing here.
    public var recordingSeconds: Double
    /// Wall time the recorder worked, overlapped with inner runs or not (every file operation).
    public var recorderSeconds: Double = 0
    /// `recordingSeconds` by stage: `open` (creating or reopening the file), `commits` (waiting for
    /// a generation's commit) and `finish` (the held-out phase and the self-contained file).
    public var recordingWaits: [String: Double] = [:]
    /// Wall time of each generation's commit in this session (part file, outer rows, checkpoint).
    public var commitSeconds: [Double] = []
    /// CPU seconds of each of those commits (the recorder thread's).
    public var commitCPUSeconds: [Double] = []
    /// Inner runs recorded in this session (every phase): with `recorderSeconds`, the rate at
    /// which the writer (rank 0 under MPI) ingests results.
    public var recordedRuns = 0
    /// CPU seconds of the recorder's thread (busy or not, overlapped or not), of packing runs
    /// for it on the evaluating threads, and of the whole process: on a loaded machine, where
    /// wall times stretch, the recording's share of the work is `(recorder + packing) / process`.
    public var recorderCPUSeconds = 0.0
    public var packingCPUSeconds = 0.0
    public var processCPUSeconds = 0.0
}

/// Runs both loops of a spec and writes everything to one HDF5 file.
///
/// The outer loop is `AskTellLoop` around the outer optimizer; its evaluation of a
/// generation runs every (individual × train task × repeat) inner run in parallel.
/// After the last generation the best hyperparameters, and for comparison the spec's
/// own, are re-run on the held-out test tasks.
public struct Experiment: Sendable {
    public let spec: ExperimentSpec
    public let hyperparameters: HyperparameterSpace
    /// Data loaded once and shared by every inner run's optimizee (digit images).
    let resources: OptimizeeResources
    /// The experiment's root random stream; every inner run derives its own from its coordinates.
    let root: RandomStream
    /// Inner runs finished in this process (for progress inside a generation).
    let tally = InnerRunTally()

    public init(spec: ExperimentSpec) {
        self.spec = spec
        resources = OptimizeeResources(dataSearchPath: DataSearchPath(specDirectory: spec.sourceDirectory))
        hyperparameters = HyperparameterSpace(spec.outer.searchSpace)
        root = RandomStream(seed: spec.seed)
    }

    /// The spec an inner run uses: this spec with the hyperparameters of the encoded outer
    /// `candidate`, or the spec itself for nil.
    public func innerSpec(for candidate: [Double]?) throws -> ExperimentSpec {
        guard let candidate else { return spec }
        return try spec.applying(hyperparameters.assignments(candidate))
    }

    /// Runs one inner run with the inner spec already built. Never throws (see ``InnerRun``).
    public func execute(_ job: InnerRunJob) async -> InnerRunResult {
        ThreadNice.followProcess()   // every inner run passes here: local jobs, MPI rank 0 and the worker ranks
        let result = await InnerRun.execute(
            spec: job.spec, coordinates: job.request.coordinates, root: root, resources: resources,
            until: job.request.untilIteration, resume: job.request.resumeState)
        tally.increment()
        return result
    }

    /// Runs one inner run from a request alone (in a worker process that holds the same spec).
    /// - Parameter spec: the inner spec for `request.candidate` if the caller has it already.
    public func execute(_ request: InnerRunRequest, spec known: ExperimentSpec? = nil) async -> InnerRunResult {
        let inner: ExperimentSpec
        if let known {
            inner = known
        } else {
            do {
                inner = try innerSpec(for: request.candidate)
            } catch {
                var result = InnerRunResult(coordinates: request.coordinates)
                result.failure = String(describing: error)
                return result
            }
        }
        return await execute(InnerRunJob(request: request, spec: inner))
    }

    public func run(options: RunOptions) async throws -> ExperimentSummary {
        // External-optimizee workers are told goodbye when the experiment ends, however it ends.
        defer { ExternalWorkerPool.shared.stopAll() }
        let clock = ContinuousClock()
        let start = clock.now
        let cpuAtStart = CPUClock.process(), packingAtStart = tally.packingSeconds
        let executor = options.resolvedExecutor
        var recording = Duration.zero
        var waits: [String: Double] = [:]
        /// Times what the run waits for on the recorder (bench scaling reports the fraction of time spent writing).
        func timed<T>(_ stage: String, _ body: () async throws -> T) async rethrows -> T {
            let begin = clock.now
            defer {
                recording += clock.now - begin
                waits[stage, default: 0] += (clock.now - begin).seconds
            }
            return try await body()
        }
        let generations = spec.outer.optimizer.iterations
        var outer = try OptimizerFactory.make(
            spec.outer.optimizer.algorithm, space: hyperparameters.space, initialPoint: nil,
            random: root.derived(StreamLabel.outerOptimizer))
        let recorder: ExperimentRecorder
        var checkpoint = ExperimentRecorder.Checkpoint(completedGenerations: 0, outerState: nil, evaluations: 0, failedRuns: 0)
        if options.resume {
            (recorder, checkpoint) = try await timed("open") {
                try ExperimentRecorder.resume(path: options.outputPath, spec: spec, hyperparameters: hyperparameters)
            }
            if let state = checkpoint.outerState {
                do {
                    outer = try OptimizerCheckpoint.restore(outer, from: state)
                } catch {
                    throw DamagedResultFile(
                        path: options.outputPath, object: "/checkpoint@outer_optimizer_state",
                        expected: "the saved state of the outer \(spec.outer.optimizer.algorithm.identifier) optimizer (JSON)",
                        found: OptimizerCheckpoint.explain(error))
                }
            }
        } else {
            recorder = try await timed("open") {
                try ExperimentRecorder.create(
                    path: options.outputPath, spec: spec, hyperparameters: hyperparameters, overwrite: options.overwrite)
            }
        }

        let resumedAt = outer.iteration
        var evaluations = checkpoint.evaluations
        var failedRuns = checkpoint.failedRuns
        var pending: (outcomes: [IndividualOutcome], runs: [InnerRunResult]) = ([], [])
        var runsThisSession = 0, runsPerGeneration = 0
        let heldOutRuns = 2 * spec.tasks.test.count * spec.tasks.repeats
        // The generation whose commit may still be going while the next generation's inner runs run.
        var inFlight: Task<Void, any Error>?
        let created = recording
        do {
            _ = try await AskTellLoop.run(
                &outer, iterations: generations,
                evaluate: { candidates, generation in
                    ThreadNice.alignAllThreads()   // pool threads take libdispatch's priority, not the process's
                    runsPerGeneration = candidates.count * spec.tasks.train.count * spec.tasks.repeats
                    let ticker = progressTicker(
                        options, clock: clock, start: start, generation: generation + 1, generations: generations,
                        perGeneration: runsPerGeneration, heldOutRuns: heldOutRuns, before: runsThisSession,
                        local: executor is LocalExecutor)
                    pending = await scoreGeneration(candidates, generation: generation, executor: executor)
                    ticker?.cancel()
                    runsThisSession += pending.runs.count
                    return pending.outcomes.map { Evaluation(fitness: $0.fitness) }
                },
                observe: { record, optimizer in
                    evaluations += pending.runs.reduce(0) { $0 + $1.evaluations }
                    failedRuns += pending.runs.filter { $0.failure != nil }.count
                    let checkpoint = ExperimentRecorder.Checkpoint(
                        completedGenerations: record.iteration + 1, outerState: try OptimizerCheckpoint.encode(optimizer),
                        evaluations: evaluations, failedRuns: failedRuns)
                    try await timed("commits") { try await inFlight?.value }
                    let (outcomes, runs) = pending
                    inFlight = Task {
                        try await recorder.recordGeneration(record, outcomes: outcomes, runs: runs, checkpoint: checkpoint)
                    }
                    let finite = record.fitness.filter(\.isFinite)
                    options.progress(ProgressReport(
                        generation: record.iteration + 1, generations: generations,
                        innerRuns: pending.runs.count, evaluations: evaluations,
                        bestFitness: record.incumbent?.fitness ?? -.infinity,
                        meanFitness: finite.isEmpty ? .nan : Statistics.mean(finite),
                        failedRuns: failedRuns, failedEvaluations: pending.runs.reduce(0) { $0 + $1.failedEvaluations },
                        elapsed: (clock.now - start).seconds, generationsThisSession: record.iteration + 1 - resumedAt,
                        innerRunsPerGeneration: runsPerGeneration, heldOutRuns: heldOutRuns, innerRunsThisSession: runsThisSession))
                })
        } catch {
            // Whatever stopped the loop, the generation already handed to the recorder is committed first.
            _ = try? await inFlight?.value
            throw error
        }

        // Held-out test: the best hyperparameters, and the spec's own as a baseline. Meanwhile the
        // recorder commits the last generation, then readies the self-contained file (in that
        // order: the consolidation waits for the commit; a failed commit fails the finish).
        let lastCommit = inFlight
        let consolidation = Task {
            try await lastCommit?.value
            try await recorder.consolidate()
        }
        var best: [(path: String, value: SpecScalar)] = []
        var testRuns: [InnerRunResult] = []
        let tuned: ExperimentSpec?
        do {
            tuned = try outer.incumbent.map { try innerSpec(for: $0.point) }
        } catch {
            _ = try? await lastCommit?.value
            throw error
        }
        if let incumbent = outer.incumbent, let tuned {
            best = hyperparameters.assignments(incumbent.point)
            testRuns = await runFamily(tuned, candidate: incumbent.point, phase: .test, executor: executor)
        }
        let baselineRuns = await runFamily(spec, candidate: nil, phase: .baseline, executor: executor)
        let bestRecord = outer.incumbent.map { (hyperparameters.naturalValues($0.point), $0.fitness, $0.iteration) }
        let elapsed = (clock.now - start).seconds
        try await timed("finish") {
            try await consolidation.value
            try await recorder.finish(best: bestRecord, tuned: testRuns, baseline: baselineRuns, elapsedSeconds: elapsed, jobs: executor.width)
        }

        let summary = ExperimentSummary(
            name: spec.name, generations: outer.iteration, evaluations: evaluations,
            bestFitness: outer.incumbent?.fitness ?? -.infinity, bestHyperparameters: best,
            testMean: Statistics.mean(testRuns.map(\.finalBest)),
            baselineTestMean: Statistics.mean(baselineRuns.map(\.finalBest)),
            testMetric: spec.outer.fitnessMetric.map { metric in
                (metric, Statistics.mean(testRuns.map { $0.score(metric: metric) }),
                 Statistics.mean(baselineRuns.map { $0.score(metric: metric) }))
            },
            failedRuns: failedRuns + (testRuns + baselineRuns).filter { $0.failure != nil }.count,
            elapsedSeconds: (clock.now - start).seconds, recordingSeconds: recording.seconds,
            commitSeconds: [])
        var recorded = summary
        let timings = await recorder.timings()
        recorded.commitSeconds = timings.commits
        recorded.commitCPUSeconds = timings.commitsCPU
        recorded.recorderSeconds = created.seconds + timings.busy
        recorded.recorderCPUSeconds = timings.cpu
        recorded.packingCPUSeconds = tally.packingSeconds - packingAtStart
        recorded.processCPUSeconds = CPUClock.process() - cpuAtStart
        recorded.recordingWaits = waits
        recorded.recordedRuns = runsThisSession + testRuns.count + baselineRuns.count
        return recorded
    }

    /// A task that reports progress every `options.progressInterval` seconds while a generation's
    /// inner runs go on in this process (nil under another executor, whose runs are counted elsewhere).
    func progressTicker(
        _ options: RunOptions, clock: ContinuousClock, start: ContinuousClock.Instant, generation: Int, generations: Int,
        perGeneration: Int, heldOutRuns: Int, before: Int, local: Bool
    ) -> Task<Void, Never>? {
        guard local, options.progressInterval > 0 else { return nil }
        let tally = self.tally, atStart = tally.finished
        return Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(options.progressInterval))
                guard !Task.isCancelled else { return }
                let done = tally.finished - atStart
                options.progress(ProgressReport(
                    generation: generation, generations: generations, innerRuns: perGeneration, evaluations: 0,
                    bestFitness: .nan, meanFitness: .nan, failedRuns: 0, failedEvaluations: 0,
                    elapsed: (clock.now - start).seconds, generationsThisSession: 0,
                    innerRunsPerGeneration: perGeneration, heldOutRuns: heldOutRuns,
                    innerRunsThisSession: before + done, runsDone: done))
            }
        }
    }

    /// Scores one outer generation: every valid individual × train task × repeat, in parallel.
    func scoreGeneration(
        _ candidates: [[Double]], generation: Int, executor: any InnerRunExecutor
    ) async -> (outcomes: [IndividualOutcome], runs: [InnerRunResult]) {
        var outcomes: [IndividualOutcome] = []
        var work: [InnerRunJob] = []
        for (individual, candidate) in candidates.enumerated() {
            let values = hyperparameters.naturalValues(candidate)
            do {
                let innerSpec = try self.innerSpec(for: candidate)
                outcomes.append(IndividualOutcome(values: values, fitness: -.infinity, failure: nil, failedRuns: 0))
                for (taskIndex, taskSeed) in spec.tasks.train.seeds.enumerated() {
                    for repeatIndex in 0..<spec.tasks.repeats {
                        let coordinates = RunCoordinates(
                            phase: .train, generation: generation, individual: individual,
                            taskIndex: taskIndex, taskSeed: taskSeed, repeatIndex: repeatIndex)
                        work.append(InnerRunJob(request: InnerRunRequest(candidate: candidate, coordinates: coordinates), spec: innerSpec))
                    }
                }
            } catch {
                outcomes.append(IndividualOutcome(
                    values: values, fitness: -.infinity, failure: String(describing: error), failedRuns: 0))
            }
        }
        let runs = if let stopping = spec.outer.earlyStopping {
            await executeWithEarlyStopping(work, stopping: stopping, executor: executor)
        } else {
            await executor.execute(work, of: self)
        }
        let byIndividual = Dictionary(grouping: runs, by: \.coordinates.individual)
        for index in outcomes.indices where outcomes[index].failure == nil {
            let own = byIndividual[index] ?? []
            outcomes[index].fitness = spec.outer.fitness.aggregate(own, metric: spec.outer.fitnessMetric)
            outcomes[index].failedRuns = own.filter { $0.failure != nil }.count
        }
        return (outcomes, runs)
    }

    /// Runs `innerSpec` (the spec with `candidate`'s hyperparameters) on every held-out test task × repeat.
    func runFamily(
        _ innerSpec: ExperimentSpec, candidate: [Double]?, phase: RunCoordinates.Phase, executor: any InnerRunExecutor
    ) async -> [InnerRunResult] {
        var work: [InnerRunJob] = []
        for (taskIndex, taskSeed) in spec.tasks.test.seeds.enumerated() {
            for repeatIndex in 0..<spec.tasks.repeats {
                let coordinates = RunCoordinates(
                    phase: phase, generation: 0, individual: 0, taskIndex: taskIndex,
                    taskSeed: taskSeed, repeatIndex: repeatIndex)
                work.append(InnerRunJob(request: InnerRunRequest(candidate: candidate, coordinates: coordinates), spec: innerSpec))
            }
        }
        return await executor.execute(work, of: self)
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
