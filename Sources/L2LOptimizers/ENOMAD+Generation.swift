import Foundation
import L2LNumerics

// ENOMAD's generation: MADS calls on weight subsets, then truncation selection,
// fitness-biased crossover, mENOMAD resets and elitism (public code `step_pure` /
// `step_hybrid` in `dsb-lab/ENOMAD` `src/ENOMAD/core.py`). Random draws happen in a
// fixed order, so a run is a function of its seed and fitness values.

extension ENOMAD {
    /// The box a call searches, as a real search space over its weights.
    static func subspace(_ run: Run) -> SearchSpace {
        SearchSpace(run.indices.indices.map { j in
            SearchDimension(name: "w\(run.indices[j])", kind: .real, lower: run.lower[j], upper: run.upper[j])
        })
    }

    /// Chooses every individual's weight subset and starts its MADS call.
    mutating func startGeneration() throws(OptimizerError) {
        let c = configuration, d = space.count
        let lb = space.lowerBounds, ub = space.upperBounds
        var runs: [Run] = [], live: [MeshAdaptiveDirectSearch?] = []
        var seen: Set<[Int]> = []
        for i in 0..<c.population {
            let w = state.population[i]
            var indices: [Int]
            switch c.variant {
            case .rENOMAD:
                indices = Array(state.random.permutation(d).prefix(Swift.min(c.subsetSize, d))).sorted()
            case .mENOMAD:
                indices = (0..<d).filter { w[$0] != state.prior[$0] }
                if indices.count > c.subsetSize || !seen.insert(indices).inserted { indices = [] }
            }
            guard !indices.isEmpty else {
                runs.append(Run(indices: [], lower: [], upper: [], mads: nil, value: nil, done: false))
                live.append(nil)
                continue
            }
            let lower = indices.map { Swift.max(lb[$0], w[$0] - c.box) }
            let upper = indices.map { Swift.min(ub[$0], w[$0] + c.box) }
            var run = Run(indices: indices, lower: lower, upper: upper, mads: nil, value: nil, done: false)
            let mads = try MeshAdaptiveDirectSearch(
                configuration: c.innerConfiguration, space: Self.subspace(run), initialPoint: indices.map { w[$0] },
                random: state.random.derived(UInt64(state.generation), UInt64(i)))
            run.mads = mads.state
            runs.append(run)
            live.append(mads)
        }
        state.runs = runs
        inner = live
    }

    /// Writes each call's best point back, records the generation's fitness and breeds.
    mutating func finishGeneration() {
        var fitness: [Double] = []
        for i in state.runs.indices {
            if let mads = inner[i] {
                if let best = mads.incumbent {
                    for (j, index) in state.runs[i].indices.enumerated() { state.population[i][index] = best.point[j] }
                    fitness.append(best.fitness)
                } else {
                    fitness.append(-.infinity)
                }
            } else {
                fitness.append(state.runs[i].value ?? -.infinity)
            }
        }
        state.fitness = fitness
        state.record = generationRecord(fitness: fitness)
        breed()
        state.runs = []
        inner = []
        state.generation += 1
    }

    /// Selection weights φ of the survivors (see the type's documentation).
    static func shares(_ fitness: [Double]) -> [Double] {
        if fitness.allSatisfy({ $0.isFinite && $0 > 0 }) { return fitness }
        let finite = fitness.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return fitness.map { _ in 1 } }
        let spread = hi > lo ? (hi - lo) / Double(fitness.count) : 1
        return fitness.map { $0.isFinite ? $0 - lo + spread : 0 }
    }

    /// Roulette-wheel draw of an index with probability ∝ `shares`.
    static func roulette(_ shares: [Double], random: inout RandomStream) -> Int {
        let total = shares.reduce(0, +)
        guard total > 0 else { return random.nextInt(below: shares.count) }
        var u = random.nextUniform() * total
        for (i, s) in shares.enumerated() {
            u -= s
            if u < 0 { return i }
        }
        return shares.count - 1
    }

    /// Truncation selection, biased crossover, mENOMAD resets and elitism.
    mutating func breed() {
        let c = configuration, p = c.population, d = space.count
        let keys = state.fitness.map { $0.isFinite ? $0 : -.infinity }
        let order = keys.indices.sorted { a, b in keys[a] != keys[b] ? keys[a] > keys[b] : a < b }
        let survivors = order.prefix(p / 2).map { state.population[$0] }
        let phi = Self.shares(order.prefix(p / 2).map { state.fitness[$0] })
        let elite = state.population[order[0]]
        let lb = space.lowerBounds, ub = space.upperBounds
        var random = state.random
        var next = survivors
        while next.count < p - 1 {
            let a = Self.roulette(phi, random: &random), b = Self.roulette(phi, random: &random)
            let sum = phi[a] + phi[b]
            let q = sum > 0 ? pow(phi[a] / sum, c.crossoverBiasExponent) : 0.5
            var child = (0..<d).map { random.nextUniform() < q ? survivors[a][$0] : survivors[b][$0] }
            if c.variant == .mENOMAD {
                for j in random.permutation(d).prefix(Swift.min(c.resets, d)) {
                    let low = Swift.max(lb[j], -c.resetRange), high = Swift.min(ub[j], c.resetRange)
                    child[j] = low <= high ? random.nextUniform(in: low, high) : random.nextUniform(in: lb[j], ub[j])
                }
            }
            next.append(child)
        }
        next.append(elite)
        state.random = random
        state.population = next
    }
}
