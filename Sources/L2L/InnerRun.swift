import L2LNumerics
import L2LOptimizers
import L2LOptimizees

/// The outcome of one inner optimization: its trajectory and how it ended.
public struct InnerRunResult: Sendable, Codable {
    /// What drove the run.
    public enum Kind: String, Sendable, Codable {
        /// A black-box optimizer's ask/tell loop around an optimizee.
        case optimizer
        /// A lifetime learning rule updating a network from its own activity.
        case lifetime
    }

    public var coordinates: RunCoordinates
    public var kind: Kind = .optimizer
    /// One record per completed iteration.
    public var iterations: [IterationRecord]
    /// Per iteration, the status of each candidate's evaluation.
    public var statuses: [[EvaluationStatus]]
    /// Best finite fitness so far after each iteration (−∞ before any finite value).
    public var bestCurve: [Double]
    /// Best finite fitness of the run (−∞ if none, or if the run failed).
    public var finalBest: Double
    /// Encoded coordinates of the best point, if any.
    public var bestPoint: [Double]?
    /// Total evaluations made.
    public var evaluations: Int
    /// Evaluations that threw, were not finite or ran past the time limit.
    public var failedEvaluations: Int
    /// The first evaluation failure's reason, if any.
    public var firstEvaluationFailure: String?
    /// Why the optimizer stopped early, if it did.
    public var stopReasons: [String]
    /// Why the whole run failed (an error from the optimizer, or building the optimizee), if it did.
    public var failure: String?
    /// The optimizee's `finalReport(bestParameters:)` of the incumbent after the loop, e.g.
    /// `test_accuracy` of a classifier on its task's held-out samples; empty when the optimizee
    /// reports nothing, the run failed or no incumbent exists.
    public var metrics: [String: Double] = [:]
    /// The optimizee's `finalArtifacts(bestParameters:)` of the incumbent (e.g. a foraging worm's
    /// paths), when `record.artifacts` is on; empty otherwise.
    public var artifacts: [RecordedArray] = []
    /// Set when early stopping stopped this run: the rung (inner iterations run) where it stopped.
    /// Recorded as the run's `status` (stopped) and `stopped_at_iteration`.
    public var stoppedAtIteration: Int?
    /// The inner optimizer's saved state (``OptimizerCheckpoint/encodeCompact(_:)``) when the run was asked to stop at a rung below
    /// `inner.iterations` and can go on; nil once the run is complete (never recorded).
    public var continuation: String?
    /// The iteration records packed for the recorder on the thread that ran them (never sent to
    /// another process: decoded as nil).
    var packed: ProcessLocal<PackedRun>?

    /// Packs the iteration records for the recorder (``PackedRun``), here rather than on the
    /// recorder's thread.
    mutating func pack() {
        packed = ProcessLocal(PackedRun(self))
    }
}

/// A value that stays in the process that made it: encoded as nothing, decoded as nil.
struct ProcessLocal<Value: Sendable>: Sendable, Codable {
    var value: Value?

    init(_ value: Value) { self.value = value }

    init(from decoder: any Decoder) throws { value = nil }

    func encode(to encoder: any Encoder) throws {}
}

