import Foundation

/// First-order synaptic and rate-filter kinetics of a `MorrisLecarNetwork`.
///
/// Each neuron j drives a gating variable s_j with
/// `ds_j/dt = α T(V_j)(1 − s_j) − s_j/τ_s`, `T(V) = 1/(1 + exp(−(V − θ)/σ))` — the graded
/// transmitter-release synapse of Wang & Rinzel 1992 (*Neural Comput.* 4:84) and Kunert et al.
/// 2014 (models.md §2) — and a rate proxy `dr_j/dt = (T(V_j) − r_j)/τ_r`: the fraction of time spent
/// above θ, low-pass filtered, which is proportional to the firing rate for stereotyped spikes.
public struct MorrisLecarSynapse: Codable, Sendable, Equatable {
    /// Activation rate α, 1/ms.
    public var riseRate: Double
    /// Decay time constant τ_s, ms.
    public var decayTime: Double
    /// Release threshold θ, mV (also the spike-detection threshold).
    public var threshold: Double
    /// Release slope σ, mV.
    public var slope: Double
    /// Time constant τ_r of the rate proxy used by readouts, ms.
    public var rateTimeConstant: Double

    /// - Parameters: as the properties (defaults α 0.5/ms, τ_s 150 ms, θ 0 mV, σ 2 mV, τ_r 100 ms).
    ///   The slow, NMDA-like τ_s is what lets recurrent excitation hold a count through the delay
    ///   (Wang 1999, *J. Neurosci.* 19:9587): with τ_s = 50 ms a throwaway OpenAI-ES run (N = 10,
    ///   150 generations × 20) did not beat the constant-mean readout, with 150 ms it halved its error.
    public init(riseRate: Double = 0.5, decayTime: Double = 150, threshold: Double = 0, slope: Double = 2,
                rateTimeConstant: Double = 100) {
        self.riseRate = riseRate
        self.decayTime = decayTime
        self.threshold = threshold
        self.slope = slope
        self.rateTimeConstant = rateTimeConstant
    }

    /// T(V), the release (and rate) sigmoid.
    @inline(__always) public func release(_ v: Double) -> Double { 1 / (1 + exp(-(v - threshold) / slope)) }
}

/// A recurrent network of Morris–Lecar neurons with current-based graded synapses and a scalar
/// piecewise-constant stimulus, as an `ODESystem` of dimension 4N.
///
/// ```swift
/// var net = MorrisLecarNetwork(neuron: .classI, neuronCount: 50)
/// net.biasCurrents = [Double](repeating: 35, count: 50)
/// let trace = net.simulate(duration: 1000, pulses: [(100, 120)], sampleInterval: 10)
/// ```
///
/// Neuron i obeys Morris & Lecar 1981 (see `MorrisLecarParameters`) with injected current
///
///     I_i(t) = b_i + u_i·p(t) + Σ_j W_ij s_j
///
/// b the bias currents, u the input weights, p(t) ∈ {0, 1} the stimulus (pulses), W the recurrent
/// weights (µA/cm² per unit of synaptic activation; signed, so a neuron may excite and inhibit).
/// This is a reconstruction of the network of Hazelden et al. 2023 ("Evolutionary algorithms as an
/// alternative to backpropagation for supervised training of biophysical neural networks and neural
/// ODEs", arXiv:2311.10869), whose coupling is not specified in the abstract (models.md §5).
///
/// State layout: `[V_0..V_{N−1}, w_0.., s_0.., r_0..]` (mV, 1, 1, 1).
///
/// - Complexity: one derivative evaluation costs O(N²) (the recurrent sum) plus 4N transcendental calls.
public struct MorrisLecarNetwork: ODESystem, Codable, Sendable, Equatable {
    /// Parameters shared by all neurons.
    public var neuron: MorrisLecarParameters
    /// Synaptic and rate-filter kinetics.
    public var synapse: MorrisLecarSynapse
    /// Number of neurons N.
    public let neuronCount: Int
    /// W, row-major N×N: `recurrentWeights[i * N + j]` is the weight from j onto i, µA/cm².
    public var recurrentWeights: [Double]
    /// u, the stimulus weights, µA/cm² per unit stimulus.
    public var inputWeights: [Double]
    /// b, constant bias currents, µA/cm².
    public var biasCurrents: [Double]
    /// The current stimulus level p (set by `simulate` between breakpoints).
    public var stimulusLevel: Double = 0
    /// |V| above this (mV) is reported as `IntegrationFailure.stateOutOfBounds`.
    public var voltageBound: Double = 1000

