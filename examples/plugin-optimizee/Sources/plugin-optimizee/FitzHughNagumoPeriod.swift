import L2L
import L2LNumerics
import L2LOptimizees
import L2LOptimizers

/// A FitzHugh–Nagumo neuron (FitzHugh 1961) whose parameters (a, b, I) are tuned until it fires
/// with a target period; each task seed draws the target period from [20, 60] time units.
///
/// dv/dt = v − v³/3 − w + I,  dw/dt = ε (v + a − b w), integrated by forward Euler (dt 0.05) for
/// 600 time units; spikes are upward crossings of v = 1 after a 100-unit transient. Fitness is
/// −((period − target) / target)²; a neuron that fires fewer than two spikes scores −1.
struct FitzHughNagumoPeriod: Optimizee {
    static let epsilon = 0.08
    let target: Double
    let parameterSpace = SearchSpace([
        SearchDimension(name: "a", kind: .real, lower: 0.0, upper: 1.0),
        SearchDimension(name: "b", kind: .real, lower: 0.1, upper: 1.0),
        SearchDimension(name: "current", kind: .real, lower: 0.0, upper: 1.5),
    ])
    /// The classic (a, b, I) = (0.7, 0.8, 0.5).
    var initialPoint: [Double]? { [0.7, 0.8, 0.5] }

    init(taskSeed: UInt64, shortest: Double, longest: Double) {
        var random = RandomStream(seed: taskSeed)
        target = random.nextUniform(in: shortest, longest)
    }

    /// The mean inter-spike interval, or nil with fewer than two spikes.
    static func period(a: Double, b: Double, current: Double) -> Double? {
        let dt = 0.05
        var v = -1.0, w = -0.5
        var spikes: [Double] = []
        for step in 0..<12_000 {
            let dv = v - v * v * v / 3 - w + current
            let dw = epsilon * (v + a - b * w)
            let previous = v
            v += dt * dv
            w += dt * dw
            let t = Double(step) * dt
            if t > 100, previous < 1, v >= 1 { spikes.append(t) }
        }
        guard spikes.count >= 2 else { return nil }
        return (spikes.last! - spikes.first!) / Double(spikes.count - 1)
    }

    func evaluate(_ parameters: [Double], random: inout RandomStream) throws -> Evaluation {
        guard let period = Self.period(a: parameters[0], b: parameters[1], current: parameters[2]) else {
            return Evaluation(fitness: -1)
        }
        let error = (period - target) / target
        return Evaluation(fitness: -error * error)
    }

    func finalReport(bestParameters: [Double]) -> [String: Double] {
        let period = Self.period(a: bestParameters[0], b: bestParameters[1], current: bestParameters[2]) ?? .nan
        return ["period": period, "target_period": target, "relative_error": abs(period - target) / target]
    }
}

extension FitzHughNagumoPeriod {
    /// `optimizee.fitzhugh_nagumo` in a spec: its keys, one rule and how to build one per task.
    static let descriptor = OptimizeeDescriptor(
        identifier: "fitzhugh_nagumo",
        doc: "A FitzHugh–Nagumo neuron tuned to fire with a target period",
        keys: [
            SpecKey("shortest_period", .real(.leftOpen(0, 1000)), .value(.double(20)), "Shortest target period of the task family."),
            SpecKey("longest_period", .real(.leftOpen(0, 1000)), .value(.double(60)), "Longest target period, `> shortest_period`."),
        ],
        check: { section in
            guard let shortest = section.double("shortest_period"), let longest = section.double("longest_period"),
                shortest >= longest
            else { return [] }
            return [SpecSectionIssue(key: "longest_period", "must be greater than shortest_period (\(shortest))")]
        },
        make: { section, context in
            FitzHughNagumoPeriod(
                taskSeed: context.coordinates.taskSeed, shortest: section.double("shortest_period")!,
                longest: section.double("longest_period")!)
        })
}
