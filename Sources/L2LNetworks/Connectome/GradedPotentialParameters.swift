/// Parameters of the Kunert–Shlizerman–Kutz graded-potential neuron and synapse model.
///
/// Kunert J., Shlizerman E., Kutz J. N. (2014) Low-dimensional functionality of complex network
/// dynamics: neurosensory integration in the Caenorhabditis elegans connectome. Phys Rev E
/// 89:052805, doi:10.1103/PhysRevE.89.052805 (Eqs. 1–4). Units as in `peers/connectome_reference.py`:
/// time in s, voltage in mV, conductance in pS, capacitance in pF, input current in pA
/// (pS·mV = fA, hence the factor 1000 on the input).
///
/// ```
/// C dV_i/dt = −G_c (V_i − E_c) − Σ_j G^g_ij (V_i − V_j) − Σ_j G^s_ij s_j (V_i − E_j) + 1000 I_i
/// ds_i/dt   = a_r φ_i (1 − s_i) − a_d s_i,    φ_i = 1 / (1 + exp(−β (V_i − V_th,i)))
/// ```
///
/// Two published sets: ``kunert2014`` (the 2014 paper as coded in the authors' Neural Interactome
/// v0.4) and ``interactome`` (Kim, Leahy & Shlizerman 2019, Front Comput Neurosci 13:8; modWorm).
public struct GradedPotentialParameters: Sendable, Equatable, Hashable, Codable {
    /// Membrane capacitance C, pF.
    public var capacitance: Double
    /// Leak conductance G_c, pS.
    public var leakConductance: Double
    /// Leak reversal E_c, mV.
    public var leakReversal: Double
    /// Conductance per gap junction g_gap, pS.
    public var gapConductance: Double
    /// Conductance per chemical synapse g_syn, pS.
    public var synapticConductance: Double
    /// Reversal potential of excitatory synapses E_exc, mV.
    public var excitatoryReversal: Double
    /// Reversal potential of inhibitory synapses E_inh, mV.
    public var inhibitoryReversal: Double
    /// Synaptic activation rate a_r, 1/s.
    public var riseRate: Double
    /// Synaptic deactivation rate a_d, 1/s.
    public var decayRate: Double
    /// Sigmoid slope β, 1/mV.
    public var sigmoidSlope: Double

    public init(capacitance: Double, leakConductance: Double, leakReversal: Double, gapConductance: Double,
                synapticConductance: Double, excitatoryReversal: Double, inhibitoryReversal: Double,
                riseRate: Double, decayRate: Double, sigmoidSlope: Double) {
        self.capacitance = capacitance
        self.leakConductance = leakConductance
        self.leakReversal = leakReversal
        self.gapConductance = gapConductance
        self.synapticConductance = synapticConductance
        self.excitatoryReversal = excitatoryReversal
        self.inhibitoryReversal = inhibitoryReversal
        self.riseRate = riseRate
        self.decayRate = decayRate
        self.sigmoidSlope = sigmoidSlope
    }

    /// Kunert et al. 2014 (Neural Interactome v0.4): C 1 pF, G_c 10 pS, E_c −35 mV, g 100 pS,
    /// E_exc 0, E_inh −45 mV, a_r 1/s, a_d 5/s, β 0.125/mV.
    public static let kunert2014 = GradedPotentialParameters(
        capacitance: 1.0, leakConductance: 10.0, leakReversal: -35.0, gapConductance: 100.0,
        synapticConductance: 100.0, excitatoryReversal: 0.0, inhibitoryReversal: -45.0,
        riseRate: 1.0, decayRate: 5.0, sigmoidSlope: 0.125)

    /// Neural Interactome 2.x / modWorm (Kim, Leahy & Shlizerman 2019): C 1.5 pF, E_inh −48 mV,
    /// a_r 1/1.5 s⁻¹, a_d 5/1.5 s⁻¹, otherwise as ``kunert2014``.
    public static let interactome = GradedPotentialParameters(
        capacitance: 1.5, leakConductance: 10.0, leakReversal: -35.0, gapConductance: 100.0,
        synapticConductance: 100.0, excitatoryReversal: 0.0, inhibitoryReversal: -48.0,
        riseRate: 1.0 / 1.5, decayRate: 5.0 / 1.5, sigmoidSlope: 0.125)

    /// The set called `name` (`"kunert2014"` or `"interactome"`, the reference script's `--params`).
    public static func named(_ name: String) -> GradedPotentialParameters? {
        switch name {
        case "kunert2014": kunert2014
        case "interactome": interactome
        default: nil
        }
    }

    /// s_eq = a_r / (a_r + 2 a_d): the synaptic activation where φ = ½ is stationary (1/11 for both
    /// sets); the thresholds V_th are the network's equilibrium with every s held there.
    public var synapticEquilibrium: Double { riseRate / (riseRate + 2.0 * decayRate) }
}

/// Which presynaptic neurons make inhibitory synapses (reversal E_inh); all others are
/// excitatory (E_exc). A modelling choice: C. elegans synapses are not all of one sign per
/// transmitter, and glutamate acts through both excitatory and inhibitory (GluCl) receptors
/// (Fenyves et al. 2020, PLoS Comput Biol, doi:10.1371/journal.pcbi.1007974).
public struct SynapticPolarity: Sendable, Equatable, Hashable, Codable {
    /// The GABAergic set.
    public enum GABASet: String, Sendable, Hashable, Codable, CaseIterable {
        /// The 26 GABAergic neurons of Kunert et al. 2014 and the Neural Interactome:
        /// RMED/L/R/V, AVL, RIS, DVB, DD1–6, VD1–13 (the reference's `--inhibitory kunert26`).
        case kunert26
        /// Every neuron that synthesises GABA per Wang et al. 2024 (35 in Varshney's 279: the 26
        /// plus ALA, AVJL/R, RIBL/R and the ACh+GABA cells SMDDL/R, SMDVL/R; uptake-only AVFL/R
        /// excluded) (`--inhibitory wang2024-gaba`).
        case wang2024
    }

    /// The GABAergic neurons, inhibitory.
    public var gaba: GABASet
    /// Whether glutamatergic neurons (glutamate and no ACh or GABA, Wang et al. 2024) are
    /// inhibitory; false (the default, as in Kunert et al.) makes them excitatory.
    public var glutamateInhibitory: Bool

    public init(gaba: GABASet = .kunert26, glutamateInhibitory: Bool = false) {
        self.gaba = gaba
        self.glutamateInhibitory = glutamateInhibitory
    }

    /// The names of Kunert et al.'s 26 GABAergic neurons.
    public static let kunert26Names: Set<String> =
        Set(["RMED", "RMEL", "RMER", "RMEV", "AVL", "RIS", "DVB"] + (1...6).map { "DD\($0)" }
            + (1...13).map { "VD\($0)" })

    /// Whether synapses made by `neuron` are inhibitory under this choice.
    public func isInhibitory(_ neuron: ConnectomeNeuron) -> Bool {
        let t = neuron.transmitters
        let gabaergic = switch gaba {
        case .kunert26: Self.kunert26Names.contains(neuron.name)
        case .wang2024: t.gaba
        }
        return gabaergic || (glutamateInhibitory && t.glutamate && !t.acetylcholine && !t.gaba)
    }
}