/// One inner run: the ask/tell loop of a black-box optimizer around an optimizee.
///
/// Lifetime-learning rules (Go/No-Go neuromodulation, SignSGD, dopaminergic plasticity) produce the same
/// `InnerRunResult`, so the outer loop and the recorder need not tell them apart.
enum InnerRun {
    /// Runs the inner optimizer of `spec` on the task at `coordinates`. Never throws:
    /// a failure is part of the result, with the worst fitness.
    /// - Parameters:
    ///   - until: with early stopping, the rung to stop at (the state goes to `continuation`); nil: `inner.iterations`.
    ///   - resume: with early stopping, the saved inner-optimizer state of the run's previous segment.
    static func execute(
        spec: ExperimentSpec, coordinates: RunCoordinates, root: RandomStream, resources: OptimizeeResources,
        until: Int? = nil, resume: String? = nil
    ) async -> InnerRunResult {
        // A lifetime learning rule is its own inner loop: no optimizee, no ask/tell optimizer.
        if case .neuromodulated(let constants) = spec.inner.algorithm {
            guard case .gonogo(let session) = spec.optimizee else {
                var result = InnerRunResult(coordinates: coordinates)
                result.kind = .lifetime
                result.failure = "inner.optimizer neuromodulated needs optimizee.gonogo"
                return result
            }
            let learner = GoNoGoLifetime(
                constants: constants, trials: spec.inner.iterations, reversalAt: session.reversalAt,
                criterionWindow: session.criterionWindow, criterionFraction: session.criterionFraction)
            return executeLifetime(learner, record: spec.record, coordinates: coordinates, root: root)
        }
        if case .plasticity(let rule) = spec.inner.algorithm {
            let learner: PlasticClassifierLifetime
            do {
                guard case .plasticClassifier(let classifier) = spec.optimizee else {
                    throw OptimizeeFactory.FactoryError.ruleNeedsOptimizee(rule: rule.identifier, optimizee: "plastic_classifier")
                }
                learner = try PlasticClassifierLifetime(
                    rule: rule, spec: classifier, steps: spec.inner.iterations, taskSeed: coordinates.taskSeed,
                    data: resources.digits)
            } catch {
                var result = InnerRunResult(coordinates: coordinates)
                result.kind = .lifetime
                result.failure = String(describing: error)
                result.finalBest = -.infinity
                return result
            }
            return executeLifetime(learner, record: spec.record, coordinates: coordinates, root: root)
        }
        let optimizee: any Optimizee
        do {
            optimizee = try OptimizeeFactory.make(spec.optimizee, coordinates: coordinates, resources: resources)
        } catch {
            var result = InnerRunResult(coordinates: coordinates)
            result.failure = String(describing: error)
            return result
        }
        return await execute(
            optimizee: optimizee, algorithm: spec.inner.algorithm, iterations: spec.inner.iterations,
            record: spec.record, timeLimit: spec.inner.evaluationTimeLimit, coordinates: coordinates, root: root,
            until: until, resume: resume, rescore: spec.inner.rescore)
    }

