import L2LNumerics

/// A whole Go/No-Go session with a contingency reversal: per-trial records and trials to criterion.
///
/// ```swift
/// let run = GoNoGoRun(trials: 400, reversalAt: 200, constants: NeuromodulationConstants(), seed: 3)
/// run.trialsToCriterionAfterReversal   // e.g. 31, or nil if never reached
/// ```
///
/// Criterion (models.md §6): at least `criterionFraction` correct among the last `criterionWindow`
/// trials. Trials to criterion count from the session start (before the reversal) or from the
/// reversal to the last trial of the first window that meets it, so the minimum is the window
/// length. Cues and action samples come from `RandomStream(seed:)` (cues from
/// `.derived(GoNoGoRun.cueStream)`, actions from `.derived(GoNoGoRun.actionStream)`), so a DA-only
/// and a DA+NA run with one seed see the same cue sequence.
public struct GoNoGoRun: Codable, Sendable, Equatable {
    /// Derivation components of the cue and action streams.
    public static let cueStream: UInt64 = 0x6375_6573, actionStream: UInt64 = 0x6163_7473

    /// Per-trial records.
    public var steps: [GoNoGoLearner.Step]
    /// Trial index (0-based) of the first reversed trial.
    public var reversalAt: Int
    /// Trials from the start until criterion (before the reversal), nil if not reached before it.
    public var trialsToCriterionBeforeReversal: Int?
    /// Trials from the reversal until criterion, nil if not reached by the end.
    public var trialsToCriterionAfterReversal: Int?
    /// The learner at the end.
    public var learner: GoNoGoLearner

    /// The actions.
    public var actions: [GoNoGoAction] { steps.map(\.action) }
    /// Whether each action was correct.
    public var correct: [Bool] { steps.map(\.correct) }
    /// The rewards.
    public var rewards: [Double] { steps.map(\.reward) }
    /// The dopamine trace δ.
    public var dopamine: [Double] { steps.map(\.dopamine) }
    /// The noradrenaline trace.
    public var noradrenaline: [Double] { steps.map(\.noradrenaline) }

    /// Runs a session.
    /// - Parameters:
    ///   - trials: number of trials (> reversalAt).
    ///   - reversalAt: index of the first trial with the swapped contingency (0 < reversalAt).
    ///   - constants: the neuromodulation constants (`.dopamineOnly` for the DA-only learner).
    ///   - seed: the session's seed.
    ///   - task: payoffs.
    ///   - criterionWindow, criterionFraction: the criterion (default 20 trials, 0.8).
    public init(trials: Int, reversalAt: Int, constants: NeuromodulationConstants, seed: UInt64,
                task: GoNoGoTask = GoNoGoTask(), criterionWindow: Int = 20, criterionFraction: Double = 0.8) {
        precondition(0 < reversalAt && reversalAt < trials, "GoNoGoRun: need 0 < reversalAt < trials, got \(reversalAt), \(trials)")
        precondition(criterionWindow >= 1, "GoNoGoRun: criterionWindow must be ≥ 1")
        let root = RandomStream(seed: seed)
        var cues = root.derived(Self.cueStream)
        var actions = root.derived(Self.actionStream)
        var learner = GoNoGoLearner(constants: constants)
        var steps: [GoNoGoLearner.Step] = []
        steps.reserveCapacity(trials)
        for t in 0..<trials {
            let cue = cues.nextUniform() < task.cueZeroProbability ? 0 : 1
            steps.append(learner.trial(cue: cue, task: task, reversed: t >= reversalAt, rng: &actions))
        }
        self.steps = steps
        self.reversalAt = reversalAt
        self.learner = learner
        let ok = steps.map(\.correct)
        trialsToCriterionBeforeReversal = Self.trialsToCriterion(ok, from: 0, to: reversalAt, window: criterionWindow,
                                                                 fraction: criterionFraction)
        trialsToCriterionAfterReversal = Self.trialsToCriterion(ok, from: reversalAt, to: trials, window: criterionWindow,
                                                                fraction: criterionFraction)
    }

    /// Trials from `from` to the end of the first window inside `from..<to` with ≥ fraction correct.
    public static func trialsToCriterion(_ correct: [Bool], from: Int, to: Int, window: Int, fraction: Double) -> Int? {
        var count = 0
        for t in from..<to {
            if correct[t] { count += 1 }
            if t - from >= window, correct[t - window] { count -= 1 }
            if t - from + 1 >= window, Double(count) >= fraction * Double(window) - 1e-9 { return t - from + 1 }
        }
        return nil
    }
}
