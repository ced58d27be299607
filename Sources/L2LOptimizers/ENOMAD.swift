import Foundation
import L2LNumerics

/// ENOMAD, a genetic algorithm whose individuals are refined by short MADS runs on small
/// weight subsets (Churchland & Garcia-Ojalvo 2025, "ENOMAD: evolutionary nonlinear
/// optimization with mesh adaptive direct search", arXiv:2508.09618; public code
/// `dsb-lab/ENOMAD` `src/ENOMAD/core.py`), with MADS as in ``MeshAdaptiveDirectSearch``
/// (Audet & Dennis 2006).
///
/// ```swift
/// var enomad = try ENOMAD(
///     configuration: .init(variant: .rENOMAD, population: 8, subsetSize: 3, evaluationsPerCall: 20),
///     space: .box(count: 10, lower: -20, upper: 20), initialPoint: prior, random: RandomStream(seed: 1))
/// ```
///
/// The whole population starts as copies of the prior (`start` `prior`: `initialPoint`, clamped,
/// or the box centre without one; `center`: the box centre). Each generation:
/// 1. every individual gets a MADS call on a weight subset S inside [wₛ − box, wₛ + box] ∩ bounds
///    with `evaluations_per_call` evaluations — rENOMAD: k random weights; mENOMAD: the weights
///    that differ from the prior, if there are 1…k of them and no earlier individual of this
///    generation had the same set, else one plain evaluation of w (as `Hybrid_NOMAD.py` does);
///    afterwards w_S ← the call's best point and the individual's fitness is its best fitness;
/// 2. the best ⌊P/2⌋ survive; P − ⌊P/2⌋ − 1 offspring come from pairs of survivors drawn
///    fitness-proportionally (φ), each gene from parent 1 with probability q = (φ₁/(φ₁+φ₂))^1.2;
///    mENOMAD resets `resets` random genes of each offspring to U(−r, r) ∩ bounds;
/// 3. a copy of the generation's best is appended (elitism), so the size stays P (the public
///    rENOMAD code grows to P + 1 here).
///
/// **Batching.** All individuals' MADS calls run in lockstep: one `ask` returns, for each
/// individual still running, its MADS ask mapped to full weight vectors (the others fixed),
/// concatenated in individual order. A generation therefore spans many ask/tell iterations
/// (about `evaluations_per_call` / `mads.poll_block_size` of them) and asks of varying size;
/// the ask after the last call of a generation ends breeds the next one first.
///
/// **Fitness.** φ is the fitness when every survivor's is finite and > 0 (the public code's
/// clipped reward); otherwise φ = f − min + (max − min)/|survivors| (NaN/∞: 0), which keeps the
/// rule defined for negative fitness. mENOMAD's fitness — what MADS, selection and the
/// ``incumbent`` see — is the told fitness − a·k^b, k = #weights ≠ prior (not clipped at 0).
/// The inner MADS runs draw from streams derived from (generation, individual).
///
/// **Recording.** ``snapshot()`` gives a few scalars every iteration and, in the iteration that
/// completes a generation, its population, fitness, changed weights and every MADS call's trace
/// (indices, evaluations, start and end fitness, final frame size, per-evaluation fitness); see
/// `ENOMAD+Recording.swift`.
public struct ENOMAD: Optimizer {
    public static let identifier = "enomad"

    /// One individual's work in the current generation.
    public struct Run: Codable, Sendable, Equatable {
        /// Weights MADS tunes (empty: one plain evaluation).
        public var indices: [Int]
        /// The subspace box.
        public var lower: [Double]
        public var upper: [Double]
        /// The MADS state (nil for a plain evaluation).
        public var mads: MeshAdaptiveDirectSearch.State?
        /// Fitness of a plain evaluation once told.
        public var value: Double?
        public var done: Bool
    }

    /// Everything that changes during a run, random stream included.
    public struct State: Codable, Sendable, Equatable {
        public var random: RandomStream
        /// Completed ask/tell iterations.
        public var iteration: Int
        /// Completed generations.
        public var generation: Int
        /// The prior weights (start point; mENOMAD counts changes against it).
        public var prior: [Double]
        public var population: [[Double]]
        /// Fitness of the last completed generation (before breeding; empty before the first).
        public var fitness: [Double]
        /// Per individual, this generation's call (empty between generations).
        public var runs: [Run]
        /// The last batch asked (full vectors) and how many of them each individual owns.
        public var candidates: [[Double]]
        public var counts: [Int]
        public var awaitingFitness: Bool
        /// Evaluations asked so far (all MADS calls and plain evaluations).
        public var evaluations: Int
        public var incumbent: Incumbent?
        /// The last completed generation (see ``snapshot()``); nil before the first.
        public var record: GenerationRecord?

        /// Equality in which NaN fitness equals NaN, so a state equals its restored copy.
        public static func == (a: State, b: State) -> Bool {
            a.random == b.random && a.iteration == b.iteration && a.generation == b.generation && a.prior == b.prior
                && a.population == b.population && a.fitness.map(\.bitPattern) == b.fitness.map(\.bitPattern)
                && a.runs == b.runs && a.candidates == b.candidates && a.counts == b.counts
                && a.awaitingFitness == b.awaitingFitness && a.evaluations == b.evaluations
                && a.incumbent == b.incumbent && GenerationRecord.same(a.record, b.record)
        }
    }