    /// Runs `algorithm` on `optimizee` for at most `iterations` iterations (or from the saved
    /// state `resume` to the rung `until`: the iterations of a continued run draw the same random
    /// numbers as those of an uninterrupted one, which derive from the iteration index).
    /// With `rescore`, the best points of the run (of this segment, with early stopping) are
    /// re-scored on validation draws and the best of them is reported (``IncumbentRescore``).
    static func execute(
        optimizee: any Optimizee, algorithm: OptimizerAlgorithm, iterations: Int, record: RecordSpec,
        timeLimit: Double?, coordinates: RunCoordinates, root: RandomStream, until: Int? = nil, resume: String? = nil,
        rescore: IncumbentRescore? = nil
    ) async -> InnerRunResult {
        let stream = coordinates.stream(root: root)
        var result = InnerRunResult(coordinates: coordinates)
        var statuses: [EvaluationStatus] = []
        var top = rescore.map { TopCandidates(capacity: $0.candidates) }
        do {
            var optimizer = try OptimizerFactory.make(
                algorithm, space: optimizee.parameterSpace,
                initialPoint: optimizee.initialPoint, random: stream.derived(StreamLabel.innerOptimizer))
            if let resume { optimizer = try OptimizerCheckpoint.restoreCompact(optimizer, from: resume) }
            let stop = min(until ?? iterations, iterations)
            let ending = try await AskTellLoop.run(
                &optimizer, iterations: stop, recordSnapshots: record.state,
                evaluate: { candidates, iteration in
                    // Common random numbers: every candidate of an iteration sees the same draw
                    // (the same mini-batch, the same input spikes), as the EnKF and antithetic ES need.
                    let shared = stream.derived(StreamLabel.evaluation, UInt64(iteration))
                    statuses = []
                    func noted(_ evaluation: Evaluation, _ status: EvaluationStatus, _ reason: String) -> Evaluation {
                        statuses.append(status)
                        if status != .ok {
                            result.failedEvaluations += 1
                            if result.firstEvaluationFailure == nil {
                                result.firstEvaluationFailure = "iteration \(iteration): \(reason)"
                            }
                        }
                        return evaluation
                    }
                    if let batch = optimizee as? any BatchOptimizee {
                        let context = EvaluationBatchContext(
                            coordinates: coordinates, iteration: iteration, random: shared, timeLimit: timeLimit)
                        let outcomes = batch.evaluateBatch(candidates, context: context)
                        return candidates.indices.map { index in
                            let (evaluation, status, reason) = checked(
                                index < outcomes.count
                                    ? outcomes[index] : .failed(.error, "the optimizee returned \(outcomes.count) outcomes for \(candidates.count) candidates"))
                            return noted(evaluation, status, reason)
                        }
                    }
                    return candidates.map { candidate in
                        var random = shared
                        let (evaluation, status, reason) = evaluate(optimizee, candidate, &random, timeLimit: timeLimit)
                        return noted(evaluation, status, reason)
                    }
                },
                observe: { iterationRecord, _ in
                    result.evaluations += iterationRecord.candidates.count
                    result.bestCurve.append(iterationRecord.incumbent?.fitness ?? -.infinity)
                    result.statuses.append(statuses)
                    if top != nil {
                        for (point, fitness) in zip(iterationRecord.candidates, iterationRecord.fitness) {
                            top!.offer(point, fitness: fitness)
                        }
                    }
                    var kept = iterationRecord
                    if !record.candidates { kept.candidates = [] }
                    result.iterations.append(kept)
                })
            if case .optimizerStopped(let reasons) = ending { result.stopReasons = reasons.map(\.description) }
            if ending == .iterationBudget && stop < iterations { result.continuation = try OptimizerCheckpoint.encodeCompact(optimizer) }
            if let best = optimizer.incumbent {
                result.finalBest = best.fitness
                result.bestPoint = best.point
                var rescoredMetrics: [String: Double] = [:]
                if let rescore, let top {
                    let chosen = rescored(
                        top, incumbent: best, optimizee: optimizee, rescore: rescore, coordinates: coordinates,
                        stream: stream, iteration: stop, timeLimit: timeLimit)
                    result.finalBest = chosen?.fitness ?? -.infinity
                    if let chosen { result.bestPoint = chosen.point }
                    rescoredMetrics = [
                        "rescore_told_fitness": chosen?.told ?? .nan, "rescore_rank": Double(chosen?.rank ?? -1),
                        "rescore_incumbent_told_fitness": best.fitness,
                        "rescore_evaluations": Double((top.entries.count + (top.entries.contains { $0.point == best.point } ? 0 : 1)) * rescore.draws),
                    ]
                }
                let point = result.bestPoint ?? best.point
                result.metrics = optimizee.finalReport(bestParameters: point).merging(rescoredMetrics) { first, _ in first }
                if record.artifacts { result.artifacts = optimizee.finalArtifacts(bestParameters: point) }
            }
        } catch {
            result.failure = String(describing: error)
            result.finalBest = -.infinity
        }
        return result
    }

    /// A batch outcome with a non-finite fitness marked as such and told as −∞.
    private static func checked(_ outcome: EvaluationOutcome) -> (Evaluation, EvaluationStatus, String) {
        var evaluation = outcome.evaluation
        guard outcome.status == .ok else {
            evaluation.fitness = -.infinity
            return (evaluation, outcome.status, outcome.reason)
        }
        if !evaluation.fitness.isFinite {
            let value = evaluation.fitness
            evaluation.fitness = -.infinity
            return (evaluation, .nonFinite, "fitness \(value)")
        }
        return (evaluation, .ok, "")
    }

