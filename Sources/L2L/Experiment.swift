import Foundation
import L2LNumerics
import L2LOptimizers

/// How an experiment is run (not part of its results: any value gives the same file contents).
public struct RunOptions: Sendable {
    /// Concurrent inner runs.
    public var jobs: Int
    /// The HDF5 file to write.
    public var outputPath: String
    /// Continue the interrupted run in `outputPath` from its last completed generation,
    /// instead of starting a new file.
    public var resume: Bool
    /// Called after each outer generation.
    public var progress: @Sendable (ProgressReport) -> Void

    public init(
        jobs: Int, outputPath: String, resume: Bool = false, progress: @escaping @Sendable (ProgressReport) -> Void = { _ in }
    ) {
        self.jobs = max(1, jobs)
        self.outputPath = outputPath
        self.resume = resume
        self.progress = progress
    }
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
    public var failedRuns: Int
    public var elapsedSeconds: Double
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
    let resources = OptimizeeResources()

    public init(spec: ExperimentSpec) {
        self.spec = spec
        hyperparameters = HyperparameterSpace(spec.outer.searchSpace)
    }

    public func run(options: RunOptions) async throws -> ExperimentSummary {
        let clock = ContinuousClock()
        let start = clock.now
        let root = RandomStream(seed: spec.seed)
        let generations = spec.outer.optimizer.iterations
        var outer = try OptimizerFactory.make(
            spec.outer.optimizer.algorithm, space: hyperparameters.space, initialPoint: nil,
            random: root.derived(StreamLabel.outerOptimizer))
        let recorder: ExperimentRecorder
        var checkpoint = ExperimentRecorder.Checkpoint(completedGenerations: 0, outerState: nil, evaluations: 0, failedRuns: 0)
        if options.resume {
            (recorder, checkpoint) = try ExperimentRecorder.resume(
                path: options.outputPath, spec: spec, hyperparameters: hyperparameters)
            if let state = checkpoint.outerState { outer = try OptimizerCheckpoint.restore(outer, from: state) }
        } else {
            recorder = try ExperimentRecorder.create(path: options.outputPath, spec: spec, hyperparameters: hyperparameters)
        }

        let resumedAt = outer.iteration
        var evaluations = checkpoint.evaluations
        var failedRuns = checkpoint.failedRuns
        var pending: (outcomes: [IndividualOutcome], runs: [InnerRunResult]) = ([], [])
        _ = try await AskTellLoop.run(
            &outer, iterations: generations,
            evaluate: { candidates, generation in
                pending = await scoreGeneration(candidates, generation: generation, root: root, jobs: options.jobs)
                return pending.outcomes.map { Evaluation(fitness: $0.fitness) }
            },
            observe: { record, optimizer in
                evaluations += pending.runs.reduce(0) { $0 + $1.evaluations }
                failedRuns += pending.runs.filter { $0.failure != nil }.count
                try await recorder.recordGeneration(
                    record, outcomes: pending.outcomes, runs: pending.runs,
                    checkpoint: .init(
                        completedGenerations: record.iteration + 1, outerState: try OptimizerCheckpoint.encode(optimizer),
                        evaluations: evaluations, failedRuns: failedRuns))
                let finite = record.fitness.filter(\.isFinite)
                options.progress(ProgressReport(
                    generation: record.iteration + 1, generations: generations,
                    innerRuns: pending.runs.count, evaluations: evaluations,
                    bestFitness: record.incumbent?.fitness ?? -.infinity,
                    meanFitness: finite.isEmpty ? .nan : Statistics.mean(finite),
                    failedRuns: failedRuns, failedEvaluations: pending.runs.reduce(0) { $0 + $1.failedEvaluations },
                    elapsed: (clock.now - start).seconds, generationsThisSession: record.iteration + 1 - resumedAt))
            })

        // Held-out test: the best hyperparameters, and the spec's own as a baseline.
        var best: [(path: String, value: SpecScalar)] = []
        var testRuns: [InnerRunResult] = []
        if let incumbent = outer.incumbent {
            best = hyperparameters.assignments(incumbent.point)
            let tuned = try spec.applying(best)
            testRuns = await runFamily(tuned, phase: .test, root: root, jobs: options.jobs)
        }
        let baselineRuns = await runFamily(spec, phase: .baseline, root: root, jobs: options.jobs)
        try await recorder.recordTest(
            best: outer.incumbent.map { (hyperparameters.naturalValues($0.point), $0.fitness, $0.iteration) },
            runs: testRuns, baseline: baselineRuns)
        let elapsed = (clock.now - start).seconds
        try await recorder.finish(elapsedSeconds: elapsed, jobs: options.jobs)

        let summary = ExperimentSummary(
            name: spec.name, generations: outer.iteration, evaluations: evaluations,
            bestFitness: outer.incumbent?.fitness ?? -.infinity, bestHyperparameters: best,
            testMean: Statistics.mean(testRuns.map(\.finalBest)),
            baselineTestMean: Statistics.mean(baselineRuns.map(\.finalBest)),
            failedRuns: failedRuns + (testRuns + baselineRuns).filter { $0.failure != nil }.count,
            elapsedSeconds: elapsed)
        return summary
    }

