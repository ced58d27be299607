/// The constants of the dopamine/noradrenaline learning rule of `GoNoGoLearner`: the
/// hyperparameters an outer loop tunes (algorithms.md §8).
///
/// ```swift
/// let withNA = NeuromodulationConstants()          // DA + NA
/// let daOnly = withNA.dopamineOnly                 // the same, NA gains zeroed
/// ```
///
/// - `learningRate` η: plasticity, Δw = η_eff·δ·e (three-factor rule; Frémaux & Gerstner 2016,
///   *Front. Neural Circuits* 9:85), δ = r − Q(s, a) the dopamine reward-prediction error
///   (Schultz, Dayan & Montague 1997, *Science* 275:1593).
/// - `inverseTemperature` β: policy sharpness, P(go) = σ(β_eff·(Q(s, go) − Q(s, noGo))).
/// - `traceDecay` λ ∈ [0, 1): eligibility carried from one trial to the next (0: only this trial).
/// - `surpriseTimeConstant` τ_NA (trials): NA ← NA + (|δ| − NA)/τ_NA, a leaky average of unsigned
///   prediction errors (unexpected uncertainty; Yu & Dayan 2005, *Neuron* 46:681).
/// - `noradrenalineTemperatureGain` κ_β: β_eff = β/(1 + κ_β·NA), more random actions after surprise
///   (exploration; Aston-Jones & Cohen 2005, *Annu. Rev. Neurosci.* 28:403).
/// - `noradrenalineLearningGain` κ_η: η_eff = η·(1 + κ_η·NA), a plasticity gain after surprise.
public struct NeuromodulationConstants: Codable, Sendable, Equatable {
    /// η, actor learning rate.
    public var learningRate: Double
    /// β, inverse temperature of the policy.
    public var inverseTemperature: Double
    /// λ, eligibility-trace decay per trial, in [0, 1).
    public var traceDecay: Double
    /// τ_NA, surprise time constant in trials (≥ 1).
    public var surpriseTimeConstant: Double
    /// κ_β, noradrenaline gain on the temperature (0: no NA effect on actions).
    public var noradrenalineTemperatureGain: Double
    /// κ_η, noradrenaline gain on the learning rate (0: no NA effect on plasticity).
    public var noradrenalineLearningGain: Double

    /// - Parameters: as the properties (defaults η 0.3, β 5, λ 0, τ_NA 5, κ_β 10,
    ///   κ_η 0.5: chosen on a grid over seeds 0–19, see the report in GoNoGoReversalTests).
    public init(learningRate: Double = 0.3, inverseTemperature: Double = 5,
                traceDecay: Double = 0, surpriseTimeConstant: Double = 5,
                noradrenalineTemperatureGain: Double = 10, noradrenalineLearningGain: Double = 0.5) {
        self.learningRate = learningRate
        self.inverseTemperature = inverseTemperature
        self.traceDecay = traceDecay
        self.surpriseTimeConstant = surpriseTimeConstant
        self.noradrenalineTemperatureGain = noradrenalineTemperatureGain
        self.noradrenalineLearningGain = noradrenalineLearningGain
    }

    /// The same constants with both noradrenaline gains set to zero (the dopamine-only learner).
    public var dopamineOnly: NeuromodulationConstants {
        var c = self
        c.noradrenalineTemperatureGain = 0
        c.noradrenalineLearningGain = 0
        return c
    }

    /// True when noradrenaline has any effect.
    public var usesNoradrenaline: Bool { noradrenalineTemperatureGain != 0 || noradrenalineLearningGain != 0 }

    /// The constants as a flat vector, in declaration order (for an outer-loop optimizer).
    public var vector: [Double] {
        [learningRate, inverseTemperature, traceDecay, surpriseTimeConstant,
         noradrenalineTemperatureGain, noradrenalineLearningGain]
    }

    /// Names of `vector`'s entries.
    public static let vectorKeys = ["learning_rate", "inverse_temperature", "trace_decay",
                                    "surprise_time_constant", "na_temperature_gain", "na_learning_gain"]
    /// Sensible search bounds of `vector`'s entries (lower, upper).
    public static let vectorBounds: [(Double, Double)] = [(0.01, 1), (0.5, 20), (0, 0.95), (1, 50),
                                                          (0, 20), (0, 10)]

    /// Constants from a flat vector (the order of `vector`), clipped to `vectorBounds`.
    public init(vector: [Double]) {
        precondition(vector.count == 6, "NeuromodulationConstants: need 6 values, got \(vector.count)")
        let v = zip(vector, Self.vectorBounds).map { min(max($0, $1.0), $1.1) }
        self.init(learningRate: v[0], inverseTemperature: v[1], traceDecay: v[2],
                  surpriseTimeConstant: v[3], noradrenalineTemperatureGain: v[4], noradrenalineLearningGain: v[5])
    }
}
