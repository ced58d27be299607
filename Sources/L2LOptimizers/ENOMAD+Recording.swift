import Foundation
import L2LNumerics

// What ENOMAD records (issue 4; algorithms.md §4 "Record"): per ask/tell iteration a few
// scalars, and per completed generation the population, every MADS call's trace and the
// number of weights that differ from the prior.

extension ENOMAD {
    /// One completed generation, as evaluated (after its MADS calls, before breeding).
    public struct GenerationRecord: Codable, Sendable {
        /// The generation's index (0-based).
        public var generation: Int
        /// The ask/tell iteration whose `ask` completed the generation.
        public var iteration: Int
        /// P × D weights after the calls.
        public var population: [[Double]]
        /// Fitness after the call (mENOMAD: penalised).
        public var fitness: [Double]
        /// Weights each call tuned (empty: one plain evaluation).
        public var indices: [[Int]]
        /// Evaluations each call used.
        public var evaluations: [Int]
        /// Fitness of the call's first evaluation (the individual's weights before the call).
        public var startFitness: [Double]
        /// Largest final frame size Δᵢ of the call, in weight units (NaN for a plain evaluation).
        public var finalFrameSize: [Double]
        /// Fitness of every evaluation of each call, in order.
        public var curves: [[Double]]
        /// Weights differing from the prior, per individual.
        public var changedWeights: [Int]

        /// Equality in which NaN equals NaN, so a state equals its restored copy.
        static func same(_ a: GenerationRecord?, _ b: GenerationRecord?) -> Bool {
            guard let a, let b else { return a == nil && b == nil }
            func bits(_ x: [Double]) -> [UInt64] { x.map(\.bitPattern) }
            return a.generation == b.generation && a.iteration == b.iteration && a.population == b.population
                && bits(a.fitness) == bits(b.fitness) && a.indices == b.indices && a.evaluations == b.evaluations
                && bits(a.startFitness) == bits(b.startFitness) && bits(a.finalFrameSize) == bits(b.finalFrameSize)
                && a.curves.map(bits) == b.curves.map(bits) && a.changedWeights == b.changedWeights
        }
    }

    /// The record of the generation about to be bred, from the finished calls.
    func generationRecord(fitness: [Double]) -> GenerationRecord {
        var indices: [[Int]] = [], evaluations: [Int] = [], start: [Double] = [], frame: [Double] = []
        var curves: [[Double]] = []
        for i in state.runs.indices {
            let run = state.runs[i]
            indices.append(run.indices)
            if let mads = inner[i] {
                let curve = mads.state.cacheValues.map { $0.isFinite ? -$0 : -Double.infinity }
                curves.append(curve)
                evaluations.append(curve.count)
                start.append(curve.first ?? .nan)
                frame.append(mads.state.mesh.frameSizes.max() ?? .nan)
            } else {
                let value = run.value ?? .nan
                curves.append(run.value == nil ? [] : [value])
                evaluations.append(run.value == nil ? 0 : 1)
                start.append(value)
                frame.append(.nan)
            }
        }
        return GenerationRecord(
            generation: state.generation, iteration: state.iteration, population: state.population, fitness: fitness,
            indices: indices, evaluations: evaluations, startFitness: start, finalFrameSize: frame, curves: curves,
            changedWeights: state.population.map(changedWeights))
    }

    /// Every iteration: best and mean fitness of the last completed generation, changed weights per
    /// individual, generation, evaluations and running calls. In the iteration whose `ask`
    /// completed a generation, also that generation's record (recorded sparsely, see
    /// docs/file-format.md): `generation_population` (P × D), `generation_fitness`,
    /// `generation_changed_weights`, and per call `call_indices` (P × k, −1 padded),
    /// `call_evaluations`, `call_start_fitness`, `call_end_fitness`, `call_final_frame_size` and
    /// `call_fitness` (P × `evaluations_per_call`, every evaluation's fitness, NaN padded).
    public func snapshot() -> [RecordedArray] {
        let finite = state.fitness.filter(\.isFinite)
        let p = configuration.population, d = space.count
        var arrays: [RecordedArray] = [
            .scalar("best_fitness", finite.max() ?? .nan, description: "best fitness of the last completed generation"),
            .scalar(
                "mean_fitness", finite.isEmpty ? .nan : Statistics.mean(finite),
                description: "mean finite fitness of the last completed generation"),
            RecordedArray(
                name: "changed_weights", shape: [p], values: state.population.map { Double(changedWeights($0)) },
                axes: ["individual"], description: "weights differing from the prior"),
            .scalar("generation", Double(state.generation), description: "completed generations"),
            .scalar("mads_evaluations", Double(state.evaluations), description: "evaluations asked so far"),
            .scalar(
                "running", Double(state.runs.filter { !$0.done }.count),
                description: "individuals whose call of this generation is still running"),
        ]
        guard let r = state.record, r.iteration == state.iteration - 1, r.population.count == p else { return arrays }
        let k = Swift.max(1, Swift.min(configuration.subsetSize, d)), e = configuration.evaluationsPerCall
        func padded(_ x: [Double], to n: Int) -> [Double] {
            Array(x.prefix(n)) + Array(repeating: .nan, count: Swift.max(0, n - x.count))
        }
        func perIndividual(_ name: String, _ values: [Double], _ description: String) -> RecordedArray {
            RecordedArray(name: name, shape: [p], values: values, axes: ["individual"], description: description)
        }
        arrays += [
            .scalar("generation_index", Double(r.generation), description: "index of the generation recorded here"),
            RecordedArray(
                name: "generation_population", shape: [p, d], values: r.population.flatMap { $0 },
                axes: ["individual", "parameter"], description: "weights after the generation's MADS calls"),
            perIndividual("generation_fitness", r.fitness, "fitness after the call (m_enomad: penalised)"),
            perIndividual(
                "generation_changed_weights", r.changedWeights.map(Double.init), "weights differing from the prior"),
            RecordedArray(
                name: "call_indices", shape: [p, k],
                values: r.indices.flatMap { padded($0.map(Double.init), to: k).map { $0.isNaN ? -1 : $0 } },
                axes: ["individual", "slot"], description: "weights the MADS call tuned (−1: none)"),
            perIndividual("call_evaluations", r.evaluations.map(Double.init), "evaluations the call used"),
            perIndividual("call_start_fitness", r.startFitness, "fitness of the call's start point"),
            perIndividual("call_end_fitness", r.fitness, "best fitness the call reached"),
            perIndividual(
                "call_final_frame_size", r.finalFrameSize, "largest final frame size of the call (NaN: plain evaluation)"),
            RecordedArray(
                name: "call_fitness", shape: [p, e], values: r.curves.flatMap { padded($0, to: e) },
                axes: ["individual", "evaluation"], description: "fitness of every evaluation of the call (NaN padded)"),
        ]
        return arrays
    }
}
