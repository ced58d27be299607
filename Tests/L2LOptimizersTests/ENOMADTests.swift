import Foundation
import L2LNumerics
import Testing

@testable import L2LOptimizers

@Suite("ENOMAD")
struct ENOMADTests {
    static let dimension = 12
    static let space = SearchSpace.box(count: dimension, lower: -20, upper: 20)
    /// The prior: a fixed vector; the optimum lies 0.5 away from it in four weights.
    static let prior = (0..<dimension).map { Double($0 % 5) - 2 }
    static let optimum = prior.enumerated().map { $0.offset < 4 ? $0.element + 0.5 : $0.element }
    static func objective(_ x: [Double]) -> Double { zip(x, optimum).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }

    static func small(_ variant: ENOMAD.Variant) -> ENOMAD.Configuration {
        ENOMAD.Configuration(
            variant: variant, population: 6, subsetSize: 4, box: 1, evaluationsPerCall: 30, resets: 2)
    }

    @Test("rENOMAD improves on its prior when the optimum is near it")
    func improvesOnPrior() throws {
        var e = try ENOMAD(
            configuration: Self.small(.rENOMAD), space: Self.space, initialPoint: Self.prior,
            random: RandomStream(seed: 3))
        var generations = 0
        while e.state.generation < 4 {
            let xs = try e.ask()
            #expect(!xs.isEmpty && xs.allSatisfy { $0.allSatisfy { abs($0) <= 20 } })
            try e.tell(xs.map { -Self.objective($0) })
            generations = e.state.generation
        }
        let start = Self.objective(Self.prior), best = -e.incumbent!.fitness
        print("renomad: prior f = \(start), best f = \(best) after \(generations) generations, \(e.state.evaluations) evaluations")
        #expect(best < 0.25 * start)
        #expect(TestProblems.recorded(e.snapshot(), "best_fitness")!.values[0] > -start)
    }

