import Foundation
import L2LNumerics
import L2LOptimizees

/// A rough run-time estimate for `l2l validate`, where it is cheap: the optimizee of the first
/// train task is built and one candidate of the inner optimizer's first generation is evaluated a
/// few times; the estimate is that time × inner runs × iterations × candidates per iteration,
/// shared by `cores`. Only for families whose evaluation takes milliseconds (functions and the
/// feed-forward classifiers); nil otherwise, or when the inner optimizer is a lifetime rule.
///
/// Call it only for a spec ``SpecFeasibility/issues(for:memory:)`` accepts (it builds the network).
public enum SpecRunTime {
    /// Seconds for the whole run and for one evaluation, or nil.
    public static func estimate(for spec: ExperimentSpec, cores: Int) -> (seconds: Double, evaluationSeconds: Double)? {
        switch spec.optimizee {
        case .function, .classifier, .genotypeClassifier: break
        default: return nil
        }
        let resources = OptimizeeResources(dataSearchPath: DataSearchPath(specDirectory: spec.sourceDirectory))
        let coordinates = RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0,
                                         taskSeed: spec.tasks.train.firstSeed, repeatIndex: 0)
        guard let optimizee = try? OptimizeeFactory.make(spec.optimizee, coordinates: coordinates, resources: resources),
            var optimizer = try? OptimizerFactory.make(
                spec.inner.algorithm, space: optimizee.parameterSpace, initialPoint: optimizee.initialPoint,
                random: RandomStream(seed: spec.seed)),
            let candidates = try? optimizer.ask(), let point = candidates.first,
            let outerPopulation = SpecFeasibility.outerPopulation(spec)
        else { return nil }
        let clock = ContinuousClock()
        var random = RandomStream(seed: spec.seed)
        var fastest = Double.infinity
        for _ in 0..<3 {
            let start = clock.now
            _ = try? optimizee.evaluate(point, random: &random)
            let elapsed = clock.now - start
            fastest = min(fastest, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        let perGeneration = Double(outerPopulation) * Double(spec.tasks.train.count) * Double(spec.tasks.repeats)
        let runs = perGeneration * Double(spec.outer.optimizer.iterations) + 2 * Double(spec.tasks.test.count) * Double(spec.tasks.repeats)
        let evaluations = runs * meanInnerIterations(spec) * Double(candidates.count)
        return (evaluations * fastest / Double(max(1, cores)), fastest)
    }

    /// The inner iterations a run makes on average: the spec's own, or the middle of their range when
    /// the outer loop searches `inner.iterations` (a learning-curve grid over 1…1,200 generations runs
    /// about 600 per run, not the spec's 1).
    static func meanInnerIterations(_ spec: ExperimentSpec) -> Double {
        guard let searched = spec.outer.searchSpace.first(where: { $0.path == "inner.iterations" }) else {
            return Double(spec.inner.iterations)
        }
        switch searched.kind {
        case .integer(let low, let high): return Double(low + high) / 2
        case .uniform(let low, let high), .logUniform(let low, let high): return (low + high) / 2
        case .choice: return Double(spec.inner.iterations)
        }
    }

    /// `3m20s`, `1h05m`, `2.5 days`.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        if seconds < 3600 { return String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60) }
        if seconds < 86_400 * 2 { return String(format: "%dh%02dm", Int(seconds) / 3600, (Int(seconds) % 3600) / 60) }
        return String(format: "%.1f days", seconds / 86_400)
    }
}
