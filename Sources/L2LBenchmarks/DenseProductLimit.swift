import L2LNumerics

/// The machine's practical floating-point limit on one core, measured: the rate of a large square
/// BLAS product (`dgemm`, n = 800, the best of three), which runs the CPU's FMA units near
/// their peak with the kernels the BLAS loaded. Benchmarks report their achieved GFLOP/s as a
/// fraction of it; a kernel that is bound by memory, not arithmetic, stays well below.
public enum DenseProductLimit {
    /// GFLOP/s of `C = A B` for `n × n` matrices (2n³ flops), best of `repeats`.
    public static func measure(n: Int = 800, repeats: Int = 3) -> Double {
        var random = RandomStream(seed: 7)
        let a = Matrix(rows: n, columns: n, elements: (0..<(n * n)).map { _ in random.nextGaussian() })
        let b = Matrix(rows: n, columns: n, elements: (0..<(n * n)).map { _ in random.nextGaussian() })
        return rate(n: n, repeats: repeats) { precondition(a.multiplied(by: b).rows == n) }
    }

    /// The same for single precision (`sgemm`): the limit of a kernel that runs in float, about
    /// twice the double rate on SIMD units.
    public static func measureSingle(n: Int = 800, repeats: Int = 3) -> Double {
        var random = RandomStream(seed: 7)
        let a = (0..<(n * n)).map { _ in Float(random.nextGaussian()) }
        let b = (0..<(n * n)).map { _ in Float(random.nextGaussian()) }
        var c = [Float](repeating: 0, count: n * n)
        return rate(n: n, repeats: repeats) {
            c.withUnsafeMutableBufferPointer { out in
                StridedProducts.multiply(a, lda: n, b, ldb: n, into: out.baseAddress!, ldc: n, m: n, n: n, k: n)
            }
        }
    }

    /// 2n³ / the best of `repeats` timings of `product`, in GFLOP/s.
    private static func rate(n: Int, repeats: Int, _ product: () -> Void) -> Double {
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<max(1, repeats) {
            let start = clock.now
            product()
            best = min(best, (clock.now - start).seconds)
        }
        return 2 * Double(n) * Double(n) * Double(n) / best / 1e9
    }
}
