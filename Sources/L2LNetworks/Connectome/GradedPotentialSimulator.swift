import Foundation
import L2LNumerics

/// Simulates a batch of ``GradedPotentialNetwork`` members that share the wiring and differ in
/// their weight vectors (an optimizer's population), in one pass, with a fixed time step.
///
/// ```swift
/// let net = GradedPotentialNetwork(connectome: worm, parameters: .kunert2014)
/// let input = try net.currents(["PLML": 2000, "PLMR": 2000])
/// let sim = GradedPotentialSimulator(network: net, weights: population, currents: input,
///                                    method: .rk4, dtMs: 0.1)
/// sim.run(durationMs: 1000)              // from rest: V = V_rest, s = s_eq
/// let v = sim.potentials(member: 0)      // mV, one per neuron
/// ```
///
/// **Protocol** (as `peers/connectome_reference.py`): a member starts at rest — V the
/// equilibrium without input, s = s_eq — and the constant input is on from t = 0. Its
/// thresholds V_th are the equilibrium *with* the input (Kunert et al. 2014), re-solved when
/// the input or the weights change (``thresholdsFollowInput`` = false keeps them at the
/// no-input equilibrium instead). Time runs in seconds inside; `dtMs` is in ms.
///
/// **Methods**: forward Euler or classical fourth-order Runge–Kutta, with the arithmetic in the
/// reference's order. Stability limits at the prior weights (Varshney 2011): Euler dt ≤ 0.14 ms,
/// RK4 ≤ 0.20 ms (`kunert2014`); 0.21 / 0.30 ms (`interactome`).
///
/// **Precision.** The time loop runs in double (the default: the reference's arithmetic and bits)
/// or, with `precision: .single`, in float — twice the lanes per 512-bit register and half the
/// bytes, 2.2–2.4× the network steps per second at batch 64; V stays within 0.01 mV of double
/// (1.1e-3 mV after 100 ms, 7.2e-3 mV after 300 ms with weights ±20 % off the prior;
/// `ConnectomePrecisionTests`). Equilibria, weights and inputs are computed in double
/// and rounded once. Both instantiate the same generic kernels (``GradedScalar``).
///
/// **Layout and cost.** Members are simulated in chunks of 16 (32 in single precision: the same
/// bytes), one chunk after the other for a whole `run`; inside a chunk the state is
/// struct-of-arrays with the member innermost (`i·B + b`). The chemical and gap products
/// (``ConductanceRows``; 2,194 chemical entries and 2 × 514 gap entries for Varshney) walk
/// compressed rows by postsynaptic neuron and accumulate a chunk's two registers of members (8
/// doubles or 16 floats each) over one pass of a row; a single member uses a sliced ELLPACK copy
/// (SELL-4) that sums 4 rows per SIMD register, because branch mispredictions at the ends of short
/// rows dominated the plain row loop; chunks of 2 and 4 members (a foraging candidate's layouts)
/// walk the same slices with each row's members in one register, and the lanes past a full
/// register in other chunks keep their sums in registers. Every member does exactly the
/// arithmetic of a single run, in the same order (a batch of identical members equals
/// single runs bit for bit). Per-member weights give each member its own conductance matrix, so
/// a shared dense product does not apply; and even with shared weights a dense 279×279 by 279×64
/// `dgemm` (≈ 185 µs with OpenBLAS on one core, three per evaluation) costs more than a whole RK4
/// step of 64 members here (≈ 450 µs, four evaluations): the products have 3,222 non-zeros
/// against 77,841 dense entries. The sigmoid's exponential is a vectorizable polynomial
/// (`sigmoidExp`); ``operationsPerNetworkStep`` counts the work for the benchmark's GFLOP/s.
///
/// **Divergence.** A member whose state becomes NaN or ±∞ (or whose equilibrium solve fails) is
/// flagged in ``divergedAtStep`` and its state is set to NaN; the others are unaffected.
///
/// - Complexity: per step O(B·(E_chem + 2·E_gap + N)) per right-hand-side evaluation (1 for Euler,
///   4 for RK4); O(N³) per distinct weight vector for the threshold solves at construction and on
///   input or weight changes.
public final class GradedPotentialSimulator {
    /// Integration method.
    public enum Method: String, Sendable, Codable, CaseIterable {
        case euler, rk4
        /// Right-hand-side evaluations per step.
        public var evaluationsPerStep: Int { self == .euler ? 1 : 4 }
    }

    /// The shared structure.
    public let network: GradedPotentialNetwork
    /// Number of members B.
    public let batch: Int
    /// Integration method.
    public let method: Method
    /// Time step, ms.
    public let dtMs: Double
    /// Whether V_th is the equilibrium with the current input (true, Kunert et al.) or without input.
    public let thresholdsFollowInput: Bool
    /// Each member's weight vector.
    public private(set) var weights: [[Double]]
    /// Each member's input currents, pA, one per neuron.
    public private(set) var currents: [[Double]]
    /// Steps taken since the last ``reset()``.
    public private(set) var step = 0
    /// Step at which each member diverged (0: its equilibrium solve failed), nil while finite.
    public private(set) var divergedAtStep: [Int?]

