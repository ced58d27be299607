import L2LNumerics

/// The Kunert–Shlizerman–Kutz graded-potential model on a ``Connectome``: the shared structure
/// of a population of networks that differ only in their trainable weights.
///
/// ```swift
/// let worm = try Connectome.load(.varshney2011, from: dataDirectory)
/// let net = GradedPotentialNetwork(connectome: worm, parameters: .kunert2014)
/// let input = try net.currents(["PLML": 2000, "PLMR": 2000])      // pA
/// let vth = try net.equilibrium(weights: net.priorWeights, currents: input)
/// ```
///
/// **Conductances** (Kunert et al. 2014, Phys Rev E 89:052805, Eqs. 1–4):
/// `G^s_ij = g_syn · n_e · w_e` for the chemical edge e = j → i with `n_e` synapses, and
/// `G^g_ij = G^g_ji = g_gap · n_p · w_p` for the gap-junction pair p = {i, j}. The counts of the
/// connectome (Varshney et al. 2011 or Cook et al. 2019) are the biological prior; the
/// **weights** `w` are per-edge scale factors, one flat vector of ``weightCount`` values:
/// first the ``chemicalWeightCount`` chemical edges in `connectome.chemicalSynapses` order,
/// then the ``gapWeightCount`` gap-junction pairs in `connectome.gapJunctions` order.
/// ``priorWeights`` (all 1) reproduces the published model. Weights should be ≥ 0 (a negative
/// conductance is not physical); the model does not enforce it.
///
/// **Reversal potentials** follow the presynaptic neuron's transmitter (Wang et al. 2024,
/// eLife 13:RP95402) through ``SynapticPolarity``: E_inh for inhibitory, E_exc otherwise.
///
/// **Thresholds.** V_th is not free: it is the network's equilibrium with every s_j held at
/// s_eq = a_r/(a_r + 2a_d), input included (``equilibrium(weights:currents:)``, LAPACK `dgesv`).
public struct GradedPotentialNetwork: Sendable {
    /// The wiring.
    public let connectome: Connectome
    /// Neuron and synapse constants.
    public let parameters: GradedPotentialParameters
    /// Which presynaptic neurons are inhibitory.
    public let polarity: SynapticPolarity
    /// Whether each neuron's outgoing synapses are inhibitory.
    public let inhibitory: [Bool]
    /// Synaptic reversal potential E_j of each presynaptic neuron, mV.
    public let reversal: [Double]

    public init(connectome: Connectome, parameters: GradedPotentialParameters = .kunert2014,
                polarity: SynapticPolarity = SynapticPolarity()) {
        self.connectome = connectome
        self.parameters = parameters
        self.polarity = polarity
        inhibitory = connectome.neurons.map(polarity.isInhibitory)
        reversal = inhibitory.map { $0 ? parameters.inhibitoryReversal : parameters.excitatoryReversal }
    }

    /// Number of neurons N.
    public var neuronCount: Int { connectome.neurons.count }
    /// Number of chemical-edge weights (2,194 for Varshney 2011).
    public var chemicalWeightCount: Int { connectome.chemicalSynapses.count }
    /// Number of gap-junction-pair weights (514 for Varshney 2011).
    public var gapWeightCount: Int { connectome.gapJunctions.count }
    /// Length of a weight vector: chemical edges, then gap pairs.
    public var weightCount: Int { chemicalWeightCount + gapWeightCount }
    /// The published model: every scale factor 1.
    public var priorWeights: [Double] { [Double](repeating: 1, count: weightCount) }

    /// Input currents (pA) into the named neurons, zero elsewhere, as a vector over neuron ids.
    /// - Throws: ``ConnectomeError/unknownStimulusNeuron(name:dataset:)`` for a name not in the network.
    public func currents(_ named: [String: Double]) throws(ConnectomeError) -> [Double] {
        var out = [Double](repeating: 0, count: neuronCount)
        for (name, value) in named {
            guard let i = connectome.index(of: name) else {
                throw .unknownStimulusNeuron(name: name, dataset: "\(connectome.dataset)")
            }
            out[i] = value
        }
        return out
    }

