import L2LNumerics
import L2LOptimizees

/// Early stopping of inner runs (`outer.early_stopping`): synchronous successive halving (Jamieson &
/// Talwalkar 2016, "Non-stochastic best arm identification and hyperparameter optimization", *AISTATS*,
/// Algorithm 1; Li et al. 2018, "Hyperband", *JMLR* 18:185, its `SuccessiveHalving` with η) or the
/// median rule (Golovin et al. 2017, "Google Vizier", *KDD*, §3.2.2), applied within one outer generation.
///
/// Rungs are r_k = min_iterations · η^k below `inner.iterations`. Every set of the generation runs
/// its inner runs to r_0; the sets still running are compared by their outer fitness computed from
/// their runs as they stand at the rung (the same aggregate as the final outer fitness); the losers'
/// runs stop there and the survivors' continue, from their saved inner-optimizer state, to r_1; and so
/// on until the survivors reach `inner.iterations`. Decisions happen only at these barriers and depend
/// only on the results, which an executor returns in job order, so the outcome is the same for any
/// `--jobs` and any number of MPI ranks.
public struct EarlyStoppingSpec: Sendable, Equatable {
    /// How the sets that go on are chosen at a rung.
    public enum Rule: String, Sendable, Equatable, CaseIterable {
        /// Keep the best ⌈n/η⌉ of the n sets still running.
        case successiveHalving = "successive_halving"
        /// Keep the sets whose fitness is at least the median of the sets still running.
        case median
    }

    public var rule: Rule
    /// The first rung r_0, in inner iterations, ≥ 1.
    public var minIterations: Int
    /// η ≥ 2: the ratio of successive rungs (and 1/η the fraction successive halving keeps).
    public var reductionFactor: Int

    public init(rule: Rule, minIterations: Int, reductionFactor: Int = 3) {
        self.rule = rule
        self.minIterations = minIterations
        self.reductionFactor = reductionFactor
    }

    /// The rungs strictly below `iterations`: min_iterations · η^k.
    public func rungs(below iterations: Int) -> [Int] {
        var rungs: [Int] = []
        var rung = minIterations
        while rung < iterations {
            rungs.append(rung)
            let (next, overflow) = rung.multipliedReportingOverflow(by: reductionFactor)
            if overflow { break }
            rung = next
        }
        return rungs
    }

    /// The indices into `scores` (fitness at a rung of the sets still running) that go on.
    /// Non-finite scores rank last; ties go to the lower index. At least one set always goes on.
    public func survivors(_ scores: [Double]) -> [Int] {
        let finite = scores.map { $0.isFinite ? $0 : -Double.infinity }
        let order = finite.indices.sorted { finite[$0] != finite[$1] ? finite[$0] > finite[$1] : $0 < $1 }
        switch rule {
        case .successiveHalving:
            let kept = (scores.count + reductionFactor - 1) / reductionFactor
            return order.prefix(max(kept, 1)).sorted()
        case .median:
            guard !scores.isEmpty else { return [] }
            let median = Statistics.median(finite)
            let kept = order.filter { finite[$0] >= median && finite[$0] > -.infinity }
            return (kept.isEmpty ? [order[0]] : kept).sorted()
        }
    }
}

extension Experiment {
    /// Runs one generation's train `jobs` under `stopping`: rung by rung, every set's runs that are
    /// still going to the next rung, then the losing sets' runs are marked stopped. Returns one result
    /// per job, in job order, each the concatenation of its segments.
    func executeWithEarlyStopping(
        _ jobs: [InnerRunJob], stopping: EarlyStoppingSpec, executor: any InnerRunExecutor
    ) async -> [InnerRunResult] {
        var results: [InnerRunResult?] = Array(repeating: nil, count: jobs.count)
        var running = Set(jobs.indices)  // runs that can go on (not finished, failed or stopped)
        var alive = Set(jobs.map(\.request.coordinates.individual))
        let rungs = stopping.rungs(below: spec.inner.iterations)
        for rung in rungs.map(Optional.some) + [nil] {
            let indices = jobs.indices.filter { running.contains($0) && alive.contains(jobs[$0].request.coordinates.individual) }
            if indices.isEmpty { break }
            let segmentJobs = indices.map { index in
                var job = jobs[index]
                job.request.untilIteration = rung
                job.request.resumeState = results[index]?.continuation
                return job
            }
            let segments = await executor.execute(segmentJobs, of: self)
            for (index, segment) in zip(indices, segments) {
                if results[index] == nil { results[index] = segment } else { results[index]!.append(segment) }
                if segment.continuation == nil { running.remove(index) }
            }
            guard let rung else { break }
            // The decision: the sets still running, by their outer fitness at this rung.
            let individuals = alive.sorted()
            let scores = individuals.map { individual in
                spec.outer.fitness.aggregate(
                    jobs.indices.filter { jobs[$0].request.coordinates.individual == individual }.compactMap { results[$0] },
                    metric: spec.outer.fitnessMetric)
            }
            let kept = Set(stopping.survivors(scores).map { individuals[$0] })
            for index in jobs.indices where !kept.contains(jobs[index].request.coordinates.individual) && running.contains(index) {
                results[index]!.stoppedAtIteration = rung
                running.remove(index)
            }
            alive = kept
        }
        return results.map { result in
            var result = result!
            result.continuation = nil
            return result
        }
    }
}

extension InnerRunResult {
    /// Appends the next segment of the same run (continued from this one's saved state): its
    /// iterations, curves and counts; its end (best point, metrics, stop reasons, state) replaces this one's.
    mutating func append(_ next: InnerRunResult) {
        iterations += next.iterations
        statuses += next.statuses
        bestCurve += next.bestCurve
        evaluations += next.evaluations
        failedEvaluations += next.failedEvaluations
        firstEvaluationFailure = firstEvaluationFailure ?? next.firstEvaluationFailure
        stopReasons = next.stopReasons
        failure = next.failure
        finalBest = next.finalBest
        bestPoint = next.bestPoint
        metrics = next.metrics
        artifacts = next.artifacts
        continuation = next.continuation
    }
}
