import Foundation
import L2LNumerics

/// The result of one `MorrisLecarWorkingMemory.evaluate`: fitness, readout and target traces.
///
/// `outputs` and `targets` are the readout y(t) and the target at every sample time of every trial,
/// concatenated trial after trial (`task.trials.count × task.sampleTimes.count` values), so an
/// ensemble Kalman optimizer can use them as model outputs G(θ) and observations.
public struct MorrisLecarEvaluation: Sendable, Equatable {
    /// −MSE(outputs, targets), or `failureFitness` when the integration diverged.
    public var fitness: Double
    /// Readout trace; after a failure the remaining samples are NaN.
    public var outputs: [Double]
    /// Target trace (same layout as `outputs`).
    public var targets: [Double]
    /// The mean squared readout error (∞ on failure).
    public var meanSquaredError: Double
    /// Why the simulation stopped early (the first failing trial), or nil.
    public var failure: IntegrationFailure?
    /// Spikes per neuron summed over trials.
    public var spikeCounts: [Int]
    /// Accepted integrator steps over all trials.
    public var acceptedSteps: Int
}

/// The stimulus-integration / working-memory optimizee: a `MorrisLecarNetwork` whose recurrent,
/// input and readout weights are trained (by evolution strategies, a GA or the EnKF) to count
/// pulses and hold the count (Hazelden et al. 2023, arXiv:2311.10869; task: `PulseIntegrationTask`).
///
/// ```swift
/// let wm = MorrisLecarWorkingMemory(neuronCount: 20)
/// let theta = wm.initialParameters(seed: 1)
/// let task = PulseIntegrationTask(seed: 3, trialCount: 4)
/// let e = wm.evaluate(parameters: theta, task: task)   // e.fitness = −MSE, e.outputs vs e.targets
/// ```
///
/// **Parameter layout** (flat vector of `parameterCount = N² + 2N + 1` values):
///
/// | range | block | meaning | bounds |
/// |---|---|---|---|
/// | `0 ..< N²` | `recurrent` | W, row-major, `[i·N + j]` = weight j → i, µA/cm² | ±`recurrentBound` |
/// | `N² ..< N²+N` | `input` | u, stimulus weights, µA/cm² | ±`inputBound` |
/// | `N²+N ..< N²+2N` | `readout` | c, readout weights on the rate proxies | ±`readoutBound` |
/// | `N²+2N` | `readoutBias` | b_out | ±`readoutBiasBound` |
///
/// Readout y(t) = Σ_i c_i r_i(t) + b_out with r the rate proxies (`MorrisLecarSynapse`). Every trial
/// starts from the rest state at `biasCurrent` (just below the class I SNIC current ≈ 39.96 by
/// default, so pulses can recruit spiking). Parameters outside their bounds are clipped.
public struct MorrisLecarWorkingMemory: Codable, Sendable, Equatable {
    /// The trainable blocks of the flat parameter vector.
    public enum Block: String, Codable, Sendable, CaseIterable {
        case recurrent, input, readout, readoutBias
    }

    /// Number of neurons N.
    public let neuronCount: Int
    /// Neuron parameters (default `.classI`).
    public var neuron: MorrisLecarParameters
    /// Synapse and rate-filter kinetics.
    public var synapse: MorrisLecarSynapse
    /// The bias current of every neuron, µA/cm² (default 38).
    public var biasCurrent: Double
    /// Integrator tolerances and divergence guards.
    public var options: AdaptiveIntegratorOptions
    /// Bounds (symmetric) of the four blocks.
    public var recurrentBound: Double, inputBound: Double, readoutBound: Double, readoutBiasBound: Double
    /// Fitness reported for a diverged simulation (default −∞: recorded, never best).
    public var failureFitness: Double

    /// - Parameters: as the properties; defaults class I neurons, bias 38 µA/cm², bounds W ±10,
    ///   u ±40, c ±20, b_out ±1.
    public init(neuronCount: Int, neuron: MorrisLecarParameters = .classI,
                synapse: MorrisLecarSynapse = MorrisLecarSynapse(), biasCurrent: Double = 38,
                options: AdaptiveIntegratorOptions = AdaptiveIntegratorOptions(relativeTolerance: 1e-5, absoluteTolerance: 1e-5),
                recurrentBound: Double = 10, inputBound: Double = 40, readoutBound: Double = 20,
                readoutBiasBound: Double = 1, failureFitness: Double = -.infinity) {
        precondition(neuronCount >= 1, "MorrisLecarWorkingMemory needs at least one neuron")
        self.neuronCount = neuronCount
        self.neuron = neuron
        self.synapse = synapse
        self.biasCurrent = biasCurrent
        self.options = options
        self.recurrentBound = recurrentBound
        self.inputBound = inputBound
        self.readoutBound = readoutBound
        self.readoutBiasBound = readoutBiasBound
        self.failureFitness = failureFitness
    }

    /// Length of the flat parameter vector, N² + 2N + 1.
    public var parameterCount: Int { neuronCount * neuronCount + 2 * neuronCount + 1 }

