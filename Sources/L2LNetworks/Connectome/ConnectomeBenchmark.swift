import Foundation
import L2LNumerics

/// The outcome of ``ConnectomeBenchmark/run(batch:durationMs:dt:method:parameters:stimulus:current:dataDirectory:seed:precision:)``,
/// in the fields of `peers/connectome_reference.py`'s JSON where they exist.
public struct ConnectomeBenchmarkResult: Codable, Sendable, Equatable {
    /// "l2l".
    public var simulator = "l2l"
    /// "kunert-graded".
    public var model = "kunert-graded"
    /// Parameter set name (`kunert2014`, `interactome`).
    public var params: String
    /// `euler` or `rk4`.
    public var method: String
    /// Arithmetic of the time loop: `double` or `single` (``SimulationPrecision``).
    public var precision = "double"
    /// Time step, ms.
    public var dtMs: Double
    /// Simulated time, ms.
    public var durationMs: Double
    /// Members simulated in one pass.
    public var batch: Int
    /// Steps of the batch.
    public var steps: Int
    /// Wall-clock seconds of the time loop (loading, threshold solves and setup excluded).
    public var wallS: Double
    /// `steps / wallS`: batch steps per second.
    public var stepsPerS: Double
    /// `steps · batch / wallS`: network steps per second, the figure to compare with the
    /// reference's `steps_per_s`.
    public var networkStepsPerS: Double
    /// Right-hand-side evaluations of single networks per second (Euler 1, RK4 4 per step).
    public var rhsEvaluationsPerS: Double
    /// Seconds for loading, building and the B equilibrium solves.
    public var setupS: Double
    /// 279, 6394, 887 for Varshney 2011.
    public var neurons: Int, chemicalSynapses: Int, gapJunctions: Int
    /// Stimulated neurons and the current into each, pA.
    public var stimulated: [String]
    public var currentPa: Double
    /// Final V of AVAL, AVAR, AVBL, AVBR of member 0 (the prior weights), mV.
    public var vFinalMv: [String: Double]
    /// Mean V over all neurons of member 0 at the end, mV.
    public var vMeanMv: Double
    /// Members flagged as diverged.
    public var divergedMembers: Int
    /// Whether member 0 stayed finite.
    public var finite: Bool
    /// Threads used by the time loop (1).
    public var threads = 1
    /// Floating-point operations of one network step as the kernel performs them
    /// (``GradedPotentialSimulator/operationsPerNetworkStep``).
    public var flopsPerNetworkStep: Double = 0
    /// `flopsPerNetworkStep · networkStepsPerS`, GFLOP/s.
    public var achievedGFLOPS: Double = 0
    /// The limit: this core's rate on a large dense product, GFLOP/s (set by `l2l bench connectome`;
    /// nil when not measured).
    public var limitGFLOPS: Double?
    /// Network steps per second at the limit: `limitGFLOPS / flopsPerNetworkStep`.
    public var limitNetworkStepsPerS: Double?
    /// `achievedGFLOPS / limitGFLOPS`.
    public var fractionOfLimit: Double?

    /// Adds the limit: `gflops` is the core's measured dense-product rate.
    public mutating func setLimit(gflops: Double) {
        limitGFLOPS = gflops
        limitNetworkStepsPerS = gflops * 1e9 / flopsPerNetworkStep
        fractionOfLimit = achievedGFLOPS / gflops
    }
}

/// Speed of ``GradedPotentialSimulator`` on the protocol of `peers/connectome_reference.py`:
/// Kunert et al. 2014 on Varshney et al. 2011 (279 neurons), 2,000 pA into PLML and PLMR, from rest.
///
/// ```swift
/// let r = try ConnectomeBenchmark.run(batch: 64, durationMs: 1000, dt: 0.1, method: .rk4)
/// print(r.networkStepsPerS)
/// ```
///
/// Sets OpenBLAS to one thread (process-wide) before the equilibrium solves. Member 0 has the prior weights (so its final voltages equal the reference's); every other member
/// scales each weight by max(0, 1 + 0.02·N(0, 1)), drawn from `seed`, as an optimizer's population.
public enum ConnectomeBenchmark {
    /// The neurons whose final voltage is reported (as the reference).
    public static let reported = ["AVAL", "AVAR", "AVBL", "AVBR"]