    let n: Int
    let p: GradedPotentialParameters
    /// Arithmetic of the time loop.
    public let precision: SimulationPrecision
    /// Members in chunks of ``chunkSize``, each simulated for a whole `run` before the next, so a
    /// chunk's coefficients and state stay in cache.
    let chunks: [any GradedChunk]
    /// Members per chunk: the fused kernel's width, 16 in double and 32 in single precision (the
    /// same bytes of state and coefficients).
    let chunkSize: Int
    var restPotentials: [[Double]]

    /// A batch of members with the given weights, all starting at rest.
    /// - Parameters:
    ///   - network: the wiring and constants.
    ///   - weights: B ≥ 1 weight vectors of ``GradedPotentialNetwork/weightCount`` values.
    ///   - currents: input currents (pA) per neuron, shared by all members (default: none).
    ///   - method: Euler or RK4.
    ///   - dtMs: time step in ms (0.1 in the reference).
    ///   - thresholdsFollowInput: see the type's documentation.
    ///   - precision: the time loop's arithmetic (double by default; single: about twice as fast
    ///     for batches, results within the model's tolerance rather than the reference's bits).
    public init(network: GradedPotentialNetwork, weights: [[Double]], currents: [Double]? = nil,
                method: Method = .rk4, dtMs: Double = 0.1, thresholdsFollowInput: Bool = true,
                precision: SimulationPrecision = .double) {
        precondition(!weights.isEmpty, "GradedPotentialSimulator: need at least one member")
        precondition(weights.allSatisfy { $0.count == network.weightCount },
                     "GradedPotentialSimulator: each member needs \(network.weightCount) weights")
        precondition(dtMs > 0 && dtMs.isFinite, "GradedPotentialSimulator: dtMs must be positive, got \(dtMs)")
        let input = currents ?? [Double](repeating: 0, count: network.neuronCount)
        precondition(input.count == network.neuronCount,
                     "GradedPotentialSimulator: \(input.count) currents, need \(network.neuronCount)")
        self.network = network
        self.batch = weights.count
        self.method = method
        self.dtMs = dtMs
        self.thresholdsFollowInput = thresholdsFollowInput
        self.weights = weights
        self.currents = [[Double]](repeating: input, count: weights.count)
        n = network.neuronCount
        p = network.parameters
        self.precision = precision
        let size = precision == .double ? GradedPotentialBuffers<Double>.fusedWidth : GradedPotentialBuffers<Float>.fusedWidth
        chunkSize = size
        chunks = stride(from: 0, to: weights.count, by: size).map { first -> any GradedChunk in
            let members = min(size, weights.count - first)
            switch precision {
            case .double: return GradedPotentialBuffers<Double>(network: network, batch: members)
            case .single: return GradedPotentialBuffers<Float>(network: network, batch: members)
            }
        }
        divergedAtStep = [Int?](repeating: nil, count: weights.count)
        restPotentials = [[Double]](repeating: [Double](repeating: .nan, count: n), count: weights.count)
        var solved: [[Double]: [[Double]]] = [:]   // identical members share one solve
        for b in 0..<batch {
            chunk(b).setWeights(weights[b], member: lane(b), network: network)
            chunk(b).setInput(input, member: lane(b))
            let key = weights[b] + (thresholdsFollowInput ? input : [])
            if solved[key] == nil { solved[key] = try? solve(member: b) }
            applySolution(solved[key], member: b)
        }
        reset()
    }

    /// Equilibria without and with the member's input.
    private func solve(member b: Int) throws(LinearAlgebraError) -> [[Double]] {
        let zero = [Double](repeating: 0, count: n)
        return try network.equilibrium(weights: weights[b], currents: thresholdsFollowInput ? [zero, currents[b]] : [zero])
    }

    private func applySolution(_ solution: [[Double]]?, member b: Int) {
        let rest = solution?[0] ?? [Double](repeating: .nan, count: n)
        restPotentials[b] = rest
        let vth = solution?.last ?? rest
        chunk(b).write(vth, to: .threshold, member: lane(b))
    }

    @inline(__always) func chunk(_ b: Int) -> any GradedChunk { chunks[b / chunkSize] }
    @inline(__always) func lane(_ b: Int) -> Int { b % chunkSize }

    /// Puts every member at rest (V = equilibrium without input, s = s_eq), clears the step count
    /// and the divergence flags of members whose solve succeeded.
    public func reset() {
        step = 0
        let sEq = p.synapticEquilibrium
        for b in 0..<batch {
            let ok = restPotentials[b].allSatisfy(\.isFinite)
            divergedAtStep[b] = ok ? nil : 0
            chunk(b).write(ok ? restPotentials[b] : [Double](repeating: .nan, count: n), to: .potential, member: lane(b))
            chunk(b).write([Double](repeating: ok ? sEq : .nan, count: n), to: .activation, member: lane(b))
        }
    }

