import L2LNumerics
import L2LOptimizees

/// Early stopping of inner runs (`outer.early_stopping`): synchronous successive halving (Jamieson &
/// Talwalkar 2016, "Non-stochastic best arm identification and hyperparameter optimization", *AISTATS*,
/// Algorithm 1; Li et al. 2018, "Hyperband", *JMLR* 18:185, its `SuccessiveHalving` with η), Hyperband's
/// brackets of it (Li et al. 2018, Algorithm 1) or the median rule (Golovin et al. 2017, "Google Vizier",
/// *KDD*, §3.2.2), applied within one outer generation.
///
/// Rungs are r_k = min_iterations · η^k below `inner.iterations`. Every set of the generation runs
/// its inner runs to r_0; the sets still running are compared by their outer fitness computed from
/// their runs as they stand at the rung (the same aggregate as the final outer fitness); the losers'
/// runs stop there and the survivors' continue, from their saved inner-optimizer state, to r_1; and so
/// on until the survivors reach `inner.iterations`. Decisions happen only at these barriers and depend
/// only on the results, which an executor returns in job order, so the outcome is the same for any
/// `--jobs` and any number of MPI ranks.
///
/// **Hyperband** splits a generation's sets into brackets s = s_max, …, 0, where s_max is the number of
/// rungs r with η·r ≤ `inner.iterations` (Li et al.'s ⌊log_η(R / r_min)⌋): bracket s compares its own
/// sets, by successive halving, at the last s of those rungs only, so bracket s_max stops the most
/// aggressively and bracket 0 runs every set to the end. Set i of generation g is in bracket
/// s_max − ((i + g) mod (s_max + 1)): round-robin over the individuals (all brackets run side by side
/// in the generation, as with Optuna's `HyperbandPruner`, rather than one after the other), rotated
/// by the generation so that the brackets share the sets evenly over the run. The assignment depends
/// only on the run coordinates, so it too is the same for any `--jobs` and ranks.
public struct EarlyStoppingSpec: Sendable, Equatable {
    /// How the sets that go on are chosen at a rung.
    public enum Rule: String, Sendable, Equatable, CaseIterable {
        /// Keep the best ⌈n/η⌉ of the n sets still running.
        case successiveHalving = "successive_halving"
        /// Successive halving within brackets of different first rungs (see the type's documentation).
        case hyperband
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

    /// Hyperband's s_max: the number of rungs r with η·r ≤ `iterations`.
    public func largestBracket(below iterations: Int) -> Int {
        rungs(below: iterations).filter { rung in
            let (next, overflow) = rung.multipliedReportingOverflow(by: reductionFactor)
            return !overflow && next <= iterations
        }.count
    }

    /// Hyperband's bracket s of set `individual` in `generation` (0 under the other rules).
    public func bracket(individual: Int, generation: Int, below iterations: Int) -> Int {
        guard rule == .hyperband else { return 0 }
        let largest = largestBracket(below: iterations)
        return largest - (individual + generation) % (largest + 1)
    }

    /// The rungs at which set `individual` of `generation` is compared with the others of its bracket:
    /// every rung, or under Hyperband the last s of the s_max bracket rungs.
    public func decisionRungs(individual: Int, generation: Int, below iterations: Int) -> [Int] {
        let ladder = rungs(below: iterations)
        guard rule == .hyperband else { return ladder }
        let largest = largestBracket(below: iterations)
        let bracket = self.bracket(individual: individual, generation: generation, below: iterations)
        return Array(ladder[(largest - bracket)..<largest])
    }

    /// The indices into `scores` (fitness at a rung of the sets still running, of one bracket) that go
    /// on. Non-finite scores rank last; ties go to the lower index. At least one set always goes on.
    public func survivors(_ scores: [Double]) -> [Int] {
        let finite = scores.map { $0.isFinite ? $0 : -Double.infinity }
        let order = finite.indices.sorted { finite[$0] != finite[$1] ? finite[$0] > finite[$1] : $0 < $1 }
        switch rule {
        case .successiveHalving, .hyperband:
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
    /// still going to the next rung at which some group of two or more sets is compared, then the
    /// losing sets' runs are marked stopped. A rung where no group has two sets is passed without a
    /// barrier (one set always goes on, and a continued run equals an uninterrupted one, so this changes
    /// nothing but the number of barriers). Returns one result per job, in job order, each the
    /// concatenation of its segments.
    func executeWithEarlyStopping(
        _ jobs: [InnerRunJob], stopping: EarlyStoppingSpec, executor: any InnerRunExecutor
    ) async -> [InnerRunResult] {
        let iterations = spec.inner.iterations
        var results: [InnerRunResult?] = Array(repeating: nil, count: jobs.count)
        var running = Set(jobs.indices)  // runs that can go on (not finished, failed or stopped)
        var alive = Set(jobs.map(\.request.coordinates.individual))
        var decisionRungs: [Int: Set<Int>] = [:]  // individual → the rungs where it is compared
        var brackets: [Int: Int] = [:]  // individual → its bracket (0 unless Hyperband)
        for job in jobs {
            let coordinates = job.request.coordinates
            decisionRungs[coordinates.individual] = Set(stopping.decisionRungs(
                individual: coordinates.individual, generation: coordinates.generation, below: iterations))
            brackets[coordinates.individual] = stopping.bracket(
                individual: coordinates.individual, generation: coordinates.generation, below: iterations)
        }
        for rung in stopping.rungs(below: iterations).map(Optional.some) + [nil] {
            // The groups compared at this rung: the sets still running that decide here, by bracket.
            var groups: [Int: [Int]] = [:]
            if let rung {
                for individual in alive.sorted() where decisionRungs[individual]?.contains(rung) == true {
                    groups[brackets[individual] ?? 0, default: []].append(individual)
                }
                groups = groups.filter { $0.value.count >= 2 }
                if groups.isEmpty { continue }  // nobody can be stopped here: no barrier
            }
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
            // The decisions: each group's sets by their outer fitness at this rung.
            for (_, individuals) in groups.sorted(by: { $0.key > $1.key }) {
                let scores = individuals.map { individual in
                    spec.outer.fitness.aggregate(
                        jobs.indices.filter { jobs[$0].request.coordinates.individual == individual }.compactMap { results[$0] },
                        metric: spec.outer.fitnessMetric)
                }
                let kept = Set(stopping.survivors(scores).map { individuals[$0] })
                for individual in individuals where !kept.contains(individual) {
                    alive.remove(individual)
                    for index in jobs.indices where jobs[index].request.coordinates.individual == individual && running.contains(index) {
                        results[index]!.stoppedAtIteration = rung
                        running.remove(index)
                    }
                }
            }
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
        packed = nil
    }
}
