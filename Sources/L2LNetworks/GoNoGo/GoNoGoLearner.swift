import Foundation
import L2LNumerics

/// A small rate network that learns Go/No-Go by a neuromodulated three-factor rule.
///
/// ```swift
/// var learner = GoNoGoLearner(constants: NeuromodulationConstants())
/// var rng = RandomStream(seed: 1)
/// let step = learner.trial(cue: 0, task: GoNoGoTask(), reversed: false, rng: &rng)
/// step.dopamine      // δ = r − Q(cue, action)
/// ```
///
/// Two cue-selective input units x (one-hot) project to two action units, Go and No-Go, whose
/// rates Q(s, a) = Σ_j W_aj x_j estimate the reward of each action. The policy is
/// P(go) = σ(β_eff·(Q(s, go) − Q(s, noGo))) and the action is sampled. Per trial:
///
///     e_aj ← λ e_aj + y_a x_j                 eligibility: post (chosen action unit) × pre (cue)
///     δ    = r − Q(s, a)                       dopamine: reward-prediction error
///     W   += η_eff δ e                         the third factor gates the Hebbian trace
///     NA  ← NA + (|δ| − NA)/τ_NA                noradrenaline: surprise
///     β_eff = β/(1 + κ_β NA),  η_eff = η(1 + κ_η NA)   (used from the next trial on)
///
/// Dopamine as a reward-prediction error gating eligibility traces follows Schultz, Dayan &
/// Montague 1997 and Izhikevich 2007 (*Cereb. Cortex* 17:2443); noradrenaline as a surprise signal
/// that raises exploration and plasticity after unexpected outcomes follows Aston-Jones & Cohen 2005
/// and Yu & Dayan 2005; the reversal Go/No-Go setting is the case study of Mei, Rodriguez-Garcia,
/// Takeuchi, Wainstein, Hubig, Mohsenzadeh & Ramaswamy 2025 (arXiv:2501.06762). The rule itself is
/// the project's design (algorithms.md §8), not taken from those papers.
///
/// Why NA helps after a reversal: the old No-Go cue has Q(go) ≈ −1 (false alarms were punished),
/// and a miss pays 0 = Q(noGo), so δ = 0 and nothing is learned unless the learner happens to go;
/// the surprise from the old Go cue (δ ≈ −2 per false alarm) raises NA, which lowers β_eff and
/// makes that exploratory response likely.
public struct GoNoGoLearner: Codable, Sendable, Equatable {
    /// What happened on one trial.
    public struct Step: Codable, Sendable, Equatable {
        /// The cue shown (0 or 1).
        public var cue: Int
        /// The sampled action.
        public var action: GoNoGoAction
        /// Whether the action matched the current contingency.
        public var correct: Bool
        /// The payoff.
        public var reward: Double
        /// δ, the dopamine signal.
        public var dopamine: Double
        /// NA after this trial's update.
        public var noradrenaline: Double
        /// β_eff used for this trial's action.
        public var inverseTemperature: Double
        /// P(go) used for this trial's action.
        public var goProbability: Double
    }

    /// The learning-rule constants.
    public var constants: NeuromodulationConstants
    /// Weights W, 2×2 row-major: row 0 the Go unit, row 1 the No-Go unit; column = cue.
    public private(set) var weights = [Double](repeating: 0, count: 4)
    /// Eligibility traces (same layout as `weights`).
    public private(set) var eligibility = [Double](repeating: 0, count: 4)
    /// Noradrenaline level (leaky average of |δ|).
    public private(set) var noradrenaline = 0.0

    /// A naive learner (all weights zero: P(go) = ½).
    public init(constants: NeuromodulationConstants) {
        precondition(constants.surpriseTimeConstant >= 1, "GoNoGoLearner: surpriseTimeConstant must be ≥ 1 trial")
        precondition((0..<1).contains(constants.traceDecay), "GoNoGoLearner: traceDecay must lie in [0, 1)")
        self.constants = constants
    }

    /// β_eff at the current noradrenaline level.
    public var effectiveInverseTemperature: Double {
        constants.inverseTemperature / (1 + constants.noradrenalineTemperatureGain * noradrenaline)
    }

    /// Q(cue, action), the action unit's rate.
    public func actionValue(cue: Int, action: GoNoGoAction) -> Double {
        weights[(action == .go ? 0 : 2) + cue]
    }

    /// P(go | cue) at the current weights and noradrenaline level.
    public func goProbability(cue: Int) -> Double {
        let diff = actionValue(cue: cue, action: .go) - actionValue(cue: cue, action: .noGo)
        return 1 / (1 + exp(-effectiveInverseTemperature * diff))
    }

    /// Runs one trial: samples an action, observes the reward and applies the three-factor update.
    public mutating func trial(cue: Int, task: GoNoGoTask, reversed: Bool, rng: inout RandomStream) -> Step {
        precondition(cue == 0 || cue == 1, "GoNoGoLearner: cue must be 0 or 1, got \(cue)")
        let c = constants
        let beta = effectiveInverseTemperature
        let pGo = goProbability(cue: cue)
        let action: GoNoGoAction = rng.nextUniform() < pGo ? .go : .noGo
        let reward = task.reward(cue: cue, action: action, reversed: reversed)
        let chosenRow = action == .go ? 0 : 1
        for a in 0..<2 {
            for j in 0..<2 {
                let hebbian = (a == chosenRow && j == cue) ? 1.0 : 0.0
                eligibility[2 * a + j] = c.traceDecay * eligibility[2 * a + j] + hebbian
            }
        }
        let delta = reward - actionValue(cue: cue, action: action)
        let eta = c.learningRate * (1 + c.noradrenalineLearningGain * noradrenaline)
        for i in 0..<4 { weights[i] += eta * delta * eligibility[i] }
        noradrenaline += (abs(delta) - noradrenaline) / c.surpriseTimeConstant
        return Step(cue: cue, action: action, correct: action == task.correctAction(cue: cue, reversed: reversed),
                    reward: reward, dopamine: delta, noradrenaline: noradrenaline, inverseTemperature: beta,
                    goProbability: pGo)
    }
}
