import L2LNumerics

// Sampling, the weak-selection update (equation 3) and recording for `AlleleFrequencyEvolution`.

extension AlleleFrequencyEvolution {
    /// `count` genotypes with x(i) = 1 when a uniform draw is below p(i): genotype by
    /// genotype, gene by gene, one uniform each.
    static func sample(frequencies p: [Double], count: Int, random: inout RandomStream) -> [[Double]] {
        (0..<count).map { _ in p.map { random.nextUniform() < $0 ? 1.0 : 0.0 } }
    }

    /// Per-allele rewards of a batch (§3.1): f(i), the mean fitness of the genotypes
    /// carrying allele 1 of gene i, and f̄(i), of those carrying allele 0. Genotypes with
    /// non-finite fitness are skipped; an undefined mean is NaN.
    /// - Complexity: O(N n).
    public static func alleleRewards(genotypes: [[Double]], fitness: [Double]) -> (present: [Double], absent: [Double]) {
        precondition(genotypes.count == fitness.count, "alleleRewards: \(genotypes.count) genotypes, \(fitness.count) fitness values")
        let n = genotypes.first?.count ?? 0
        var carriers = [Double](repeating: 0, count: n), carrierSum = [Double](repeating: 0, count: n)
        var counted = 0.0, total = 0.0
        for (x, f) in zip(genotypes, fitness) where f.isFinite {
            precondition(x.count == n, "alleleRewards: genotypes differ in length")
            counted += 1
            total += f
            for i in 0..<n where x[i] != 0 {
                carriers[i] += 1
                carrierSum[i] += f
            }
        }
        var present = [Double](repeating: .nan, count: n), absent = [Double](repeating: .nan, count: n)
        for i in 0..<n {
            if carriers[i] > 0 { present[i] = carrierSum[i] / carriers[i] }
            if counted - carriers[i] > 0 { absent[i] = (total - carrierSum[i]) / (counted - carriers[i]) }
        }
        return (present, absent)
    }

    /// Equation 3 for one gene: p(1 + εf) / (1 + εf̄ + εp(f − f̄)); `p` unchanged when
    /// f or f̄ is undefined or a factor is not positive.
    @inlinable
    public static func weakSelection(frequency p: Double, present f: Double, absent fBar: Double, strength e: Double) -> Double {
        guard f.isFinite, fBar.isFinite else { return p }
        let one = p * (1 + e * f), zero = (1 - p) * (1 + e * fBar)
        guard one >= 0, zero >= 0, one + zero > 0 else { return p }
        return Swift.min(Swift.max(one / (one + zero), 0), 1)
    }

    /// Applies eq. 3 to every gene and records f − f̄.
    mutating func update(genotypes: [[Double]], fitness: [Double]) {
        let (f, fBar) = Self.alleleRewards(genotypes: genotypes, fitness: fitness)
        let e = configuration.selectionStrength, floor = configuration.frequencyFloor
        var p = state.frequencies
        for i in p.indices {
            var next = Self.weakSelection(frequency: p[i], present: f[i], absent: fBar[i], strength: e)
            if floor > 0 { next = Swift.min(Swift.max(next, floor), 1 - floor) }
            p[i] = next
        }
        state.frequencies = p
        state.advantage = zip(f, fBar).map { $0 - $1 }
    }

    /// Fraction of alleles with min(p, 1 − p) ≤ `distance` (the paper's Figure 2 plots
    /// one minus this).
    public func fixedFraction(within distance: Double) -> Double {
        let p = state.frequencies
        return Double(p.lazy.filter { Swift.min($0, 1 - $0) <= distance }.count) / Double(p.count)
    }
}

// MARK: - Recording

extension AlleleFrequencyEvolution {
    /// The allele distribution after the last update.
    ///
    /// `allele_frequency` p (n), `allele_advantage` f − f̄ of the last update (n; NaN
    /// where undefined or before the first), `fixed_fraction` (fraction of alleles with
    /// min(p, 1 − p) ≤ `fixationDistance`), `unfixed_fraction` (one minus it: the y of the
    /// paper's Figure 2 at x = `fixationDistance`), `mean_fitness` and `best_fitness` (finite
    /// values of the last batch; NaN before the first tell). The batch itself is recorded
    /// by the caller.
    public func snapshot() -> [RecordedArray] {
        let n = space.count
        let finite = state.fitness.filter(\.isFinite)
        let fixed = fixedFraction(within: configuration.fixationDistance)
        return [
            RecordedArray(
                name: "allele_frequency", shape: [n], values: state.frequencies, axes: ["gene"],
                description: "frequency p of allele 1 of each gene after the update (eq. 3)"),
            RecordedArray(
                name: "allele_advantage", shape: [n],
                values: state.advantage.isEmpty ? [Double](repeating: .nan, count: n) : state.advantage, axes: ["gene"],
                description: "f − f̄: mean fitness of carriers minus non-carriers of allele 1 in the last batch"),
            .scalar(
                "fixed_fraction", fixed,
                description: "fraction of alleles with min(p, 1 − p) ≤ fixation_distance"),
            .scalar(
                "unfixed_fraction", 1 - fixed,
                description: "fraction of alleles farther than fixation_distance from 0 and 1 (Figure 2's y)"),
            .scalar(
                "mean_fitness", finite.isEmpty ? .nan : Statistics.mean(finite),
                description: "mean of the last batch's finite fitness values"),
            .scalar(
                "best_fitness", finite.max() ?? .nan, description: "best finite fitness of the last batch"),
        ]
    }
}
