import Foundation

extension BenchmarkFunction {
    /// Values of the functions after Styblinski–Tang (their textbook forms are on the cases).
    func moreValue(_ x: [Double]) -> Double {
        let n = x.count
        switch self {
        case .powellSingular:
            // MGH 22.
            var s = 0.0
            var j = 0
            while j + 3 < n {
                let a = x[j] + 10 * x[j + 1], b = x[j + 2] - x[j + 3]
                let c = x[j + 1] - 2 * x[j + 2], d = x[j] - x[j + 3]
                s += a * a + 5 * b * b + c * c * c * c + 10 * d * d * d * d
                j += 4
            }
            return s
        case .trid:
            var s = 0.0
            for i in 0..<n {
                s += (x[i] - 1) * (x[i] - 1)
                if i > 0 { s -= x[i] * x[i - 1] }
            }
            return s
        case .zakharov:
            var squares = 0.0, t = 0.0
            for (i, v) in x.enumerated() {
                squares += v * v
                t += 0.5 * Double(i + 1) * v
            }
            return squares + t * t + t * t * t * t
        case .dixonPrice:
            guard let first = x.first else { return 0 }
            var s = (first - 1) * (first - 1)
            for i in x.indices.dropFirst() {
                let r = 2 * x[i] * x[i] - x[i - 1]
                s += Double(i + 1) * r * r
            }
            return s
        case .levy:
            guard !x.isEmpty else { return 0 }
            let w = x.map { 1 + ($0 - 1) / 4 }
            var s = pow(sin(.pi * w[0]), 2)
            for i in 0..<(n - 1) {
                s += (w[i] - 1) * (w[i] - 1) * (1 + 10 * pow(sin(.pi * w[i] + 1), 2))
            }
            return s + (w[n - 1] - 1) * (w[n - 1] - 1) * (1 + pow(sin(2 * .pi * w[n - 1]), 2))
        case .sumSquares:
            return x.enumerated().reduce(0) { $0 + Double($1.offset + 1) * $1.element * $1.element }
        case .variablyDimensioned:
            // MGH 25.
            var squares = 0.0, t = 0.0
            for (i, v) in x.enumerated() {
                squares += (v - 1) * (v - 1)
                t += Double(i + 1) * (v - 1)
            }
            return squares + t * t + t * t * t * t
        case .brownAlmostLinear:
            // MGH 27.
            let total = x.reduce(0, +), product = x.reduce(1, *)
            var s = 0.0
            for i in 0..<Swift.max(0, n - 1) {
                let r = x[i] + total - Double(n + 1)
                s += r * r
            }
            return s + (product - 1) * (product - 1)
        case .wood:
            // MGH 14 on each group of four.
            var s = 0.0
            var j = 0
            while j + 3 < n {
                let (a, b, c, d) = (x[j], x[j + 1], x[j + 2], x[j + 3])
                s += 100 * pow(b - a * a, 2) + pow(1 - a, 2) + 90 * pow(d - c * c, 2) + pow(1 - c, 2)
                s += 10.1 * (pow(b - 1, 2) + pow(d - 1, 2)) + 19.8 * (b - 1) * (d - 1)
                j += 4
            }
            return s
        case .sphere, .rosenbrock, .rastrigin, .ackley, .griewank, .styblinskiTang:
            return value(x)
        }
    }
}
