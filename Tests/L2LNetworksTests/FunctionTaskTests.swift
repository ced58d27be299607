import Testing
import L2LNumerics
@testable import L2LNetworks

@Suite struct FunctionTaskTests {
    @Test(arguments: BenchmarkFunction.allCases)
    func valueAtOptimumIsTheFunctionsMinimum(function: BenchmarkFunction) {
        for seed in UInt64(0)..<5 {
            for rotate in [false, true] {
                let task = FunctionTask(function: function, dimension: 4, taskSeed: seed, shiftScale: 2, rotate: rotate)
                let error = abs(task.value(task.optimum) - function.minimum(dimension: 4))
                #expect(error < 1e-9, "\(function), seed \(seed), rotate \(rotate): |g(x*) − f_min| = \(error)")
                #expect(task.optimalValue == function.minimum(dimension: 4))
            }
        }
    }

    @Test(arguments: BenchmarkFunction.allCases)
    func rotationKeepsTheMinimum(function: BenchmarkFunction) {
        // No point near or far from the optimum beats it, rotated or not.
        let task = FunctionTask(function: function, dimension: 3, taskSeed: 11, shiftScale: 1, rotate: true)
        var random = RandomStream(seed: 12)
        for _ in 0..<500 {
            let radius = [1e-3, 0.1, 1, 5][random.nextInt(below: 4)]
            let x = task.optimum.map { $0 + radius * random.nextGaussian() }
            #expect(task.value(x) >= task.optimalValue - 1e-9, "\(function): g(\(x)) < minimum")
        }
    }

    @Test func rotationPreservesDistancesOfSphere() {
        // The sphere is rotation invariant: the rotated and unrotated tasks of a seed agree.
        let plain = FunctionTask(function: .sphere, dimension: 6, taskSeed: 5, shiftScale: 3, rotate: false)
        let rotated = FunctionTask(function: .sphere, dimension: 6, taskSeed: 5, shiftScale: 3, rotate: true)
        #expect(plain.shift == rotated.shift)
        #expect(rotated.isRotated && !plain.isRotated)
        var random = RandomStream(seed: 6)
        for _ in 0..<50 {
            let x = (0..<6).map { _ in random.nextUniform(in: -5, 5) }
            #expect(abs(plain.value(x) - rotated.value(x)) < 1e-10 * Swift.max(1, plain.value(x)))
        }
        // … but a rotated Rosenbrock is a different function.
        let r1 = FunctionTask(function: .rosenbrock, dimension: 6, taskSeed: 5, shiftScale: 3, rotate: false)
        let r2 = FunctionTask(function: .rosenbrock, dimension: 6, taskSeed: 5, shiftScale: 3, rotate: true)
        #expect(r1.value([0, 0, 0, 0, 0, 0]) != r2.value([0, 0, 0, 0, 0, 0]))
    }

    @Test func rotationIsOrthogonal() throws {
        let task = FunctionTask(function: .ackley, dimension: 5, taskSeed: 9, shiftScale: 1, rotate: true)
        let r = try #require(task.rotation)
        #expect(r.multiplied(by: r, transposingSelf: true).maximumAbsoluteDifference(.identity(5)) < 1e-12)
    }

    @Test func seedsIdentifyTasks() {
        let a = FunctionTask(function: .rastrigin, dimension: 5, taskSeed: 1, shiftScale: 2, rotate: true)
        let b = FunctionTask(function: .rastrigin, dimension: 5, taskSeed: 1, shiftScale: 2, rotate: true)
        let c = FunctionTask(function: .rastrigin, dimension: 5, taskSeed: 2, shiftScale: 2, rotate: true)
        #expect(a == b)
        #expect(a.value([1, 2, 3, 4, 5]) == b.value([1, 2, 3, 4, 5]))
        #expect(a.shift != c.shift)
        #expect(a.rotation != c.rotation)
        let shifts = (UInt64(0)..<200).map {
            FunctionTask(function: .sphere, dimension: 3, taskSeed: $0, shiftScale: 2, rotate: false).shift
        }
        #expect(Set(shifts).count == 200)
        #expect(shifts.allSatisfy { s in s.allSatisfy { $0 >= -2 && $0 <= 2 } })
        let meanCoordinate = shifts.flatMap { $0 }.reduce(0, +) / 600
        #expect(abs(meanCoordinate) < 0.2, "mean shift coordinate \(meanCoordinate) (uniform on [−2, 2]: sd of the mean ≈ 0.05)")
    }

    @Test func zeroShiftWithoutRotationIsTheBaseFunction() {
        let task = FunctionTask(function: .styblinskiTang, dimension: 3, taskSeed: 4, shiftScale: 0, rotate: false)
        #expect(task.optimum == [0, 0, 0])
        // g(x) = f(x + x_f): the minimizer moved to the origin.
        let x = [0.5, -1, 2]
        let expected = BenchmarkFunction.styblinskiTang.value(zip(x, BenchmarkFunction.styblinskiTang.minimizer(dimension: 3)).map(+))
        #expect(task.value(x) == expected)
    }
}
