import L2LNumerics

/// Simulates a batch of `batch` LIF networks that share one structure (`LIFNetwork`:
/// populations, graph, delays, sources) and differ in synaptic weights (`LIFBatchWeights`),
/// on a fixed time grid with exact subthreshold integration.
///
/// ```swift
/// var random = RandomStream(seed: 7)
/// let sim = LIFSimulator(network: net, batch: 32, weights: .groupScales(scales), seed: 7)
/// sim.randomizePotentials(low: 0, high: 20, random: &random)
/// sim.run(durationMs: 100)          // warm-up
/// sim.recording.reset()
/// sim.run(durationMs: 1000)
/// let rates = (0..<32).map { sim.recording.meanRate(member: $0) }
/// ```
///
/// One step, per neuron and member (NEST `iaf_psc_delta/exp/alpha` order; Rotter & Diesmann
/// 1999, Biol. Cybern. 81:381; Morrison et al. 2005, Neural Comput. 17:1776 for the ring buffer):
/// 1. read and clear the input that arrives in this step from the ring buffer;
/// 2. unless refractory, propagate V exactly (delta input adds to V; exp/alpha currents
///    drive V through the propagators and then take up the arriving input);
/// 3. if V ≥ V_th: spike, V ← V_reset, refractory for round(t_ref/dt) steps;
/// 4. deliver this step's spikes (neurons and sources) into slot `now + delay` of the ring.
///
/// **Layout.** State is struct-of-arrays with the member innermost (`index = neuron·B + b`),
/// so a spike of neuron `i` walks its CSR row once and adds to the B members' contiguous
/// ring-buffer entries; graph, delays and targets are read once per spike for all members.
///
/// **Inputs.** Poisson sources draw exponential inter-event intervals from one seeded
/// `RandomStream`, so counts per step are exactly Poisson; the realization is shared by
/// all members (they see the same input), which is what an ensemble comparison needs.
///
/// **Divergence.** A member whose potential becomes NaN or ±∞ is flagged in `divergedAtStep`
/// and silenced (its state is set to NaN); the others continue.
///
/// Spike-train sources are event-driven: their spikes are filed by step (`LIFSpikeSchedule`)
/// when the trains are set, so a step walks only its own train events; only Poisson sources
/// that were given a rate are checked every step (in source order, as the random stream requires).
///
/// - Complexity: per step O(N·B + Poisson sources with a rate + train events in the step) plus
///   O(out-degree · spiking members) per spike.
public final class LIFSimulator {
    /// The shared structure.
    public let network: LIFNetwork
    /// Number of members.
    public let batch: Int
    /// Per-member weights.
    public let weights: LIFBatchWeights
    /// Recorded spikes and rates.
    public var recording: LIFRecording
    /// What is recorded.
    public let recordingOptions: LIFRecordingOptions
    /// Steps simulated so far.
    public internal(set) var step = 0
    /// Step at which each member diverged (NaN or ±∞ state), nil while it is finite.
    public internal(set) var divergedAtStep: [Int?]

    let n: Int
    let slots: Int
    let twoRings: Bool
    let propagators: [LIFPropagators]
    var u: UnsafeMutablePointer<Double>          // V − E_L, [i·B + b]
    var refractory: UnsafeMutablePointer<Int64>   // steps left; Int64 to share SIMD masks with V
    var iEx: UnsafeMutablePointer<Double>        // exp/alpha currents (allocated for all; unused for delta)
    var iIn: UnsafeMutablePointer<Double>
    var dEx: UnsafeMutablePointer<Double>        // alpha dI/dt states
    var dIn: UnsafeMutablePointer<Double>
    var ring: UnsafeMutablePointer<Double>       // [(receptor · slots + slot) · N·B + i·B + b]
    var current = 0                              // ring slot of this step
    var spikeBuffer: UnsafeMutablePointer<Int32>
    var spikeCount = 0
    var sourceCounts: [Int32]
    var sourcesFiring: [Int32] = []

    // Graph copies as raw buffers for the delivery loop.
    let rowStart: UnsafeMutablePointer<Int32>
    let target: UnsafeMutablePointer<Int32>
    let delay: UnsafeMutablePointer<Int32>
    let receptorOffset: UnsafeMutablePointer<Int>
    let baseWeight: UnsafeMutablePointer<Double>
    let group: UnsafeMutablePointer<Int32>
    var memberWeights: UnsafeMutablePointer<Double>?   // scales or per-synapse weights

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