    /// A network with zero weights and biases.
    public init(neuron: MorrisLecarParameters, synapse: MorrisLecarSynapse = MorrisLecarSynapse(), neuronCount: Int) {
        precondition(neuronCount >= 1, "MorrisLecarNetwork needs at least one neuron, got \(neuronCount)")
        self.neuron = neuron
        self.synapse = synapse
        self.neuronCount = neuronCount
        recurrentWeights = [Double](repeating: 0, count: neuronCount * neuronCount)
        inputWeights = [Double](repeating: 0, count: neuronCount)
        biasCurrents = [Double](repeating: 0, count: neuronCount)
    }

    public var dimension: Int { 4 * neuronCount }

    /// The rest-like initial state: V = `voltage` for every neuron, w = w∞(V), s = r = 0.
    public func initialState(voltage: Double = -60) -> [Double] {
        let n = neuronCount
        var y = [Double](repeating: 0, count: 4 * n)
        for i in 0..<n {
            y[i] = voltage
            y[n + i] = neuron.wInfinity(voltage)
        }
        return y
    }

    public func derivative(time: Double, state: UnsafeBufferPointer<Double>,
                           into dy: UnsafeMutableBufferPointer<Double>) {
        let n = neuronCount
        let p = neuron, syn = synapse
        let invC = 1 / p.capacitance
        let level = stimulusLevel
        let invTauS = 1 / syn.decayTime, invTauR = 1 / syn.rateTimeConstant
        let halfInvV4 = 0.5 / p.v4, twoInvV2 = 2 / p.v2, invSlope = 1 / syn.slope
        recurrentWeights.withUnsafeBufferPointer { wRec in
        inputWeights.withUnsafeBufferPointer { u in
        biasCurrents.withUnsafeBufferPointer { b in
            for i in 0..<n {
                let v = state[i], w = state[n + i], s = state[2 * n + i], r = state[3 * n + i]
                // Four partial sums so the compiler can vectorize the O(N) dot product.
                let row = i * n, sBase = 2 * n
                var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0
                var j = 0
                while j + 4 <= n {
                    a0 += wRec[row + j] * state[sBase + j]
                    a1 += wRec[row + j + 1] * state[sBase + j + 1]
                    a2 += wRec[row + j + 2] * state[sBase + j + 2]
                    a3 += wRec[row + j + 3] * state[sBase + j + 3]
                    j += 4
                }
                while j < n { a0 += wRec[row + j] * state[sBase + j]; j += 1 }
                let synaptic = (a0 + a1) + (a2 + a3)
                let current = b[i] + u[i] * level + synaptic
                // Three exponentials instead of tanh, tanh, cosh, exp: with u = exp((V − V3)/(2 V4)),
                // w∞ = ½(1 + tanh(2 ln u)) = 1/(1 + u⁻⁴) and cosh((V − V3)/(2 V4)) = (u + 1/u)/2;
                // m∞ = 1/(1 + exp(−2(V − V1)/V2)).
                let u = exp((v - p.v3) * halfInvV4)
                let u2 = u * u
                let wInf = 1 / (1 + 1 / (u2 * u2))
                let invTau = 0.5 * (u + 1 / u)
                let mInf = 1 / (1 + exp(-(v - p.v1) * twoInvV2))
                let ionic = p.gLeak * (v - p.vLeak) + p.gCalcium * mInf * (v - p.vCalcium)
                    + p.gPotassium * w * (v - p.vPotassium)
                dy[i] = (current - ionic) * invC
                dy[n + i] = p.phi * invTau * (wInf - w)
                let release = 1 / (1 + exp(-(v - syn.threshold) * invSlope))
                dy[2 * n + i] = syn.riseRate * release * (1 - s) - s * invTauS
                dy[3 * n + i] = (release - r) * invTauR
            }
        }}}
    }

    public func boundViolation(_ state: UnsafeBufferPointer<Double>) -> Double? {
        for i in 0..<neuronCount where !(abs(state[i]) <= voltageBound) { return state[i] }
        return nil
    }
}
