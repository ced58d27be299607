import Foundation
import L2LNumerics
import L2LOptimizers

/// CMA-ES and MADS from l2l used as a plain ask/tell library on the 10-D Rosenbrock function:
/// the caller owns the loop and the evaluations; the optimizer only proposes and learns.
/// Prints the best value each reached and exits non-zero if either failed to make progress.

/// Rosenbrock, minimum 0 at (1, …, 1).
func rosenbrock(_ x: [Double]) -> Double {
    var sum = 0.0
    for i in 0..<(x.count - 1) {
        let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
        sum += 100 * a * a + b * b
    }
    return sum
}

/// Runs any l2l optimizer for `evaluations` evaluations; l2l maximizes, so it is told −f.
func minimize(_ optimizer: inout some Optimizer, evaluations: Int) throws -> Double {
    var used = 0
    while used < evaluations, optimizer.stopReasons.isEmpty {
        let candidates = try optimizer.ask()
        try optimizer.tell(candidates.map { -rosenbrock($0) })
        used += candidates.count
    }
    return -(optimizer.incumbent?.fitness ?? -.infinity)
}

let dimension = 10
let space = SearchSpace.box(count: dimension, lower: -5, upper: 10)
let start = [Double](repeating: 0, count: dimension)

var cmaes = try CMAES(
    configuration: CMAES.Configuration(initialSigma: 0.2), space: space, initialPoint: start, random: RandomStream(seed: 1))
let cmaesBest = try minimize(&cmaes, evaluations: 20_000)
print("CMA-ES: Rosenbrock \(dimension)-D, best f = \(cmaesBest) after \(cmaes.iteration) iterations")

var mads = try MeshAdaptiveDirectSearch(
    configuration: MeshAdaptiveDirectSearch.Configuration(), space: space, initialPoint: start, random: RandomStream(seed: 1))
let madsBest = try minimize(&mads, evaluations: 1_100)
print("MADS: Rosenbrock \(dimension)-D, best f = \(madsBest) after 1,100 evaluations")

// f(start) = 9; both must improve on it by far (CMA-ES reaches the optimum).
guard cmaesBest < 1e-6, madsBest < 9 else {
    print("error: an optimizer made no progress")
    exit(1)
}
