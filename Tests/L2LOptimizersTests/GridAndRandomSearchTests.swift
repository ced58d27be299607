import L2LNumerics
import L2LOptimizers
import Testing

/// Grid and random search: what they visit, in which order, and that they stay in the space.
@Suite struct GridAndRandomSearchTests {
    static let space = SearchSpace([
        SearchDimension(name: "rate", kind: .logScale, lower: 1e-4, upper: 1e-1),
        SearchDimension(name: "neurons", kind: .integer, lower: 3, upper: 5),
        SearchDimension.categorical(name: "rule", count: 2),
        SearchDimension(name: "weight", kind: .real, lower: -1, upper: 1),
    ])

    @Test func gridVisitsEveryPointOnceInRowMajorOrder() throws {
        var grid = try GridSearch(configuration: .init(points: 4, population: 7), space: Self.space, initialPoint: nil, random: RandomStream(seed: 1))
        // 4 rates × 3 integers (fewer than 4) × 2 choices × 4 weights.
        #expect(grid.gridSize == 96)
        var seen: [[Double]] = []
        while grid.stopReasons.isEmpty {
            let batch = try grid.ask()
            #expect(batch.count == 7)
            seen += batch
            try grid.tell(batch.map { -$0.reduce(0, +) })
        }
        #expect(grid.iteration == 14 && seen.count == 98)
        let natural = seen.prefix(96).map(Self.space.decode)
        #expect(Set(natural.map { $0.map(\.bitPattern) }).count == 96, "a grid point repeated within the grid")
        #expect(seen[96] == seen[0] && seen[97] == seen[1], "the last batch is filled from the start")
        #expect(abs(natural[0][0] / 1e-4 - 1) < 1e-12 && natural[0][1...] == [3, 0, -1])
        #expect(natural[1][3] == -1 + 2.0 / 3 && natural[1][0...2] == natural[0][0...2], "the last entry varies fastest")
        let rates = Set(natural.map { $0[0] }).sorted()
        #expect(rates.count == 4 && abs(rates[1] / rates[0] - 10) < 1e-9, "log-scale values are geometric: \(rates)")
        #expect(Set(natural.map { $0[1] }) == [3, 4, 5] && Set(natural.map { $0[2] }) == [0, 1])
        guard case .searchSpaceExhausted(96)? = grid.stopReasons.first else {
            Issue.record("no exhaustion stop: \(grid.stopReasons)")
            return
        }
    }

    @Test func integerEntriesWithManyValuesGetEvenlySpacedIntegers() throws {
        let space = SearchSpace([SearchDimension(name: "n", kind: .integer, lower: 8, upper: 48)])
        var grid = try GridSearch(configuration: .init(points: 5, population: 5), space: space, initialPoint: nil, random: RandomStream(seed: 1))
        #expect(try grid.ask().map { space.decode($0)[0] } == [8, 18, 28, 38, 48])
    }

    @Test func tooLargeAGridIsRefusedNamingItsSize() {
        let space = SearchSpace.box(count: 8, lower: 0, upper: 1)
        #expect(throws: OptimizerError.self) {
            try GridSearch(configuration: .init(points: 10, population: 4), space: space, initialPoint: nil, random: RandomStream(seed: 1))
        }
    }

    @Test func randomSearchCoversTheSpaceUniformlyAndRepeatsForASeed() throws {
        var a = try RandomSearch(configuration: .init(population: 500), space: Self.space, initialPoint: nil, random: RandomStream(seed: 3))
        var b = try RandomSearch(configuration: .init(population: 500), space: Self.space, initialPoint: nil, random: RandomStream(seed: 3))
        let batch = try a.ask()
        #expect(try b.ask() == batch)
        let natural = batch.map(Self.space.decode)
        for value in [3.0, 4, 5] {
            let share = Double(natural.filter { $0[1] == value }.count) / 500
            #expect(abs(share - 1.0 / 3) < 0.08, "integer \(value) drawn with share \(share)")
        }
        // Log-uniform: a third of the draws per decade of [1e-4, 1e-1].
        let lowDecade = Double(natural.filter { $0[0] < 1e-3 }.count) / 500
        #expect(abs(lowDecade - 1.0 / 3) < 0.08, "share below 1e-3: \(lowDecade)")
        #expect(natural.allSatisfy { $0[3] >= -1 && $0[3] <= 1 && ($0[2] == 0 || $0[2] == 1) })
    }
}