    /// One evaluation with its failure modes turned into a status and a −∞ fitness.
    static func evaluate(
        _ optimizee: any Optimizee, _ candidate: [Double], _ random: inout RandomStream, timeLimit: Double?
    ) -> (Evaluation, EvaluationStatus, String) {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            var evaluation = try optimizee.evaluate(candidate, random: &random)
            if let timeLimit, (clock.now - start).seconds > timeLimit {
                evaluation.fitness = -.infinity
                return (evaluation, .timeLimit, "evaluation took longer than the time limit of \(timeLimit) s")
            }
            if !evaluation.fitness.isFinite {
                let value = evaluation.fitness
                evaluation.fitness = -.infinity
                return (evaluation, .nonFinite, "fitness \(value)")
            }
            return (evaluation, .ok, "")
        } catch {
            return (Evaluation(fitness: -.infinity), .error, String(describing: error))
        }
    }
}

extension InnerRunResult {
    /// An empty result at `coordinates`, before anything ran.
    public init(coordinates: RunCoordinates) {
        self.init(
            coordinates: coordinates, iterations: [], statuses: [], bestCurve: [], finalBest: -.infinity,
            bestPoint: nil, evaluations: 0, failedEvaluations: 0, firstEvaluationFailure: nil,
            stopReasons: [], failure: nil)
    }
}

/// Builds the optimizee a spec names for one task.
enum OptimizeeFactory {
    static func make(_ spec: OptimizeeSpec, coordinates: RunCoordinates, resources: OptimizeeResources) throws -> any Optimizee {
        let taskSeed = coordinates.taskSeed
        switch spec {
        case .function(let function): return FunctionOptimizee(spec: function, taskSeed: taskSeed)
        case .classifier(let classifier): return try ClassifierOptimizee(spec: classifier, taskSeed: taskSeed, data: resources.digits)
        case .reservoir(let reservoir): return try ReservoirOptimizee(spec: reservoir, taskSeed: taskSeed, data: resources.digits)
        case .morrisLecar(let network): return MorrisLecarOptimizee(spec: network, taskSeed: taskSeed)
        case .connectome(var worm):
            worm.dataDirectory = resources.dataSearchPath.resolvedOrUnchanged(worm.dataDirectory)
            if worm.task == .foragingPaper { return try PaperForagingOptimizee(spec: worm, taskSeed: taskSeed) }
            return try ConnectomeOptimizee(spec: worm, taskSeed: taskSeed)
        case .genotypeClassifier(let classifier):
            return try GenotypeClassifierOptimizee(spec: classifier, taskSeed: taskSeed, data: resources.digits)
        case .gonogo: throw FactoryError.lifetimeOnly("gonogo")
        case .plasticClassifier: throw FactoryError.lifetimeOnly("plastic_classifier", rules: PlasticityRuleSpec.identifiers)
        case .registered(let registered):
            guard let descriptor = OptimizeeRegistry.descriptor(registered.identifier) else {
                throw FactoryError.unregistered(registered.identifier)
            }
            return try descriptor.make(registered.section, OptimizeeContext(coordinates: coordinates))
        }
    }

    /// Why no optimizee could be built.
    enum FactoryError: Error, CustomStringConvertible {
        /// The family is learned by a lifetime rule, not scored by an ask/tell optimizer.
        case lifetimeOnly(String, rules: [String] = [OptimizerAlgorithm.neuromodulatedIdentifier])
        /// A lifetime rule was paired with an optimizee it cannot train.
        case ruleNeedsOptimizee(rule: String, optimizee: String)
        /// The spec names a family no longer in ``OptimizeeRegistry`` (a plug-in not registered in this process).
        case unregistered(String)

        var description: String {
            switch self {
            case .lifetimeOnly(let name, let rules):
                "optimizee.\(name) is learned by a lifetime rule (inner.optimizer: \(rules.joined(separator: " | "))), not by an ask/tell optimizer"
            case .ruleNeedsOptimizee(let rule, let optimizee):
                "inner.optimizer \(rule) needs optimizee.\(optimizee)"
            case .unregistered(let name):
                "optimizee.\(name) is not registered in this program (register its descriptor before loading the spec)"
            }
        }
    }
}
