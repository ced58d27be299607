import L2LNumerics

/// Simulates one LIF network (`LIFNetwork`: populations, graph, delays, sources) with its
/// synaptic weights (`LIFWeights`) on a fixed time grid with exact subthreshold integration.
///
/// ```swift
/// var random = RandomStream(seed: 7)
/// let sim = LIFSimulator(network: net, weights: .groupScales([1, 1.2]), seed: 7)
/// sim.randomizePotentials(low: 0, high: 20, random: &random)
/// sim.run(durationMs: 100)          // warm-up
/// sim.recording.reset()
/// sim.run(durationMs: 1000)
/// let rate = sim.recording.meanRate()
/// ```
///
/// One step, per neuron (NEST `iaf_psc_delta/exp/alpha` order; Rotter & Diesmann 1999, Biol.
/// Cybern. 81:381; Morrison et al. 2005, Neural Comput. 17:1776 for the ring buffer):
/// 1. read and clear the input that arrives in this step from the ring buffer;
/// 2. unless refractory, propagate V exactly (delta input adds to V; exp/alpha currents
///    drive V through the propagators and then take up the arriving input);
/// 3. if V ≥ V_th: spike, V ← V_reset, refractory for round(t_ref/dt) steps;
/// 4. deliver this step's spikes (neurons and sources) into slot `now + delay` of the ring.
///
/// **Delivery.** Weights are resolved once (`LIFWeights.resolved`). A presynaptic row whose
/// synapses share one delay and receptor (every row of the benchmark network) adds into one
/// ring slot without reading delays; if they also share one weight, only the targets are read.
/// Other rows read delay, receptor and weight per synapse. Every path adds the same values in
/// the same order, so spike trains do not depend on which path a row takes.
///
/// **Inputs.** Poisson sources draw exponential inter-event intervals from one seeded
/// `RandomStream`, so counts per step are exactly Poisson. Spike-train sources are
/// event-driven: their spikes are filed by step (`LIFSpikeSchedule`) when the trains are set,
/// so a step walks only its own train events; only Poisson sources that were given a rate are
/// checked every step (in source order, as the random stream requires).
///
/// **Divergence.** When a potential becomes NaN or ±∞ the network is flagged in
/// `divergedAtStep` and silenced (its state is set to NaN).
///
/// - Complexity: per step O(N + Poisson sources with a rate + train events in the step) plus
///   O(out-degree) per spike.
public final class LIFSimulator {
    /// The network's structure.
    public let network: LIFNetwork
    /// The weights in use.
    public let weights: LIFWeights
    /// Recorded spikes and rates.
    public var recording: LIFRecording
    /// What is recorded.
    public let recordingOptions: LIFRecordingOptions
    /// Steps simulated so far.
    public internal(set) var step = 0
    /// Step at which the network diverged (NaN or ±∞ state), nil while it is finite.
    public internal(set) var divergedAtStep: Int?
    /// Whether the network has diverged.
    public var isDiverged: Bool { divergedAtStep != nil }

    let n: Int
    let slots: Int
    let twoRings: Bool
    let propagators: [LIFPropagators]
    let u: UnsafeMutablePointer<Double>          // V − E_L
    let freeFrom: UnsafeMutablePointer<Int64>     // first step after the refractory period (Int64: SIMD masks as V's)
    let iEx: UnsafeMutablePointer<Double>        // exp/alpha currents (allocated for all; unused for delta)
    let iIn: UnsafeMutablePointer<Double>
    let dEx: UnsafeMutablePointer<Double>        // alpha dI/dt states
    let dIn: UnsafeMutablePointer<Double>
    let ring: UnsafeMutablePointer<Double>       // [(receptor · slots + slot) · N + i]
    var current = 0                              // ring slot of this step
    let spikeBuffer: UnsafeMutablePointer<Int32>
    let notedBlocks: UnsafeMutablePointer<Int32>  // first neuron of each SIMD block to test for threshold
    var spikeCount = 0
    var sourceCounts: [Int32]
    var sourcesFiring: [Int32] = []

    // The graph as raw buffers for the delivery loop, weights resolved, rows classified.
    var rows: LIFDeliveryRows

