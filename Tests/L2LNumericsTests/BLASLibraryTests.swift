import Foundation
import Testing
@testable import L2LNumerics

/// Which OpenBLAS kernels l2l asks for, the strided products the simulators call, and the rule
/// that only L2LNumerics calls the BLAS.
@Suite struct BLASLibraryTests {
    static let avx2: Set<String> = ["sse2", "avx", "avx2", "fma"]
    static let avx512 = avx2.union(["avx512f", "avx512bw", "avx512dq", "avx512vl"])

    @Test func fallbackKernelsAreReplaced() {
        #expect(BLASLibrary.preferredCoreType(running: "Prescott", cpuFlags: Self.avx512) == "SkylakeX")
        #expect(BLASLibrary.preferredCoreType(running: "Prescott", cpuFlags: Self.avx2) == "Haswell")
        #expect(BLASLibrary.preferredCoreType(running: "Sandybridge", cpuFlags: Self.avx2) == "Haswell")
        // AVX-512 needs all four subsets (F alone is Knights Landing, not SkylakeX).
        #expect(BLASLibrary.preferredCoreType(running: "Prescott", cpuFlags: Self.avx2.union(["avx512f"])) == "Haswell")
    }

    @Test func recognisedKernelsAndOldCPUsAreKept() {
        for core in ["Zen", "Haswell", "SkylakeX", "COOPERLAKE"] {
            #expect(BLASLibrary.preferredCoreType(running: core, cpuFlags: Self.avx512) == nil)
        }
        #expect(BLASLibrary.preferredCoreType(running: "Prescott", cpuFlags: ["sse2", "sse3", "avx"]) == nil)
        #expect(BLASLibrary.preferredCoreType(running: "Prescott", cpuFlags: []) == nil)
    }

    @Test func cpuFlagsAreRead() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("l2l-cpuinfo-\(getpid())")
        defer { try? FileManager.default.removeItem(at: url) }
        try "processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma\n\nprocessor\t: 1\nflags\t\t: fpu\n".write(
            to: url, atomically: true, encoding: .utf8)
        let flags = BLASLibrary.cpuFlags(cpuinfo: url.path)
        #expect(flags == ["fpu", "sse2", "avx", "avx2", "fma"])
        #expect(BLASLibrary.vectorLevel(cpuFlags: flags) == "avx2+fma")
        #expect(BLASLibrary.vectorLevel(cpuFlags: Self.avx512) == "avx512")
        #expect(BLASLibrary.cpuFlags(cpuinfo: url.path + "-missing").isEmpty)
    }

    @Test func reportsTheLoadedLibrary() {
        #expect(BLASLibrary.configuration.contains("OpenBLAS"))
        #expect(!BLASLibrary.coreType.isEmpty && BLASLibrary.coreType != "unknown")
    }

    /// A product on column blocks of wider buffers (leading dimensions larger than the block),
    /// with α, β and a transposed operand, against the sums written out.
    @Test func stridedProductMatchesSums() {
        let m = 3, n = 2, k = 4, lda = 6, ldb = 5, ldc = 7
        let a = (0..<(m * lda)).map { Double($0 % 7) - 3 }            // m × k block of an m × lda buffer
        let bt = (0..<(n * ldb)).map { Double(($0 * 3) % 5) - 1 }     // Bᵀ: n × k block of an n × ldb buffer
        var c = (0..<(m * ldc)).map { Double($0) }
        let before = c
        a.withUnsafeBufferPointer { ap in
            bt.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    StridedProducts.multiply(
                        ap.baseAddress!, lda: lda, bp.baseAddress!, .transposed, ldb: ldb,
                        into: cp.baseAddress!, ldc: ldc, m: m, n: n, k: k, alpha: 2, beta: 0.5)
                }
            }
        }
        for i in 0..<m {
            for j in 0..<ldc {
                if j < n {
                    var sum = 0.0
                    for l in 0..<k { sum += a[i * lda + l] * bt[j * ldb + l] }
                    #expect(c[i * ldc + j] == 2 * sum + 0.5 * before[i * ldc + j])
                } else {
                    #expect(c[i * ldc + j] == before[i * ldc + j])   // outside the block: untouched
                }
            }
        }
    }

    @Test func generalSolve() throws {
        // A = [[0, 2], [3, 1]] needs a row swap; X = [[1, -1], [2, 0]] → B = A X.
        var a: [Double] = [0, 2, 3, 1]
        var b: [Double] = [4, 0, 5, -3]
        try a.withUnsafeMutableBufferPointer { ap in
            try b.withUnsafeMutableBufferPointer { bp in
                try StridedProducts.solveGeneral(ap.baseAddress!, n: 2, bp.baseAddress!, rightHandSides: 2)
            }
        }
        for (x, expected) in zip(b, [1.0, -1, 2, 0]) { #expect(abs(x - expected) < 1e-14) }
        var singular: [Double] = [1, 2, 2, 4]
        var rhs: [Double] = [1, 1]
        #expect(throws: LinearAlgebraError.self) {
            try singular.withUnsafeMutableBufferPointer { ap in
                try rhs.withUnsafeMutableBufferPointer { bp in
                    try StridedProducts.solveGeneral(ap.baseAddress!, n: 2, bp.baseAddress!, rightHandSides: 1)
                }
            }
        }
    }

    /// The architecture rule: only L2LNumerics imports the BLAS/LAPACK module.
    @Test func onlyNumericsImportsTheBLAS() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        #expect(files.count > 50)
        let offenders = try files.filter { file in
            if file.path.contains("/Sources/L2LNumerics/") { return false }
            let text = try String(contentsOf: file, encoding: .utf8)
            return text.split(separator: "\n").contains { $0.hasPrefix("import CLAPACK") }
        }
        #expect(offenders.map(\.lastPathComponent) == [])
    }
}
