import L2LNumerics

// DEAP's variation operators (deap/tools/{selection,crossover,mutation}.py) and the
// generation step that chains them. Random draws happen in a fixed order, so a run
// is a function of its seed alone.

extension GeneticAlgorithm {
    /// Fitness used for ranking: NaN and ±∞ rank below every finite value.
    @inline(__always)
    static func rankingKey(_ fitness: Double) -> Double { fitness.isFinite ? fitness : -.infinity }

    /// Indices from best to worst by `rankingKey`; ties keep index order.
    static func ranking(_ fitness: [Double]) -> [Int] {
        let keys = fitness.map(rankingKey)
        return keys.indices.sorted { i, j in keys[i] != keys[j] ? keys[i] > keys[j] : i < j }
    }

    /// DEAP `selTournament` for one winner: `size` aspirants drawn uniformly with
    /// replacement; the fittest wins, the first drawn on ties.
    static func tournament(keys: [Double], size: Int, random: inout RandomStream) -> Int {
        var winner = random.nextInt(below: keys.count)
        for _ in 1..<Swift.max(size, 1) {
            let aspirant = random.nextInt(below: keys.count)
            if keys[aspirant] > keys[winner] { winner = aspirant }
        }
        return winner
    }

    /// DEAP `cxBlend`: γᵢ = (1 + 2α)uᵢ − α; c1 = (1 − γ)x1 + γx2, c2 = γx1 + (1 − γ)x2.
    static func blend(_ x1: inout [Double], _ x2: inout [Double], alpha: Double, random: inout RandomStream) {
        for i in x1.indices {
            let gamma = (1 + 2 * alpha) * random.nextUniform() - alpha
            let a = x1[i], b = x2[i]
            x1[i] = (1 - gamma) * a + gamma * b
            x2[i] = gamma * a + (1 - gamma) * b
        }
    }

    /// DEAP `cxUniform`: swaps each gene with probability `swapProbability`.
    static func uniformCrossover(
        _ x1: inout [Double], _ x2: inout [Double], swapProbability: Double, random: inout RandomStream
    ) {
        for i in x1.indices where random.nextUniform() < swapProbability {
            let t = x1[i]
            x1[i] = x2[i]
            x2[i] = t
        }
    }

    /// DEAP `mutGaussian` with μ = 0: each gene, with probability `geneProbability`,
    /// gets `sigmas[i] · N(0, 1)`.
    /// - Returns: whether any gene was mutated.
    static func gaussianMutation(
        _ x: inout [Double], sigmas: [Double], geneProbability: Double, random: inout RandomStream
    ) -> Bool {
        var changed = false
        for i in x.indices where random.nextUniform() < geneProbability {
            x[i] += sigmas[i] * random.nextGaussian()
            changed = true
        }
        return changed
    }

