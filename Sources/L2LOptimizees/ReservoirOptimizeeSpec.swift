import Foundation
import L2LNetworks
import L2LNumerics
import L2LOptimizers

/// A spiking LIF reservoir family (`optimizee.reservoir`): inputs → a bulk of excitatory and
/// inhibitory LIF neurons → class scores. See ``ReservoirOptimizee``.
///
/// Weights are in mV (PSP jumps) for `delta` synapses and in pA for `exponential` and `alpha`
/// currents (NEST's `iaf_psc_*` conventions); potentials are relative to E_L = 0.
public struct ReservoirOptimizeeSpec: Sendable, Equatable {
    /// What the reservoir is asked to do (YAML `task`).
    public enum Task: Sendable, Equatable {
        /// Rate-coded digit classification: each pixel drives one Poisson source at
        /// `input_rate_hz × pixel / brightest pixel` for `presentationMs`.
        case digits(dataset: ShippedDigitSet, dataDirectory: String, digits: [UInt8], presentationMs: Double)
        /// Delayed XOR: channel A (bit a) pulses, then after `gapMs` channel B (bit b); the readout
        /// window starts `readoutDelayMs` after the second pulse; the target class is a XOR b.
        case delayedXOR(channelSize: Int, pulseMs: Double, gapMs: Double, readoutDelayMs: Double, readoutWindowMs: Double)

        /// The YAML name.
        public var name: String {
            switch self {
            case .digits: "digits"
            case .delayedXOR: "delayed_xor"
            }
        }
    }

    /// Which parameters the inner optimizer trains (YAML `trainable`).
    public enum Trainable: String, Sendable, Equatable, CaseIterable {
        /// A linear readout (weights and a bias per class) of the E neurons' spike counts or filtered rates.
        case readout
        /// Per-synapse weights from the bulk onto output clusters (E + I neurons per class); the
        /// class score is the cluster's E rate (the learning-to-learn NEST reservoir).
        case reservoirToOutput = "reservoir_to_output"
        /// Three global scales (input rate, E weights, I weights); a ridge readout is fitted per evaluation.
        case globalScales = "global_scales"
    }

    /// How the recurrent synapses are drawn (YAML `connectivity`).
    public enum Connectivity: String, Sendable, Equatable, CaseIterable {
        /// Each neuron receives round(p·N_source) synapses from each population (NEST `fixed_indegree`).
        case fixedInDegree = "fixed_indegree"
        /// Each pair is connected with probability p (NEST `pairwise_bernoulli`).
        case probability
    }

    /// Readout features of the E neurons (YAML `features`).
    public enum Features: String, Sendable, Equatable, CaseIterable {
        /// Spike counts in the readout window, as rates.
        case counts
        /// Exponentially filtered spike trains (τ `filter_tau_ms`) at the end of the window.
        case filtered
    }

    /// What the ensemble Kalman filter is given (YAML `outputs`).
    public enum Outputs: String, Sendable, Equatable, CaseIterable {
        /// Softmax of the class scores.
        case probabilities
        /// The raw class scores.
        case scores
    }

    public typealias Fitness = ClassifierOptimizeeSpec.Fitness

    public var task: Task
    public var trainable: Trainable = .readout
    public var trainPerClass = 20
    public var testPerClass = 10
    /// Samples per inner iteration; 0: the whole training set.
    public var batchSize = 12
    public var excitatory = 200
    public var inhibitory = 50
    public var connectivity: Connectivity = .fixedInDegree
    public var connectionProbability = 0.1
    public var inputInDegree = 16
    public var inputWeight = 2.0
    public var excitatoryWeight = 0.5
    /// Magnitude of the inhibitory weights (applied negative).
    public var inhibitoryWeight = 2.5
    public var delayMs = 1.5
    public var inputRateHz = 100.0
    public var backgroundRateHz = 0.0
    public var backgroundWeight = 1.0
    /// Constant drive: the potential (mV above rest) the external current alone reaches.
    public var driveMv = 10.0
    public var synapse: SynapseModel = .delta
    public var tauMMs = 20.0
    public var tauSynMs = 2.0
    public var thresholdMv = 20.0
    public var resetMv = 10.0
    public var refractoryMs = 2.0
    public var capacitancePf = 250.0
    public var dtMs = 0.1
    /// Input-free warm-up before each sample.
    public var restMs = 20.0
    /// Seeds the reservoir's graph (the same reservoir for every task, as in L2L's NEST setup).
    public var networkSeed: UInt64 = 1
    public var features: Features = .counts
    public var filterTauMs = 20.0
    /// Rates are divided by this to give features and cluster scores of order 1.
    public var rateScaleHz = 20.0
    public var readoutBound = 1.0
    public var outputExcitatory = 10
    public var outputInhibitory = 2
    public var outputConnectionFraction = 0.4
    public var outputWeightMean = 0.5
    public var outputWeightStd = 0.25
    public var outputWeightBound = 5.0
    public var scaleBound = 4.0
    public var ridge = 1.0
    public var outputs: Outputs = .probabilities
    public var fitness: Fitness = .crossEntropy

    public init(task: Task) {
        self.task = task
    }

    /// Number of classes: the digits, or 2 for XOR.
    public var classCount: Int {
        switch task {
        case .digits(_, _, let digits, _): digits.count
        case .delayedXOR: 2
        }
    }
}

/// One input pattern of a task: its class and its stimulus.
public struct ReservoirSample: Sendable, Equatable {
    /// Class index (position among the digits; for XOR, a XOR b).
    public var label: Int
    /// Digits: each pixel over the image's brightest pixel, in [0, 1]. XOR: `[a, b]`.
    public var stimulus: [Double]
}

extension ReservoirOptimizeeSpec.Task {
    /// Stimulus sources for `pixels` pixels (digits) or two channels (XOR).
    func stimulusCount(pixels: Int) -> Int {
        switch self {
        case .digits: pixels
        case .delayedXOR(let c, _, _, _, _): 2 * c
        }
    }
}


/// Why a reservoir optimizee cannot be evaluated.
public enum ReservoirOptimizeeError: Error, Equatable, CustomStringConvertible {
    case parameterCount(expected: Int, got: Int)

    public var description: String {
        switch self {
        case let .parameterCount(expected, got): "reservoir: \(got) parameters, the optimizee has \(expected)"
        }
    }
}
