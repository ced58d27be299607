import Foundation
import L2LOptimizees

/// The state of a run after one outer generation (or, with ``runsDone``, during one), for the
/// progress line.
public struct ProgressReport: Sendable, Equatable {
    public var generation: Int
    public var generations: Int
    public var innerRuns: Int
    public var evaluations: Int
    public var bestFitness: Double
    public var meanFitness: Double
    public var failedRuns: Int
    /// Failed evaluations in this generation (errors, non-finite fitness, time limits).
    public var failedEvaluations: Int
    /// Seconds since this process started the run (or resumed it).
    public var elapsed: Double
    /// Generations completed by this process (fewer than `generation` after a resume).
    public var generationsThisSession: Int
    /// Inner runs of one generation (individuals × train tasks × repeats); 0 if unknown.
    public var innerRunsPerGeneration = 0
    /// Inner runs of the held-out phase still to come (tuned and baseline × test tasks × repeats).
    public var heldOutRuns = 0
    /// Inner runs finished by this process so far.
    public var innerRunsThisSession = 0
    /// During generation `generation`: its inner runs finished so far (nil after it completed).
    public var runsDone: Int?

    /// Estimated seconds left, held-out phase included: the time per inner run so far times the
    /// inner runs still to come (before any finished: time per generation times generations left).
    public var estimatedRemaining: Double {
        if innerRunsThisSession > 0, innerRunsPerGeneration > 0 {
            let inProgress = runsDone.map { max(0, innerRunsPerGeneration - $0) } ?? 0
            let remaining = (generations - generation) * innerRunsPerGeneration + inProgress + heldOutRuns
            return elapsed / Double(innerRunsThisSession) * Double(remaining)
        }
        return generationsThisSession > 0 ? elapsed / Double(generationsThisSession) * Double(generations - generation) : .nan
    }

    /// One line: `gen 3/6  runs 80  evals 96000  best -0.0312  mean -1.2  failed 0 runs, 0 evals  elapsed 4.1s  ETA 4.1s`.
    /// During a generation: `  gen 3/6: 120/400 inner runs  elapsed 1m02s  ETA 9m40s` (indented,
    /// so scripts reading `gen ` lines see one per completed generation).
    public var line: String {
        if let runsDone {
            return "  gen \(generation)/\(generations): \(runsDone)/\(innerRunsPerGeneration) inner runs"
                + "  elapsed \(Self.duration(elapsed))  ETA \(Self.duration(estimatedRemaining))"
        }
        return "gen \(generation)/\(generations)  runs \(innerRuns)  evals \(evaluations)"
            + "  best \(Self.format(bestFitness))  mean \(Self.format(meanFitness))"
            + "  failed \(failedRuns) runs, \(failedEvaluations) evals  elapsed \(Self.duration(elapsed))  ETA \(Self.duration(estimatedRemaining))"
    }

    static func format(_ value: Double) -> String {
        value.isFinite ? String(format: "%.5g", value) : "\(value)"
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        if seconds < 3600 { return String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60) }
        return String(format: "%dh%02dm", Int(seconds) / 3600, (Int(seconds) % 3600) / 60)
    }
}
