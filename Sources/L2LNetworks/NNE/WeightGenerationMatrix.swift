import Foundation
import L2LNumerics

/// The sparse random weight-generation matrix W of neural-net evolution (Gorantla,
/// Louis, Papadimitriou, Vempala & Yadati 2019, §2): a network with m links and a
/// genome of n genes gets the link weights `W x` from a genotype x ∈ {0, 1}ⁿ.
///
/// ```swift
/// var random = RandomStream(seed: 5)
/// let w = WeightGenerationMatrix(rows: 88_400, genes: 4_000, density: 0.0025, random: &random)
/// let weights = w.apply([Double](repeating: 1, count: 4_000))   // 88,400 link weights
/// ```
///
/// Entries are i.i.d.: with probability β (`density`) an entry is drawn from
/// ``Entries`` — U[−1, 1] in the paper's MNIST experiments, ±√(m/d) with equal
/// probability in Theorem 2 (density d/m) — and is 0 otherwise. The matrix is stored
/// row by row (compressed sparse rows); the nonzero positions are drawn by geometric
/// skips over the row-major `m × n` index, so drawing costs O(βmn), not O(mn).
public struct WeightGenerationMatrix: Sendable, Equatable, Codable {
    /// The distribution of a nonzero entry.
    public enum Entries: Codable, Sendable, Equatable {
        /// U[−1, 1] (§2 and §3.1).
        case uniform
        /// ±`magnitude`, each with probability ½ (Theorem 2: magnitude √(m/d)).
        case signed(magnitude: Double)
    }

    /// Number of links m (rows).
    public let rows: Int
    /// Number of genes n (columns).
    public let genes: Int
    /// Probability β that an entry is nonzero.
    public let density: Double
    /// `rowStarts[r] ..< rowStarts[r + 1]` index row r's entries; m + 1 values.
    public let rowStarts: [Int]
    /// Gene (column) of each nonzero, increasing within a row.
    public let geneIndices: [Int32]
    /// Value of each nonzero.
    public let values: [Double]

    /// Draws W.
    /// - Parameters:
    ///   - rows: m ≥ 1.
    ///   - genes: n ≥ 1.
    ///   - density: β in (0, 1].
    ///   - entries: distribution of a nonzero (U[−1, 1] by default).
    ///   - random: advanced by about 2βmn uniforms.
    public init(rows: Int, genes: Int, density: Double, entries: Entries = .uniform, random: inout RandomStream) {
        precondition(rows >= 1 && genes >= 1, "WeightGenerationMatrix: shape \(rows)×\(genes)")
        precondition(density > 0 && density <= 1, "WeightGenerationMatrix: density \(density) outside (0, 1]")
        let total = rows * genes
        var starts = [Int](repeating: 0, count: rows + 1)
        var columns: [Int32] = [], values: [Double] = []
        let expected = Int(Double(total) * density * 1.05) + 16
        columns.reserveCapacity(expected)
        values.reserveCapacity(expected)
        let logQ = log1p(-density)
        var t = -1
        while true {
            // Skip to the next nonzero: a geometric number of zeros.
            if density >= 1 {
                t += 1
            } else {
                let u = 1 - random.nextUniform()  // in (0, 1]
                let skip = (log(u) / logQ).rounded(.down)
                if skip >= Double(total) { break }
                t += 1 + Int(skip)
            }
            if t >= total { break }
            let r = t / genes
            starts[r + 1] += 1
            columns.append(Int32(t % genes))
            switch entries {
            case .uniform: values.append(random.nextUniform(in: -1, 1))
            case .signed(let m): values.append(random.nextUniform() < 0.5 ? -m : m)
            }
        }
        for r in 0..<rows { starts[r + 1] += starts[r] }
        self.rows = rows
        self.genes = genes
        self.density = density
        self.rowStarts = starts
        self.geneIndices = columns
        self.values = values
    }

    /// Number of nonzero entries.
    public var nonzeroCount: Int { values.count }

    /// `W x` for one genotype (or allele-frequency vector: `W p` is the expected weight vector).
    /// - Complexity: O(nonzeros).
    public func apply(_ x: [Double]) -> [Double] {
        precondition(x.count == genes, "WeightGenerationMatrix: \(x.count) genes, expected \(genes)")
        var w = [Double](repeating: 0, count: rows)
        for r in 0..<rows {
            var s = 0.0
            for k in rowStarts[r]..<rowStarts[r + 1] { s += values[k] * x[Int(geneIndices[k])] }
            w[r] = s
        }
        return w
    }

    /// `scale · W[rows, :] · G` for a block of genotypes: `G` is `genes × count`
    /// (gene-major: gene g's alleles in all genotypes are contiguous) and the result,
    /// `rows.count × count` row-major, is written to `output`.
    /// - Complexity: O(nonzeros in `rows` · count), one AXPY of length `count` per nonzero.
    public func apply(
        genotypesByGene g: UnsafePointer<Double>, count: Int, rows range: Range<Int>, scale: Double,
        into output: UnsafeMutablePointer<Double>
    ) {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "WeightGenerationMatrix: rows \(range) outside 0..<\(rows)")
        typealias V = SIMD8<Double>
        values.withUnsafeBufferPointer { v in
            geneIndices.withUnsafeBufferPointer { col in
                for r in range {
                    let out = output + (r - range.lowerBound) * count
                    let entries = rowStarts[r]..<rowStarts[r + 1]
                    // Each output lane sums a·src from zero in entry order, as one AXPY per entry
                    // would, but in registers: 32 lanes, then 8, then one at a time.
                    var m = 0
                    while m + 32 <= count {
                        var s0 = V(), s1 = V(), s2 = V(), s3 = V()
                        for k in entries {
                            let a = scale * v[k], src = UnsafeRawPointer(g + (Int(col[k]) * count + m))
                            s0 = s0 + a * src.loadUnaligned(as: V.self)
                            s1 = s1 + a * src.loadUnaligned(fromByteOffset: 64, as: V.self)
                            s2 = s2 + a * src.loadUnaligned(fromByteOffset: 128, as: V.self)
                            s3 = s3 + a * src.loadUnaligned(fromByteOffset: 192, as: V.self)
                        }
                        let o = UnsafeMutableRawPointer(out + m)
                        o.storeBytes(of: s0, as: V.self)
                        o.storeBytes(of: s1, toByteOffset: 64, as: V.self)
                        o.storeBytes(of: s2, toByteOffset: 128, as: V.self)
                        o.storeBytes(of: s3, toByteOffset: 192, as: V.self)
                        m += 32
                    }
                    while m + 8 <= count {
                        var s = V()
                        for k in entries {
                            s = s + (scale * v[k]) * UnsafeRawPointer(g + (Int(col[k]) * count + m)).loadUnaligned(as: V.self)
                        }
                        UnsafeMutableRawPointer(out + m).storeBytes(of: s, as: V.self)
                        m += 8
                    }
                    while m < count {
                        var s = 0.0
                        for k in entries { s += (scale * v[k]) * g[Int(col[k]) * count + m] }
                        out[m] = s
                        m += 1
                    }
                }
            }
        }
    }
}
