import Foundation
import L2LNumerics
import L2LOptimizers

/// Toy objectives and drivers shared by the optimizer tests (fitness = −f, maximized).
enum TestProblems {
    static func sphere(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 } }

    static func rosenbrock(_ x: [Double]) -> Double {
        var s = 0.0
        for i in 0..<(x.count - 1) {
            let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
            s += 100 * a * a + b * b
        }
        return s
    }

    /// Runs ask/tell on `f` (minimized) for `iterations` or until a stop reason fires.
    /// - Returns: the best objective value found (−incumbent fitness), ∞ if none.
    static func minimize<O: Optimizer>(
        _ optimizer: inout O, iterations: Int, _ f: ([Double]) -> Double
    ) throws -> Double {
        let best = try optimizer.optimize(iterations: iterations) { xs in xs.map { -f($0) } }
        return best.map { -$0.fitness } ?? .infinity
    }

    /// The candidates of every ask of a run, in order (a trajectory for determinism tests).
    static func trajectory<O: Optimizer>(
        _ optimizer: inout O, iterations: Int, _ f: ([Double]) -> Double
    ) throws -> [[[Double]]] {
        var batches: [[[Double]]] = []
        for _ in 0..<iterations {
            let xs = try optimizer.ask()
            batches.append(xs)
            try optimizer.tell(xs.map { -f($0) })
        }
        return batches
    }
}

extension TestProblems {
    /// A JSON round trip that allows NaN and ±∞ (fitness and unset statistics can be NaN).
    static func jsonRoundTrip<T: Codable>(_ value: T) throws -> T {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(T.self, from: try encoder.encode(value))
    }

    /// A space mixing every encoding: real, log-scale, integer and categorical.
    static let mixedSpace = SearchSpace([
        SearchDimension(name: "weight", kind: .real, lower: -1, upper: 1),
        SearchDimension(name: "rate", kind: .logScale, lower: 1e-4, upper: 1e-1),
        SearchDimension(name: "neurons", kind: .integer, lower: 3, upper: 7),
        SearchDimension.categorical(name: "rule", count: 3),
    ])

    /// Checks that encoded candidates lie in the box and decode to valid natural values.
    static func decodesInsideBounds(_ x: [Double], in space: SearchSpace) -> Bool {
        let natural = space.decode(x)
        for (i, d) in space.dimensions.enumerated() {
            guard x[i] >= d.encodedLower && x[i] <= d.encodedUpper else { return false }
            guard natural[i] >= d.lower && natural[i] <= d.upper else { return false }
            switch d.kind {
            case .integer, .categorical: if natural[i] != natural[i].rounded() { return false }
            case .real, .logScale: break
            }
        }
        return true
    }

    /// The recorded array named `name`, if the snapshot has one.
    static func recorded(_ arrays: [RecordedArray], _ name: String) -> RecordedArray? {
        arrays.first { $0.name == name }
    }
}