    @Test("mENOMAD changes no more weights than its resets allow, and MADS tunes only changed weights")
    func changedWeightsBound() throws {
        let c = Self.small(.mENOMAD)
        var e = try ENOMAD(configuration: c, space: Self.space, initialPoint: Self.prior, random: RandomStream(seed: 5))
        var startOfGeneration: [[Double]] = e.state.population
        var seenGeneration = -1
        while e.state.generation < 4 {
            let xs = try e.ask()
            if e.state.generation != seenGeneration {
                seenGeneration = e.state.generation
                startOfGeneration = e.state.population
                let changed = startOfGeneration.map(e.changedWeights)
                if seenGeneration == 0 { #expect(changed.allSatisfy { $0 == 0 }) }
                if seenGeneration == 1 { #expect(changed.allSatisfy { $0 <= c.resets }, "\(changed)") }
            }
            // Every candidate differs from its owner only where the owner already differs from the prior.
            var offset = 0
            for (i, count) in e.state.counts.enumerated() {
                for x in xs[offset..<(offset + count)] {
                    for j in x.indices where x[j] != startOfGeneration[i][j] {
                        #expect(startOfGeneration[i][j] != Self.prior[j], "individual \(i) weight \(j)")
                    }
                }
                offset += count
            }
            try e.tell(xs.map { -Self.objective($0) })
        }
        // The penalty is part of the fitness MADS and the incumbent see.
        let inc = e.incumbent!
        let k = Double(e.changedWeights(inc.point))
        #expect(abs(inc.fitness - (-Self.objective(inc.point) - 0.1 * pow(k, 1.3))) < 1e-12)
    }

    @Test("same seed, same trace; a JSON round trip continues bit-identically")
    func determinismAndResume() throws {
        for variant in ENOMAD.Variant.allCases {
            func make() throws -> ENOMAD {
                try ENOMAD(
                    configuration: Self.small(variant), space: Self.space, initialPoint: Self.prior,
                    random: RandomStream(seed: 9))
            }
            var a = try make(), b = try make()
            let ta = try TestProblems.trajectory(&a, iterations: 40, Self.objective)
            #expect(try ta == TestProblems.trajectory(&b, iterations: 40, Self.objective))
            _ = try a.ask()
            let saved = try TestProblems.jsonRoundTrip(a.state)
            #expect(saved == a.state)
            var restored = try ENOMAD(configuration: Self.small(variant), space: Self.space, state: saved)
            let xs = a.state.candidates
            try a.tell(xs.map { -Self.objective($0) })
            try restored.tell(xs.map { -Self.objective($0) })
            let r1 = try TestProblems.trajectory(&a, iterations: 40, Self.objective)
            #expect(try r1 == TestProblems.trajectory(&restored, iterations: 40, Self.objective))
            #expect(a.state == restored.state)
        }
    }

    @Test("defaults follow the public code; misuse is reported")
    func defaultsAndMisuse() throws {
        let r = ENOMAD.Configuration(variant: .rENOMAD), m = ENOMAD.Configuration(variant: .mENOMAD)
        #expect(r.population == 64 && r.subsetSize == 49 && r.box == 4 && r.evaluationsPerCall == 250)
        #expect(m.box == 2 && m.evaluationsPerCall == 25 && m.resets == 5 && m.penaltyScale == 0.1 && m.penaltyExponent == 1.3)
        for (c, key) in [
            (ENOMAD.Configuration(population: 3), "population"),
            (ENOMAD.Configuration(box: 0), "box"),
            (ENOMAD.Configuration(evaluationsPerCall: 0), "evaluations_per_call"),
            (ENOMAD.Configuration(mads: .init(pollBlockSize: 0)), "mads.poll_block_size"),
        ] {
            #expect {
                _ = try ENOMAD(configuration: c, space: Self.space, initialPoint: nil, random: RandomStream(seed: 1))
            } throws: { error in
                if case .invalidConfiguration(_, let k, _, _) = error as? OptimizerError { k == key } else { false }
            }
        }
        var e = try ENOMAD(configuration: Self.small(.rENOMAD), space: Self.space, initialPoint: nil, random: RandomStream(seed: 1))
        #expect(throws: OptimizerError.self) { try e.tell([1]) }
        let xs = try e.ask()
        #expect(xs.count == 6)  // every individual's first MADS ask is its start point
        #expect(throws: OptimizerError.fitnessCountMismatch(expected: 6, got: 1)) { try e.tell([1]) }
        let shapes = e.snapshot().map(\.shape)
        try e.tell(xs.map { -Self.objective($0) })
        #expect(e.snapshot().map(\.shape) == shapes)
    }

    @Test("every completed generation records the population and every MADS call's trace, once")
    func generationRecord() throws {
        for variant in ENOMAD.Variant.allCases {
            let c = Self.small(variant)
            var e = try ENOMAD(configuration: c, space: Self.space, initialPoint: Self.prior, random: RandomStream(seed: 7))
            var records: [[RecordedArray]] = []
            var told: [[Double]] = []
            while e.state.generation < 3 {
                let xs = try e.ask()
                told += xs
                try e.tell(xs.map { -Self.objective($0) })
                let snapshot = e.snapshot()
                if TestProblems.recorded(snapshot, "call_fitness") != nil { records.append(snapshot) }
            }
            #expect(records.count == 3, "\(variant): \(records.count) generation records")
            for (g, snapshot) in records.enumerated() {
                func array(_ name: String) throws -> [Double] { try #require(TestProblems.recorded(snapshot, name)).values }
                #expect(try array("generation_index") == [Double(g)])
                let population = try array("generation_population"), fitness = try array("generation_fitness")
                #expect(population.count == c.population * Self.dimension)
                let evaluations = try array("call_evaluations"), start = try array("call_start_fitness")
                let end = try array("call_end_fitness"), curves = try array("call_fitness")
                let changed = try array("generation_changed_weights"), indices = try array("call_indices")
                #expect(curves.count == c.population * c.evaluationsPerCall && indices.count == c.population * c.subsetSize)
                for i in 0..<c.population {
                    let w = Array(population[(i * Self.dimension)..<((i + 1) * Self.dimension)])
                    let curve = Array(curves[(i * c.evaluationsPerCall)..<((i + 1) * c.evaluationsPerCall)])
                    let used = curve.filter { !$0.isNaN }
                    #expect(Double(used.count) == evaluations[i] && evaluations[i] <= Double(c.evaluationsPerCall))
                    #expect(used.first == start[i] && used.max() == end[i] && end[i] == fitness[i], "\(variant) g\(g) i\(i)")
                    #expect(Double(e.changedWeights(w)) == changed[i])
                    // The recorded weights were evaluated, with the recorded (penalised) fitness.
                    let k = Double(e.changedWeights(w))
                    let expected = -Self.objective(w) - (variant == .mENOMAD && k > 0 ? 0.1 * pow(k, 1.3) : 0)
                    #expect(abs(expected - fitness[i]) < 1e-9 && told.contains(w))
                    let tuned = indices[(i * c.subsetSize)..<((i + 1) * c.subsetSize)].filter { $0 >= 0 }
                    if variant == .rENOMAD { #expect(tuned.count == c.subsetSize) }
                }
            }
        }
    }
}