    /// Scores one outer generation: every valid individual × train task × repeat, in parallel.
    func scoreGeneration(
        _ candidates: [[Double]], generation: Int, root: RandomStream, jobs: Int
    ) async -> (outcomes: [IndividualOutcome], runs: [InnerRunResult]) {
        var outcomes: [IndividualOutcome] = []
        var work: [(ExperimentSpec, RunCoordinates)] = []
        for (individual, candidate) in candidates.enumerated() {
            let values = hyperparameters.naturalValues(candidate)
            do {
                let innerSpec = try spec.applying(hyperparameters.assignments(candidate))
                outcomes.append(IndividualOutcome(values: values, fitness: -.infinity, failure: nil, failedRuns: 0))
                for (taskIndex, taskSeed) in spec.tasks.train.seeds.enumerated() {
                    for repeatIndex in 0..<spec.tasks.repeats {
                        work.append((innerSpec, RunCoordinates(
                            phase: .train, generation: generation, individual: individual,
                            taskIndex: taskIndex, taskSeed: taskSeed, repeatIndex: repeatIndex)))
                    }
                }
            } catch {
                outcomes.append(IndividualOutcome(
                    values: values, fitness: -.infinity, failure: String(describing: error), failedRuns: 0))
            }
        }
        let runs = await ParallelMap.map(work, width: jobs) { job in
            await InnerRun.execute(spec: job.0, coordinates: job.1, root: root, resources: resources)
        }
        let byIndividual = Dictionary(grouping: runs, by: \.coordinates.individual)
        for index in outcomes.indices where outcomes[index].failure == nil {
            let own = byIndividual[index] ?? []
            outcomes[index].fitness = spec.outer.fitness.aggregate(own)
            outcomes[index].failedRuns = own.filter { $0.failure != nil }.count
        }
        return (outcomes, runs)
    }

    /// Runs `innerSpec` on every held-out test task × repeat.
    func runFamily(
        _ innerSpec: ExperimentSpec, phase: RunCoordinates.Phase, root: RandomStream, jobs: Int
    ) async -> [InnerRunResult] {
        var work: [RunCoordinates] = []
        for (taskIndex, taskSeed) in spec.tasks.test.seeds.enumerated() {
            for repeatIndex in 0..<spec.tasks.repeats {
                work.append(RunCoordinates(
                    phase: phase, generation: 0, individual: 0, taskIndex: taskIndex,
                    taskSeed: taskSeed, repeatIndex: repeatIndex))
            }
        }
        return await ParallelMap.map(work, width: jobs) { coordinates in
            await InnerRun.execute(spec: innerSpec, coordinates: coordinates, root: root, resources: resources)
        }
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