    public let configuration: Configuration
    public let space: SearchSpace
    public internal(set) var state: State
    /// Live inner optimizers, mirrored into `state.runs[i].mads` after every change.
    var inner: [MeshAdaptiveDirectSearch?]

    public init(
        configuration: Configuration, space: SearchSpace, initialPoint: [Double]?, random: RandomStream
    ) throws(OptimizerError) {
        try Self.validate(configuration, space: space)
        if let x = initialPoint, x.count != space.count {
            throw .dimensionMismatch(expected: space.count, got: x.count)
        }
        let prior = (configuration.start == .prior ? initialPoint.map(space.clamp) : nil) ?? space.center
        self.configuration = configuration
        self.space = space
        inner = []
        state = State(
            random: random, iteration: 0, generation: 0, prior: prior,
            population: Array(repeating: prior, count: configuration.population), fitness: [], runs: [],
            candidates: [], counts: [], awaitingFitness: false, evaluations: 0, incumbent: nil,
            record: nil)
    }

    public init(configuration: Configuration, space: SearchSpace, state: State) throws(OptimizerError) {
        try Self.validate(configuration, space: space)
        let p = configuration.population, d = space.count
        guard state.population.count == p, (state.population + [state.prior]).allSatisfy({ $0.count == d }),
            state.runs.isEmpty || state.runs.count == p, state.fitness.isEmpty || state.fitness.count == p,
            state.counts.reduce(0, +) == state.candidates.count
        else { throw .incompatibleState("enomad: population must be \(p)×\(d) with matching runs") }
        self.configuration = configuration
        self.space = space
        self.state = state
        inner = []
        for run in state.runs {
            if let s = run.mads {
                inner.append(
                    try MeshAdaptiveDirectSearch(
                        configuration: configuration.innerConfiguration, space: Self.subspace(run), state: s))
            } else {
                inner.append(nil)
            }
        }
    }

    public var iteration: Int { state.iteration }
    public var incumbent: Incumbent? { state.incumbent }
    /// ENOMAD runs until the caller's budget ends.
    public var stopReasons: [StopReason] { [] }

    public mutating func ask() throws(OptimizerError) -> [[Double]] {
        guard !state.awaitingFitness else {
            throw .outOfOrder("enomad: ask called twice; tell the fitness of the last ask first")
        }
        var batch: [[Double]] = [], counts: [Int] = []
        for _ in 0..<3 where batch.isEmpty {
            if state.runs.isEmpty { try startGeneration() }
            counts = []
            for i in state.runs.indices {
                let before = batch.count
                if !state.runs[i].done {
                    if var mads = inner[i] {
                        let xs = try mads.stopReasons.isEmpty ? mads.ask() : []
                        if xs.isEmpty {
                            if mads.state.awaitingFitness { try mads.tell([]) }
                            state.runs[i].done = true
                        }
                        for x in xs {
                            var w = state.population[i]
                            for (j, index) in state.runs[i].indices.enumerated() { w[index] = x[j] }
                            batch.append(w)
                        }
                        inner[i] = mads
                        state.runs[i].mads = mads.state
                    } else {
                        batch.append(state.population[i])
                    }
                }
                counts.append(batch.count - before)
            }
            if batch.isEmpty { finishGeneration() }
        }
        state.candidates = batch
        state.counts = counts
        state.awaitingFitness = true
        return batch
    }

    public mutating func tell(_ fitness: [Double]) throws(OptimizerError) {
        guard state.awaitingFitness else { throw .outOfOrder("enomad: tell called without a pending ask") }
        guard fitness.count == state.candidates.count else {
            throw .fitnessCountMismatch(expected: state.candidates.count, got: fitness.count)
        }
        let values = zip(state.candidates, fitness).map { penalised($1, at: $0) }
        var offset = 0
        for i in state.counts.indices where state.counts[i] > 0 {
            let mine = Array(values[offset..<(offset + state.counts[i])])
            offset += state.counts[i]
            if var mads = inner[i] {
                try mads.tell(mine)
                inner[i] = mads
                state.runs[i].mads = mads.state
            } else {
                state.runs[i].value = mine[0]
                state.runs[i].done = true
            }
        }
        state.incumbent = Incumbent.updating(state.incumbent, with: state.candidates, fitness: values, iteration: state.iteration)
        state.evaluations += values.count
        state.awaitingFitness = false
        state.iteration += 1
    }

    /// Number of weights of `w` that differ from the prior.
    public func changedWeights(_ w: [Double]) -> Int {
        zip(w, state.prior).reduce(0) { $0 + ($1.0 != $1.1 ? 1 : 0) }
    }

    /// mENOMAD's penalised fitness f − a·k^b; rENOMAD's fitness unchanged.
    func penalised(_ f: Double, at w: [Double]) -> Double {
        guard configuration.variant == .mENOMAD else { return f }
        let k = Double(changedWeights(w))
        return k > 0 ? f - configuration.penaltyScale * pow(k, configuration.penaltyExponent) : f
    }
}