    /// Creates the batch, all potentials at E_L, currents zero, nothing in flight.
    /// - Parameters:
    ///   - network: the shared structure.
    ///   - batch: number of members B ≥ 1.
    ///   - weights: how members' weights differ; `.groupScales` needs B rows of
    ///     `graph.groupCount` scales, `.perSynapse` B rows of `graph.synapseCount` weights.
    ///   - seed: seeds the Poisson sources' `RandomStream`.
    ///   - recording: which spikes and bins to record.
    public init(network: LIFNetwork, batch: Int = 1, weights: LIFBatchWeights = .shared, seed: UInt64 = 0,
                recording options: LIFRecordingOptions = LIFRecordingOptions()) {
        precondition(batch >= 1, "LIFSimulator: batch must be ≥ 1, got \(batch)")
        if let m = weights.memberCount {
            precondition(m == batch, "LIFSimulator: weights describe \(m) members, batch is \(batch)")
        }
        let g = network.graph
        self.network = network
        self.batch = batch
        self.weights = weights
        self.recordingOptions = options
        n = network.neuronCount
        slots = g.maxDelaySteps + 1
        twoRings = network.usesCurrents
        propagators = network.populations.map { LIFPropagators($0.parameters, dt: network.dt) }
        let nb = n * batch
        func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(count, 1))
            p.initialize(repeating: value, count: Swift.max(count, 1))
            return p
        }
        u = buffer(nb, 0.0)
        refractory = buffer(nb, Int64(0))
        iEx = buffer(nb, 0.0); iIn = buffer(nb, 0.0); dEx = buffer(nb, 0.0); dIn = buffer(nb, 0.0)
        ring = buffer(nb * slots * (twoRings ? 2 : 1), 0.0)
        spikeBuffer = buffer(nb, Int32(0))
        let s = g.synapseCount
        rowStart = buffer(g.nodeCount + 1, Int32(0)); rowStart.update(from: g.rowStart, count: g.nodeCount + 1)
        target = buffer(s, Int32(0)); target.update(from: g.target, count: s)
        delay = buffer(s, Int32(0)); delay.update(from: g.delaySteps, count: s)
        baseWeight = buffer(s, 0.0); baseWeight.update(from: g.weight, count: s)
        group = buffer(s, Int32(0)); group.update(from: g.group, count: s)
        receptorOffset = buffer(s, 0)
        if twoRings {
            for k in 0..<s where g.receptor[k] == .inhibitory { receptorOffset[k] = slots * nb }
        }
        switch weights {
        case .shared: memberWeights = nil
        case .groupScales(let scales):
            let flat = scales.flatMap { row -> [Double] in
                precondition(row.count == g.groupCount, "LIFSimulator: \(row.count) scales for \(g.groupCount) groups")
                return row
            }
            memberWeights = buffer(flat.count, 0.0); memberWeights!.update(from: flat, count: flat.count)
        case .perSynapse(let w):
            let flat = w.flatMap { row -> [Double] in
                precondition(row.count == s, "LIFSimulator: \(row.count) weights for \(s) synapses")
                return row
            }
            memberWeights = buffer(flat.count, 0.0); memberWeights!.update(from: flat, count: flat.count)
        }
        divergedAtStep = Array(repeating: nil, count: batch)
        recording = LIFRecording(batch: batch, neuronCount: n, populationCount: network.populations.count, dt: network.dt)
        var popOf = [Int32](repeating: 0, count: n)
        for k in network.populations.indices { for i in network.populationRange(k) { popOf[i] = Int32(k) } }
        populationOf = popOf
        if let w = options.binMs {
            precondition(w > 0, "LIFSimulator: binMs must be > 0")
            binSteps = Swift.max(1, Int((w / network.dt).rounded()))
        }
        binAccumulator = [Int](repeating: 0, count: batch * network.populations.count)
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
        for p in [u, iEx, iIn, dEx, dIn, ring, baseWeight] { p.deallocate() }
        memberWeights?.deallocate()
        refractory.deallocate(); spikeBuffer.deallocate()
        rowStart.deallocate(); target.deallocate(); delay.deallocate(); group.deallocate()
        receptorOffset.deallocate()
    }

    // MARK: State access

    /// Membrane potential (absolute, mV) of `neuron` in `member`.
    public func potential(neuron: Int, member: Int = 0) -> Double {
        u[neuron * batch + member] + network.populations[Int(populationOf[neuron])].parameters.restingPotential
    }

    /// Sets the absolute membrane potential of every neuron, the same for all members.
    /// - Precondition: `values.count == neuronCount`.
    public func setPotentials(_ values: [Double]) {
        precondition(values.count == n, "setPotentials: \(values.count) values for \(n) neurons")
        for i in 0..<n {
            let e = network.populations[Int(populationOf[i])].parameters.restingPotential
            for b in 0..<batch { u[i * batch + b] = values[i] - e }
        }
    }

    /// Draws each neuron's potential uniformly from [low, high) mV (one draw per neuron, in
    /// neuron order, shared by all members).
    public func randomizePotentials(low: Double, high: Double, random: inout RandomStream) {
        setPotentials((0..<n).map { _ in random.nextUniform(in: low, high) })
    }

    /// Synaptic current (pA) of `neuron` in `member` for one receptor (0 for delta synapses).
    public func synapticCurrent(neuron: Int, member: Int = 0, receptor: Receptor) -> Double {
        let k = neuron * batch + member
        return receptor == .excitatory ? iEx[k] : iIn[k]
    }

    /// Whether `member` has diverged.
    public func isDiverged(member: Int) -> Bool { divergedAtStep[member] != nil }

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