    /// The index range of `block` in the flat vector.
    public func range(of block: Block) -> Range<Int> {
        let n = neuronCount, nn = n * n
        switch block {
        case .recurrent: return 0..<nn
        case .input: return nn..<(nn + n)
        case .readout: return (nn + n)..<(nn + 2 * n)
        case .readoutBias: return (nn + 2 * n)..<(nn + 2 * n + 1)
        }
    }

    /// The symmetric bound of `block`.
    public func bound(of block: Block) -> Double {
        switch block {
        case .recurrent: return recurrentBound
        case .input: return inputBound
        case .readout: return readoutBound
        case .readoutBias: return readoutBiasBound
        }
    }

    /// Lower bounds of every parameter.
    public var lowerBounds: [Double] { upperBounds.map { -$0 } }
    /// Upper bounds of every parameter.
    public var upperBounds: [Double] {
        var out = [Double](repeating: 0, count: parameterCount)
        for b in Block.allCases { for i in range(of: b) { out[i] = bound(of: b) } }
        return out
    }

    /// A random starting point: W ~ N(0, (recurrentBound/(2√N))²), u ~ U(0, inputBound), c ~
    /// N(0, (readoutBound/(4√N))²), b_out = 0; from `RandomStream(seed:)`.
    public func initialParameters(seed: UInt64) -> [Double] {
        var rng = RandomStream(seed: seed)
        let n = Double(neuronCount)
        var theta = [Double](repeating: 0, count: parameterCount)
        for i in range(of: .recurrent) { theta[i] = rng.nextGaussian() * recurrentBound / (2 * n.squareRoot()) }
        for i in range(of: .input) { theta[i] = rng.nextUniform(in: 0, inputBound) }
        for i in range(of: .readout) { theta[i] = rng.nextGaussian() * readoutBound / (4 * n.squareRoot()) }
        return clipped(theta)
    }

    /// `parameters` clipped to the bounds (NaN is left in place and fails the evaluation).
    public func clipped(_ parameters: [Double]) -> [Double] {
        zip(parameters, upperBounds).map { p, b in p.isNaN ? p : min(max(p, -b), b) }
    }

    /// The network that `parameters` describe (readout excluded).
    public func network(parameters: [Double]) -> MorrisLecarNetwork {
        precondition(parameters.count == parameterCount,
                     "MorrisLecarWorkingMemory: \(parameters.count) parameters, expected \(parameterCount)")
        let theta = clipped(parameters)
        var net = MorrisLecarNetwork(neuron: neuron, synapse: synapse, neuronCount: neuronCount)
        net.recurrentWeights = Array(theta[range(of: .recurrent)])
        net.inputWeights = Array(theta[range(of: .input)])
        net.biasCurrents = [Double](repeating: biasCurrent, count: neuronCount)
        return net
    }

    /// Simulates every trial of `task` and scores the readout.
    ///
    /// - Returns: fitness −MSE over all samples of all trials, the readout and target traces, and the
    ///   failure if a trial diverged (then fitness = `failureFitness` and the remaining outputs NaN).
    /// - Complexity: O(trials · steps · N²).
    public func evaluate(parameters: [Double], task: PulseIntegrationTask) -> MorrisLecarEvaluation {
        let net = network(parameters: parameters)
        let theta = clipped(parameters)
        let c = Array(theta[range(of: .readout)])
        let bOut = theta[range(of: .readoutBias).lowerBound]
        let n = neuronCount
        let rest = neuron.restingPotential(current: biasCurrent) ?? neuron.vLeak
        let start = net.initialState(voltage: rest)
        let samplesPerTrial = task.sampleTimes.count
        var outputs: [Double] = []
        var targets: [Double] = []
        var failure: IntegrationFailure?
        var spikes = [Int](repeating: 0, count: n)
        var steps = 0
        outputs.reserveCapacity(task.trials.count * samplesPerTrial)
        for index in task.trials.indices {
            targets.append(contentsOf: task.targetTrace(trial: index))
            if failure != nil || parameters.contains(where: { !$0.isFinite }) {
                if failure == nil { failure = .nonFinite(time: 0) }
                outputs.append(contentsOf: [Double](repeating: .nan, count: samplesPerTrial))
                continue
            }
            let trace = net.simulate(duration: task.trialDuration, pulses: task.pulses(trial: index),
                                     sampleInterval: task.sampleInterval, initialState: start, options: options)
            for r in trace.rates {
                var y = bOut
                for i in 0..<n { y += c[i] * r[i] }
                outputs.append(y)
            }
            outputs.append(contentsOf: [Double](repeating: .nan, count: samplesPerTrial - trace.rates.count))
            for i in 0..<n { spikes[i] += trace.spikeTimes[i].count }
            steps += trace.acceptedSteps
            if let f = trace.failure { failure = f }
        }
        var mse = Double.infinity
        if failure == nil {
            var sum = 0.0
            for (y, t) in zip(outputs, targets) { sum += (y - t) * (y - t) }
            mse = sum / Double(max(outputs.count, 1))
        }
        let fitness = failure == nil && mse.isFinite ? -mse : failureFitness
        return MorrisLecarEvaluation(fitness: fitness, outputs: outputs, targets: targets, meanSquaredError: mse,
                                     failure: failure, spikeCounts: spikes, acceptedSteps: steps)
    }
}