    /// Replaces the told generation by the next one (elites, tournament, crossover,
    /// mutation, clamping) and resets its fitness and lineage records.
    mutating func breed() {
        let c = configuration
        let p = c.population
        let old = state.population
        let keys = state.fitness.map(Self.rankingKey)
        var random = state.random

        var population: [[Double]] = []
        population.reserveCapacity(p)
        var parents: [[Int]] = []
        parents.reserveCapacity(p)
        var elite = [Bool](repeating: false, count: p)

        // 1. Elites, best first, copied unchanged.
        let order = Self.ranking(state.fitness)
        for (k, i) in order.prefix(c.elites).enumerated() {
            population.append(old[i])
            parents.append([i, -1])
            elite[k] = true
        }
        // 2. Tournament selection of the offspring (clones).
        let first = population.count
        while population.count < p {
            let w = Self.tournament(keys: keys, size: c.tournamentSize, random: &random)
            population.append(old[w])
            parents.append([w, -1])
        }
        // 3. Crossover of consecutive offspring pairs.
        var crossed = [Bool](repeating: false, count: p)
        var k = first
        while k + 1 < p {
            if random.nextUniform() < c.crossoverProbability {
                var x1 = population[k], x2 = population[k + 1]
                switch c.crossover {
                case .blend:
                    Self.blend(&x1, &x2, alpha: c.blendAlpha, random: &random)
                case .uniform:
                    Self.uniformCrossover(&x1, &x2, swapProbability: c.uniformSwapProbability, random: &random)
                }
                population[k] = x1
                population[k + 1] = x2
                parents[k][1] = parents[k + 1][0]
                parents[k + 1][1] = parents[k][0]
                crossed[k] = true
                crossed[k + 1] = true
            }
            k += 2
        }
        // 4. Mutation, then 5. projection onto the box.
        var mutated = [Bool](repeating: false, count: p)
        for k in first..<p {
            if random.nextUniform() < c.mutationProbability {
                mutated[k] = Self.gaussianMutation(
                    &population[k], sigmas: mutationSigmas, geneProbability: c.geneMutationProbability,
                    random: &random)
            }
            if crossed[k] || mutated[k] { population[k] = space.clamp(population[k]) }
        }

        state.random = random
        state.population = population
        state.fitness = []
        state.parents = parents
        state.crossed = crossed
        state.mutated = mutated
        state.elite = elite
    }
}

// MARK: - Recording

extension GeneticAlgorithm {
    /// The generation last asked, its fitness (NaN until told), lineage and summary statistics.
    ///
    /// The generation itself and its fitness are not repeated here (the loop records
    /// candidates and fitness): `best_fitness`, `mean_fitness` and
    /// `fitness_std` (over finite values; NaN if none), `nonfinite_count`,
    /// `population_std` (D, spread of each coordinate), `parents` (P×2, indices into
    /// the previous generation, −1 for none), and 0/1 masks `crossed`, `mutated`, `elite`.
    public func snapshot() -> [RecordedArray] {
        let p = configuration.population, d = space.count
        let fitness = state.fitness.isEmpty ? [Double](repeating: .nan, count: p) : state.fitness
        let finite = fitness.filter(\.isFinite)
        let flag: (Bool) -> Double = { $0 ? 1 : 0 }
        var spread = [Double](repeating: 0, count: d)
        for j in 0..<d { spread[j] = Statistics.standardDeviation(state.population.map { $0[j] }) }
        let told = !state.fitness.isEmpty
        return [
            .scalar(
                "best_fitness", told ? (finite.max() ?? .nan) : .nan,
                description: "best finite fitness of the generation"),
            .scalar(
                "mean_fitness", finite.isEmpty ? .nan : Statistics.mean(finite),
                description: "mean of the generation's finite fitness values"),
            .scalar(
                "fitness_std", finite.isEmpty ? .nan : Statistics.standardDeviation(finite),
                description: "standard deviation (ddof 0) of the generation's finite fitness values"),
            .scalar(
                "nonfinite_count", told ? Double(p - finite.count) : .nan,
                description: "individuals with NaN or infinite fitness"),
            RecordedArray(
                name: "population_std", shape: [d], values: spread, axes: ["parameter"],
                description: "standard deviation (ddof 0) of each encoded coordinate over the population"),
            RecordedArray(
                name: "parents", shape: [p, 2], values: state.parents.flatMap { $0.map(Double.init) },
                axes: ["individual", "parent"],
                description: "indices in the previous generation of the selected parent and the crossover partner (-1: none)"),
            RecordedArray(
                name: "crossed", shape: [p], values: state.crossed.map(flag), axes: ["individual"],
                description: "1 if recombined by crossover"),
            RecordedArray(
                name: "mutated", shape: [p], values: state.mutated.map(flag), axes: ["individual"],
                description: "1 if at least one gene was mutated"),
            RecordedArray(
                name: "elite", shape: [p], values: state.elite.map(flag), axes: ["individual"],
                description: "1 if copied unchanged as one of the previous generation's elites"),
        ]
    }
}