    // Inputs.
    var random: RandomStream
    var poissonRate: [Double]                    // events per step, per source (0 for spike trains)
    var nextEvent: [Double]                      // next Poisson event time in steps
    var poissonList: [Int32] = []                // sources ever given a rate > 0 (checked each step)
    var poissonListed: [Bool]
    var poissonListSorted = true
    // Spike trains, filed by step (event-driven: a step costs O(its spikes), not O(sources)).
    var trainEvents: [Int64] = []                // pending `step << 32 | source`, sorted
    var trainCursor = 0
    var trainStaged: [(first: Int, events: [Int64], id: Int)] = []   // set calls not yet filed
    var trainLatestCall: [Int]                   // id of the latest set call per source (−1: none)
    var trainNextCall = 0
    var trainFirstStagedCall = 0

    // Recording helpers.
    let populationOf: [Int32]
    var binSteps: Int?
    var binAccumulator: [Int]

    /// Creates the simulator, all potentials at E_L, currents zero, nothing in flight.
    /// - Parameters:
    ///   - network: the structure.
    ///   - weights: the synaptic weights; `.groupScales` needs `graph.groupCount` scales,
    ///     `.perSynapse` `graph.synapseCount` weights.
    ///   - seed: seeds the Poisson sources' `RandomStream`.
    ///   - recording: which spikes and bins to record.
    public init(network: LIFNetwork, weights: LIFWeights = .shared, seed: UInt64 = 0,
                recording options: LIFRecordingOptions = LIFRecordingOptions()) {
        let g = network.graph
        self.network = network
        self.weights = weights
        self.recordingOptions = options
        n = network.neuronCount
        slots = g.maxDelaySteps + 1
        twoRings = network.usesCurrents
        propagators = network.populations.map { LIFPropagators($0.parameters, dt: network.dt) }
        func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(count, 1))
            p.initialize(repeating: value, count: Swift.max(count, 1))
            return p
        }
        u = buffer(n, 0.0)
        freeFrom = buffer(n, Int64(0))
        iEx = buffer(n, 0.0); iIn = buffer(n, 0.0); dEx = buffer(n, 0.0); dIn = buffer(n, 0.0)
        ring = buffer(n * slots * (twoRings ? 2 : 1), 0.0)
        spikeBuffer = buffer(n, Int32(0))
        notedBlocks = buffer(n / 8 + 1, Int32(0))
        rows = LIFDeliveryRows(graph: g, weights: weights.resolved(for: g),
                               inhibitoryOffset: twoRings ? slots * n : 0)
        recording = LIFRecording(neuronCount: n, populationCount: network.populations.count, dt: network.dt)
        var popOf = [Int32](repeating: 0, count: n)
        for k in network.populations.indices { for i in network.populationRange(k) { popOf[i] = Int32(k) } }
        populationOf = popOf
        if let w = options.binMs {
            precondition(w > 0, "LIFSimulator: binMs must be > 0")
            binSteps = Swift.max(1, Int((w / network.dt).rounded()))
        }
        binAccumulator = [Int](repeating: 0, count: network.populations.count)
        random = RandomStream(seed: seed)
        let m = network.sources.count
        sourceCounts = [Int32](repeating: 0, count: m)
        poissonRate = [Double](repeating: 0, count: m)
        nextEvent = [Double](repeating: .infinity, count: m)
        poissonListed = [Bool](repeating: false, count: m)
        trainLatestCall = [Int](repeating: -1, count: m)
        for j in 0..<m {
            switch network.sources[j] {
            case .poisson(let hz): setPoissonRate(source: j, hz: hz)
            case .spikeTrain(let times): setSpikeTrain(source: j, timesMs: times)
            }
        }
    }

    deinit {
        for p in [u, iEx, iIn, dEx, dIn, ring] { p.deallocate() }
        freeFrom.deallocate(); spikeBuffer.deallocate(); notedBlocks.deallocate()
    }

    // MARK: State access

    /// Membrane potential (absolute, mV) of `neuron`.
    public func potential(neuron: Int) -> Double {
        u[neuron] + network.populations[Int(populationOf[neuron])].parameters.restingPotential
    }

    /// Sets the absolute membrane potential of every neuron.
    /// - Precondition: `values.count == neuronCount`.
    public func setPotentials(_ values: [Double]) {
        precondition(values.count == n, "setPotentials: \(values.count) values for \(n) neurons")
        for i in 0..<n { u[i] = values[i] - network.populations[Int(populationOf[i])].parameters.restingPotential }
    }

    /// Draws each neuron's potential uniformly from [low, high) mV (one draw per neuron, in neuron order).
    public func randomizePotentials(low: Double, high: Double, random: inout RandomStream) {
        setPotentials((0..<n).map { _ in random.nextUniform(in: low, high) })
    }

    /// Synaptic current (pA) of `neuron` for one receptor (0 for delta synapses).
    public func synapticCurrent(neuron: Int, receptor: Receptor) -> Double {
        receptor == .excitatory ? iEx[neuron] : iIn[neuron]
    }
    // MARK: Inputs

    /// Changes the rate (Hz) of Poisson source `j` from the current step on; the next event
    /// is redrawn (a Poisson process is memoryless, so the input stays exactly Poisson).
    public func setPoissonRate(source j: Int, hz: Double) {
        precondition(hz >= 0 && hz.isFinite, "setPoissonRate: rate must be finite and ≥ 0, got \(hz)")
        let perStep = hz * network.dt / 1000
        poissonRate[j] = perStep
        nextEvent[j] = perStep > 0 ? Double(step) + random.nextExponential() / perStep : .infinity
        if perStep > 0 && !poissonListed[j] {
            poissonListed[j] = true
            if let last = poissonList.last, Int(last) > j { poissonListSorted = false }
            poissonList.append(Int32(j))
        }
    }

    /// Sets the rates (Hz) of the Poisson sources `first..<first + rates.count`.
    public func setPoissonRates(_ rates: [Double], first: Int = 0) {
        for (k, r) in rates.enumerated() { setPoissonRate(source: first + k, hz: r) }
    }

    /// Replaces source `j`'s spike train (times in ms from the start; times before the
    /// current step are ignored, several spikes in one step all count).
    public func setSpikeTrain(source j: Int, timesMs: [Double]) {
        precondition((0..<network.sources.count).contains(j), "setSpikeTrain: source \(j) out of range")
        poissonRate[j] = 0
        nextEvent[j] = .infinity
        let dt = network.dt
        stageTrains(first: j, count: 1,
                    events: timesMs.map { LIFSpikeSchedule.key(step: Int(($0 / dt).rounded()), source: 0) })
    }

    /// Replaces the spike trains of sources `firstSource..<firstSource + schedule.sourceCount`
    /// by `schedule` (the same as `setSpikeTrain` for each of them, without re-filing the spikes).
    public func setSpikeTrains(_ schedule: LIFSpikeSchedule, firstSource: Int = 0) {
        precondition(firstSource >= 0 && firstSource + schedule.sourceCount <= network.sources.count,
                     "setSpikeTrains: sources \(firstSource)..<\(firstSource + schedule.sourceCount) out of range")
        for j in firstSource..<(firstSource + schedule.sourceCount) {
            poissonRate[j] = 0
            nextEvent[j] = .infinity
        }
        stageTrains(first: firstSource, count: schedule.sourceCount, events: schedule.events)
    }

    /// Records a set call for sources `first..<first + count` (events with sources relative to
    /// `first`); filed at the next step.
    func stageTrains(first: Int, count: Int, events: [Int64]) {
        let id = trainNextCall
        trainNextCall += 1
        for j in first..<(first + count) { trainLatestCall[j] = id }
        trainStaged.append((first, events, id))
    }

    /// Files the staged set calls into `trainEvents`: keeps the pending events of sources not
    /// set since, adds the latest call's events (at or after this step) of every set source.
    func fileStagedTrains() {
        let firstStaged = trainFirstStagedCall
        var merged: [Int64] = []
        merged.reserveCapacity(trainEvents.count - trainCursor + trainStaged.reduce(0) { $0 + $1.events.count })
        for q in trainCursor..<trainEvents.count {
            let e = trainEvents[q]
            if trainLatestCall[LIFSpikeSchedule.source(e)] < firstStaged { merged.append(e) }
        }
        for call in trainStaged {
            let offset = Int64(call.first)
            for e in call.events {
                let j = LIFSpikeSchedule.source(e) + call.first
                if trainLatestCall[j] == call.id && LIFSpikeSchedule.step(e) >= step { merged.append(e + offset) }
            }
        }
        var sorted = true
        var q = 1
        while q < merged.count {
            if merged[q] < merged[q - 1] { sorted = false; break }
            q += 1
        }
        if !sorted { merged.sort() }
        trainEvents = merged
        trainCursor = 0
        trainStaged.removeAll()
        trainFirstStagedCall = trainNextCall
    }

    // MARK: Running

    /// Advances all members by `steps` time steps.
    public func run(steps count: Int) {
        precondition(count >= 0, "run: negative step count")
        for _ in 0..<count { advance() }
    }

    /// Advances all members by `durationMs` (rounded to whole steps).
    public func run(durationMs: Double) {
        run(steps: Int((durationMs / network.dt).rounded()))
    }
}