    /// Loads the connectome, builds B members, and times `durationMs` of simulation on the calling thread.
    /// - Parameters:
    ///   - batch: members B ≥ 1.
    ///   - durationMs: simulated time (1,000 in the reference).
    ///   - dt: time step, ms (0.1).
    ///   - method: `.euler` or `.rk4`.
    ///   - parameters: `kunert2014` or `interactome`.
    ///   - stimulus, current: input neurons and the current into each, pA.
    ///   - dataDirectory: the folder with the CSV files (`data/connectome`).
    ///   - seed: the other members' weight perturbations.
    ///   - precision: the time loop's arithmetic.
    /// - Throws: ``ConnectomeError`` if the data cannot be read, a stimulus neuron or the parameter set is unknown.
    public static func run(batch: Int, durationMs: Double = 1000, dt: Double = 0.1,
                           method: GradedPotentialSimulator.Method = .rk4, parameters: String = "kunert2014",
                           stimulus: [String] = ["PLML", "PLMR"], current: Double = 2000,
                           dataDirectory: URL = URL(fileURLWithPath: "data/connectome"),
                           seed: UInt64 = 1, precision: SimulationPrecision = .double)
        throws(ConnectomeError) -> ConnectomeBenchmarkResult {
        precondition(batch >= 1, "ConnectomeBenchmark: batch must be ≥ 1")
        guard let p = GradedPotentialParameters.named(parameters) else {
            throw .unknownParameterSet(parameters)
        }
        BLASThreads.set(1)   // idle OpenBLAS threads would otherwise spin beside the pinned time loop
        let clock = ContinuousClock()
        let t0 = clock.now
        let worm = try Connectome.load(.varshney2011, from: dataDirectory)
        let net = GradedPotentialNetwork(connectome: worm, parameters: p)
        let input = try net.currents(Dictionary(uniqueKeysWithValues: stimulus.map { ($0, current) }))
        var random = RandomStream(seed: seed).derived(0x7765_6967_6874)   // "weight"
        let weights: [[Double]] = (0..<batch).map { b in
            b == 0 ? net.priorWeights : (0..<net.weightCount).map { _ in max(0, 1 + 0.02 * random.nextGaussian()) }
        }
        let sim = GradedPotentialSimulator(network: net, weights: weights, currents: input, method: method, dtMs: dt,
                                           precision: precision)
        let steps = Int((durationMs / 1000.0 / (dt / 1000.0)).rounded())
        let t1 = clock.now
        sim.run(steps: steps)
        let t2 = clock.now
        func seconds(_ d: Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        let wall = seconds(t2 - t1)
        let v = sim.potentials(member: 0)
        let reportedV = Dictionary(uniqueKeysWithValues: reported.compactMap { name in
            worm.index(of: name).map { (name, v[$0]) }
        })
        var result = ConnectomeBenchmarkResult(
            params: parameters, method: method.rawValue, dtMs: dt, durationMs: durationMs, batch: batch,
            steps: steps, wallS: wall, stepsPerS: Double(steps) / wall,
            networkStepsPerS: Double(steps * batch) / wall,
            rhsEvaluationsPerS: Double(steps * batch * method.evaluationsPerStep) / wall,
            setupS: seconds(t1 - t0), neurons: worm.neuronCount, chemicalSynapses: worm.chemicalSynapseCount,
            gapJunctions: worm.gapJunctionCount, stimulated: stimulus, currentPa: current, vFinalMv: reportedV,
            vMeanMv: v.reduce(0, +) / Double(v.count),
            divergedMembers: sim.divergedAtStep.filter { $0 != nil }.count,
            finite: v.allSatisfy(\.isFinite) && sim.activations(member: 0).allSatisfy(\.isFinite))
        result.precision = precision.rawValue
        result.flopsPerNetworkStep = sim.operationsPerNetworkStep
        result.achievedGFLOPS = sim.operationsPerNetworkStep * result.networkStepsPerS / 1e9
        return result
    }
}
