import Foundation

/// The shape of the postsynaptic current an arriving spike causes, as in NEST's
/// `iaf_psc_delta`, `iaf_psc_exp` and `iaf_psc_alpha` models.
///
/// - `delta`: the membrane potential jumps by the synaptic weight (weight in mV).
/// - `exponential`: a current `w·exp(−t/τ_syn)` (weight in pA).
/// - `alpha`: a current `w·(t/τ_syn)·exp(1 − t/τ_syn)` that peaks at `w` pA after τ_syn.
///
/// Sources: Rotter & Diesmann 1999, "Exact digital simulation of time-invariant linear
/// systems with applications to neuronal modeling", Biol. Cybern. 81:381–402,
/// doi:10.1007/s004220050570; NEST 3 model documentation.
public enum SynapseModel: String, Codable, Sendable, CaseIterable {
    case delta
    case exponential
    case alpha
}

/// Parameters of one population of current-based leaky integrate-and-fire neurons,
/// in NEST's units and conventions (ms, mV, pF, pA; potentials absolute).
///
/// ```swift
/// // The benchmark neuron of models.md §1.3 (Brunel 2000), drive μ = 24 mV:
/// let p = LIFParameters(tauM: 20, capacitance: 250, threshold: 20, reset: 10,
///                       refractoryPeriod: 2, externalCurrent: 24 * 250 / 20)
/// ```
///
/// Subthreshold dynamics `C dV/dt = −C (V − E_L)/τ_m + I_syn(t) + I_e` are integrated
/// exactly on the time grid (Rotter & Diesmann 1999); when `V ≥ threshold` the neuron
/// spikes, `V` is set to `reset` and clamped there for `refractoryPeriod` (rounded to
/// steps). With delta synapses, input that arrives during the refractory period is
/// discarded (NEST `iaf_psc_delta`); exponential and alpha currents keep evolving.
public struct LIFParameters: Codable, Sendable, Equatable {
    /// Membrane time constant τ_m, ms.
    public var tauM: Double
    /// Membrane capacitance C_m, pF.
    public var capacitance: Double
    /// Resting potential E_L, mV.
    public var restingPotential: Double
    /// Spike threshold V_th (absolute), mV.
    public var threshold: Double
    /// Reset potential V_reset (absolute), mV.
    public var reset: Double
    /// Absolute refractory period t_ref, ms.
    public var refractoryPeriod: Double
    /// Constant external current I_e, pA.
    public var externalCurrent: Double
    /// Shape of the synaptic currents.
    public var synapse: SynapseModel
    /// Time constant of excitatory synaptic currents τ_syn,ex, ms (exponential and alpha).
    public var tauSynExcitatory: Double
    /// Time constant of inhibitory synaptic currents τ_syn,in, ms (exponential and alpha).
    public var tauSynInhibitory: Double

    /// - Parameters: as the properties; defaults are NEST's `iaf_psc_*` defaults shifted
    ///   to E_L = 0 (τ_m 10 ms, C_m 250 pF, V_th 15, V_reset 0 mV, t_ref 2 ms, τ_syn 2 ms).
    public init(tauM: Double = 10, capacitance: Double = 250, restingPotential: Double = 0,
                threshold: Double = 15, reset: Double = 0, refractoryPeriod: Double = 2,
                externalCurrent: Double = 0, synapse: SynapseModel = .delta,
                tauSynExcitatory: Double = 2, tauSynInhibitory: Double = 2) {
        self.tauM = tauM
        self.capacitance = capacitance
        self.restingPotential = restingPotential
        self.threshold = threshold
        self.reset = reset
        self.refractoryPeriod = refractoryPeriod
        self.externalCurrent = externalCurrent
        self.synapse = synapse
        self.tauSynExcitatory = tauSynExcitatory
        self.tauSynInhibitory = tauSynInhibitory
    }

    /// NEST's `iaf_psc_*` defaults, shifted so that E_L = −70 mV as in NEST.
    public static let nestDefaults = LIFParameters(
        restingPotential: -70, threshold: -55, reset: -70)

    /// The asymptotic potential E_L + I_e τ_m / C_m that constant drive alone reaches, mV.
    public var drivenPotential: Double { restingPotential + externalCurrent * tauM / capacitance }

    /// The firing period under constant drive alone, in continuous time:
    /// `t_ref + τ_m ln((μ − V_reset)/(μ − V_th))` with μ the driven potential (Tuckwell 1988);
    /// `.infinity` when μ ≤ V_th.
    public var analyticalPeriod: Double {
        let mu = drivenPotential
        guard mu > threshold else { return .infinity }
        return refractoryPeriod + tauM * log((mu - reset) / (mu - threshold))
    }

    /// Checks that the parameters describe a valid neuron.
    /// - Precondition: positive τ's and C_m, t_ref ≥ 0, reset < threshold, all finite.
    func validate() {
        precondition(tauM > 0 && tauM.isFinite, "LIFParameters: tauM must be > 0, got \(tauM)")
        precondition(capacitance > 0 && capacitance.isFinite, "LIFParameters: capacitance must be > 0, got \(capacitance)")
        precondition(tauSynExcitatory > 0 && tauSynInhibitory > 0, "LIFParameters: synaptic time constants must be > 0")
        precondition(refractoryPeriod >= 0, "LIFParameters: refractoryPeriod must be ≥ 0, got \(refractoryPeriod)")
        precondition(reset < threshold, "LIFParameters: reset (\(reset)) must lie below threshold (\(threshold))")
        precondition([restingPotential, threshold, reset, externalCurrent].allSatisfy(\.isFinite),
                     "LIFParameters: potentials and current must be finite")
    }
}
