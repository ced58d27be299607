import L2LNetworks
import L2LNumerics
import L2LOptimizers

/// The neuromodulated Go/No-Go learner as an inner run: a session of trials with a contingency
/// reversal, learned by the three-factor rule (dopamine as reward-prediction error gating
/// eligibility traces, noradrenaline raising gain and exploration after surprise).
///
/// The lifetime's score is −(trials needed to reach criterion again after the reversal), counting
/// a learner that never relearns as needing all remaining trials; the outer loop tunes the
/// neuromodulation constants to lower it.
public struct GoNoGoLifetime: LifetimeLearner {
    public var constants: NeuromodulationConstants
    public var trials: Int
    public var reversalAt: Int
    public var criterionWindow: Int
    public var criterionFraction: Double

    public init(constants: NeuromodulationConstants, trials: Int, reversalAt: Int, criterionWindow: Int = 20,
                criterionFraction: Double = 0.8) {
        self.constants = constants
        self.trials = trials
        self.reversalAt = reversalAt
        self.criterionWindow = criterionWindow
        self.criterionFraction = criterionFraction
    }

    public func live(random: inout RandomStream, observe: (LifetimeStep) throws -> Void) throws -> LifetimeOutcome {
        let session = GoNoGoRun(
            trials: trials, reversalAt: reversalAt, constants: constants, seed: random.next(),
            criterionWindow: criterionWindow, criterionFraction: criterionFraction)
        for step in session.steps {
            try observe(LifetimeStep(fitness: step.correct ? 1 : 0, arrays: [
                .scalar("cue", Double(step.cue), description: "cue shown on the trial (0 or 1)"),
                .scalar("action", step.action == .go ? 1 : 0, description: "1 go, 0 no-go"),
                .scalar("reward", step.reward, description: "payoff of the trial"),
                .scalar("dopamine", step.dopamine, description: "dopamine: the reward-prediction error δ"),
                .scalar("noradrenaline", step.noradrenaline, description: "noradrenaline: running surprise |δ|"),
                .scalar("inverse_temperature", step.inverseTemperature, description: "effective β of the action choice"),
                .scalar("go_probability", step.goProbability, description: "probability of choosing go on the trial"),
            ]))
        }
        let remaining = trials - reversalAt
        let relearn = session.trialsToCriterionAfterReversal
        let after = session.steps[reversalAt...].map { $0.correct ? 1.0 : 0.0 }
        return LifetimeOutcome(
            fitness: -Double(relearn ?? remaining),
            metrics: [
                "trials_to_criterion": session.trialsToCriterionBeforeReversal.map(Double.init) ?? .nan,
                "trials_to_relearn": relearn.map(Double.init) ?? .nan,
                "relearned": relearn == nil ? 0 : 1,
                "accuracy_after_reversal": after.reduce(0, +) / Double(max(1, after.count)),
            ])
    }
}