    /// Replaces member `b`'s weight vector and re-solves its equilibria (a failed solve flags the
    /// member); call ``reset()`` to restart from the new rest state.
    public func setWeights(_ w: [Double], member b: Int) {
        precondition(w.count == network.weightCount, "setWeights: \(w.count) weights, need \(network.weightCount)")
        weights[b] = w
        chunk(b).setWeights(w, member: lane(b), network: network)
        let solution = try? solve(member: b)
        applySolution(solution, member: b)
        if solution == nil { markFailed(b) }
    }

    /// Flags member `b` as diverged now (its equilibrium solve failed) and sets its state to NaN.
    private func markFailed(_ b: Int) {
        if divergedAtStep[b] == nil { divergedAtStep[b] = step }
        chunk(b).write([Double](repeating: .nan, count: n), to: .potential, member: lane(b))
        chunk(b).write([Double](repeating: .nan, count: n), to: .activation, member: lane(b))
    }

    /// Replaces the input currents (pA per neuron) of member `b`, or of all members when nil; with
    /// ``thresholdsFollowInput`` the thresholds are re-solved (the state is kept, as when an input
    /// switches mid-run).
    public func setCurrents(_ c: [Double], member: Int? = nil) {
        precondition(c.count == n, "setCurrents: \(c.count) currents, need \(n)")
        var solved: [[Double]: [[Double]]] = [:]
        for b in member.map({ [$0] }) ?? Array(0..<batch) {
            currents[b] = c
            chunk(b).setInput(c, member: lane(b))
            guard thresholdsFollowInput else { continue }
            let key = weights[b]
            if solved[key] == nil { solved[key] = try? solve(member: b) }
            guard let vth = solved[key]?.last else { markFailed(b); continue }
            chunk(b).write(vth, to: .threshold, member: lane(b))
        }
    }

    /// Membrane potentials of member `b`, mV.
    public func potentials(member b: Int) -> [Double] { chunk(b).read(.potential, member: lane(b)) }
    /// Synaptic activations s of member `b`.
    public func activations(member b: Int) -> [Double] { chunk(b).read(.activation, member: lane(b)) }
    /// Thresholds V_th of member `b`, mV.
    public func thresholds(member b: Int) -> [Double] { chunk(b).read(.threshold, member: lane(b)) }
    /// The resting potentials (equilibrium without input) of member `b`, mV.
    public func restingPotentials(member b: Int) -> [Double] { restPotentials[b] }

    /// dV/dt (mV/s) and ds/dt (1/s) of every member at the current state, `[member][neuron]`.
    public func derivative() -> (dv: [[Double]], ds: [[Double]]) {
        let members = chunks.flatMap { $0.derivatives(p: p) }
        return (members.map(\.dv), members.map(\.ds))
    }

    /// Floating-point operations of one member's step as the kernel performs them (the work a
    /// benchmark divides by its time): per right-hand-side evaluation 2 per stored conductance
    /// (multiply, add) and the element loop's operations per neuron (the
    /// exponential's polynomial included); per step 4 per neuron for each of RK4's first three
    /// stage points and 14 for its final combination (Euler: 4).
    public var operationsPerNetworkStep: Double {
        let entries = Double(chunks[0].entryCount), neurons = Double(n)
        let evaluation = 2 * entries + Double(chunks[0].operationsPerNeuron) * neurons
        switch method {
        case .euler: return evaluation + 4 * neurons
        case .rk4: return 4 * evaluation + (3 * 4 + 14) * neurons
        }
    }

    /// Advances every member by `steps` steps of ``dtMs``, one chunk of members after the other.
    public func run(steps: Int) {
        let dt = dtMs / 1000.0
        for (index, c) in chunks.enumerated() {
            let first = index * chunkSize
            for k in 0..<steps {
                c.step(method, dt: dt, p: p)
                checkDivergence(c, first: first, step: step + k + 1)
            }
        }
        step += steps
    }

    /// Advances by `round(durationMs / dtMs)` steps (the reference's `round(t_end / dt)`).
    public func run(durationMs: Double) {
        run(steps: Int((durationMs / 1000.0 / (dtMs / 1000.0)).rounded()))
    }

    private func checkDivergence(_ c: any GradedChunk, first: Int, step: Int) {
        guard c.anyNonFinite() else { return }
        for lane in 0..<c.batch where divergedAtStep[first + lane] == nil && !c.isFinite(member: lane) {
            divergedAtStep[first + lane] = step
            c.write([Double](repeating: .nan, count: n), to: .potential, member: lane)
            c.write([Double](repeating: .nan, count: n), to: .activation, member: lane)
        }
    }
}
