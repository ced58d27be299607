import Foundation
import Testing

@testable import L2LNetworks

@Suite struct BenchmarkFunctionTests {
    @Test(arguments: BenchmarkFunction.allCases)
    func minimizerIsALocalMinimumWithTheStatedValue(function: BenchmarkFunction) {
        // At the stated minimizer f = minimum (to 1e-9 absolute, the minimizers are exact or to 16
        // digits), and ±1e-3 along each axis does not go lower.
        for n in [4, 8] {
            let x = function.minimizer(dimension: n), f = function.value(x)
            #expect(abs(f - function.minimum(dimension: n)) < 1e-9)
            for i in 0..<n {
                for step in [-1e-3, 1e-3] {
                    var y = x
                    y[i] += step
                    #expect(function.value(y) >= f - 1e-12, "\(function) n=\(n) coordinate \(i) step \(step)")
                }
            }
        }
    }

    @Test func knownMinimaAndStartValues() {
        // Textbook minima (VLSE; Moré, Garbow & Hillstrom 1981) and f(x0) of MGH's standard starts,
        // exact in binary or to 1e-9 relative.
        #expect(BenchmarkFunction.trid.minimum(dimension: 6) == -50)
        #expect(BenchmarkFunction.trid.minimum(dimension: 10) == -210)
        #expect(abs(BenchmarkFunction.styblinskiTang.minimum(dimension: 5) - -195.8308285188571) < 1e-9)
        for function in [BenchmarkFunction.zakharov, .dixonPrice, .levy, .sumSquares, .variablyDimensioned,
                         .brownAlmostLinear, .wood, .powellSingular] {
            #expect(abs(function.minimum(dimension: 8)) < 1e-12, "\(function)")
        }
        #expect(BenchmarkFunction.wood.value([-3, -1, -3, -1]) == 19192)  // MGH 14
        #expect(BenchmarkFunction.powellSingular.value([3, -1, 0, 1]) == 215)  // MGH 13/22
        #expect(BenchmarkFunction.rosenbrock.value([-1.2, 1]) == 24.199999999999996)
        #expect(BenchmarkFunction.sumSquares.value(Array(repeating: 2, count: 20)) == 840)
        #expect(BenchmarkFunction.zakharov.value(Array(repeating: 1, count: 5)) == 3225.3125)
        // The Python forms of bench/mads/test_functions.py give the same values.
        #expect(abs(BenchmarkFunction.brownAlmostLinear.value(Array(repeating: 0.5, count: 10)) - 273.2480478286743) < 1e-9)
        #expect(abs(BenchmarkFunction.levy.value(Array(repeating: 3, count: 8)) - 8.108715180212506) < 1e-9)
    }
}
