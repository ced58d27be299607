import L2LOptimizers
import L2LNumerics
import L2LOptimizees

/// The outer loop's search space: the spec's `outer.search_space` entries as an
/// encoded box for the outer optimizer, and the way back to spec assignments.
public struct HyperparameterSpace: Sendable, Equatable {
    public let entries: [SearchSpaceEntry]
    public let space: SearchSpace

    public init(_ entries: [SearchSpaceEntry]) {
        self.entries = entries
        space = SearchSpace(entries.map { entry in
            switch entry.kind {
            case .uniform(let low, let high):
                SearchDimension(name: entry.path, kind: .real, lower: low, upper: high)
            case .logUniform(let low, let high):
                SearchDimension(name: entry.path, kind: .logScale, lower: low, upper: high)
            case .integer(let low, let high):
                SearchDimension(name: entry.path, kind: .integer, lower: Double(low), upper: Double(high))
            case .choice(let values):
                SearchDimension.categorical(name: entry.path, count: values.count)
            }
        })
    }

    /// Dotted paths, in order.
    public var paths: [String] { entries.map(\.path) }

    /// Natural values of an encoded point (a choice as its index).
    public func naturalValues(_ encoded: [Double]) -> [Double] { space.decode(encoded) }

    /// The spec assignments an encoded point stands for.
    public func assignments(_ encoded: [Double]) -> [(path: String, value: SpecScalar)] {
        zip(entries, space.decode(encoded)).map { entry, value in
            switch entry.kind {
            case .uniform, .logUniform: (entry.path, .double(value))
            case .integer: (entry.path, .int(Int(value)))
            case .choice(let values): (entry.path, values[Int(value)])
            }
        }
    }
}

extension OuterFitness {
    /// The outer fitness of one hyperparameter set from its inner runs.
    /// Any failed or non-finite run makes the aggregate −∞ for mean and AUC
    /// (a hyperparameter set that breaks is worst), while the median tolerates a minority.
    /// With `metric`, a run's score is that final-report metric (−∞ when the run lacks it or
    /// failed) instead of its final best fitness.
    func aggregate(_ runs: [InnerRunResult], metric: String? = nil) -> Double {
        guard !runs.isEmpty else { return -.infinity }
        let value: Double
        switch self {
        case .mean:
            value = Statistics.mean(runs.map { $0.score(metric: metric) })
        case .median:
            value = Statistics.median(runs.map { $0.score(metric: metric) })
        case .areaUnderCurve:
            value = Statistics.mean(runs.map { Statistics.normalizedArea($0.bestCurve) })
        }
        return value.isNaN ? -.infinity : value
    }
}

extension InnerRunResult {
    /// The run's score for the outer loop: its final best fitness, or the final-report `metric`
    /// (−∞ when the run failed or lacks it, or it is NaN).
    func score(metric: String?) -> Double {
        guard let metric else { return finalBest }
        guard failure == nil, let value = metrics[metric], !value.isNaN else { return -.infinity }
        return value
    }
}