    /// Dense `N × N` conductance matrices of one weight vector, row = postsynaptic neuron:
    /// `gap[i·N + j] = G^g_ij` (symmetric, zero diagonal) and `synaptic[i·N + j] = G^s_ij` (j → i), pS.
    public func conductances(weights: [Double]) -> (gap: [Double], synaptic: [Double]) {
        precondition(weights.count == weightCount, "conductances: \(weights.count) weights, need \(weightCount)")
        let n = neuronCount, p = parameters
        var gap = [Double](repeating: 0, count: n * n), syn = gap
        for (e, c) in connectome.chemicalSynapses.enumerated() {
            syn[c.post * n + c.pre] += p.synapticConductance * Double(c.count) * weights[e]
        }
        for (k, g) in connectome.gapJunctions.enumerated() {
            let v = p.gapConductance * Double(g.count) * weights[chemicalWeightCount + k]
            gap[g.a * n + g.b] += v
            gap[g.b * n + g.a] += v
        }
        return (gap, syn)
    }

    /// The equilibrium potentials V (mV) of the network with every s_j held at s_eq, for each
    /// column of `currents` (pA): the solution of
    /// `[G_c + Σ_j G^g_ij + s_eq Σ_j G^s_ij] V_i − Σ_j G^g_ij V_j = G_c E_c + s_eq Σ_j G^s_ij E_j + 1000 I_i`
    /// by one LU factorization with partial pivoting (LAPACK `dgesv`).
    ///
    /// With input these are the thresholds V_th; without input, the resting state.
    /// - Parameters:
    ///   - weights: a weight vector (``weightCount`` values).
    ///   - currents: right-hand sides, each N input currents in pA.
    /// - Returns: one N-vector per right-hand side.
    /// - Throws: `LinearAlgebraError` (`.singular`, or `.illegalArgument` for NaN weights).
    /// - Complexity: O(N³ + N²·k) for k right-hand sides.
    public func equilibrium(weights: [Double], currents: [[Double]]) throws(LinearAlgebraError) -> [[Double]] {
        let n = neuronCount, k = currents.count, p = parameters
        precondition(currents.allSatisfy { $0.count == n }, "equilibrium: each input needs \(n) currents")
        if k == 0 || n == 0 { return currents.map { _ in [] } }
        let sEq = p.synapticEquilibrium
        let (gap, syn) = conductances(weights: weights)
        var a = [Double](repeating: 0, count: n * n)
        var rhs = [Double](repeating: 0, count: n * k)   // row-major N × k
        for i in 0..<n {
            var gapTotal = 0.0, synTotal = 0.0, synE = 0.0
            for j in 0..<n {
                gapTotal += gap[i * n + j]
                synTotal += syn[i * n + j]
                synE += syn[i * n + j] * reversal[j]
                a[i * n + j] = -gap[i * n + j]
            }
            a[i * n + i] = p.leakConductance + gapTotal + sEq * synTotal - gap[i * n + i]
            let base = p.leakConductance * p.leakReversal + sEq * synE
            for c in 0..<k { rhs[i * k + c] = base + 1000.0 * currents[c][i] }
        }
        try a.withUnsafeMutableBufferPointer { (ap) throws(LinearAlgebraError) in
            try rhs.withUnsafeMutableBufferPointer { (bp) throws(LinearAlgebraError) in
                try StridedProducts.solveGeneral(ap.baseAddress!, n: n, bp.baseAddress!, rightHandSides: k)
            }
        }
        return (0..<k).map { c in (0..<n).map { rhs[$0 * k + c] } }
    }

    /// The equilibrium for one input (see ``equilibrium(weights:currents:)``).
    public func equilibrium(weights: [Double], currents: [Double]) throws(LinearAlgebraError) -> [Double] {
        try equilibrium(weights: weights, currents: [currents])[0]
    }
}
