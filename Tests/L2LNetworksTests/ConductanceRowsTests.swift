import Testing
import L2LNumerics
@testable import L2LNetworks

/// The sparse conductance products of the connectome kernel: the sliced (SELL-4, and SELL-8 in
/// single precision) forms used for one member and the member-interleaved rows used for batches
/// give the plain row sums.
@Suite struct ConductanceRowsTests {
    /// 11 rows (not a multiple of 4) of lengths 0…9, two of them empty, random columns among 13.
    func entries() -> [ConductanceEntry] {
        var random = RandomStream(seed: 9)
        var out: [ConductanceEntry] = []
        let lengths = [3, 0, 9, 1, 5, 0, 2, 7, 4, 6, 8]
        for (row, length) in lengths.enumerated() {
            for _ in 0..<length {
                out.append(.init(row: row, column: random.nextInt(below: 13), weightIndex: out.count,
                                 base: random.nextUniform(in: 0.5, 2)))
            }
        }
        return out
    }

    /// Σ over the row's entries in (column, insertion) order from 0, as `ConductanceRows` sums them.
    func rowSums(_ e: [ConductanceEntry], weights w: [Double], x: [Double]) -> [Double] {
        var sums = [Double](repeating: 0, count: 11)
        for entry in e.enumerated().sorted(by: { ($0.element.row, $0.element.column, $0.offset)
            < ($1.element.row, $1.element.column, $1.offset) }).map(\.element) {
            sums[entry.row] += entry.base * w[entry.weightIndex] * x[entry.column]
        }
        return sums
    }

    /// Chunks of 1–7 members (the foraging study's layouts) take the register paths for 4, 2 and
    /// 1 lanes; 9–15 and 19 add blocks of 8 before them; 16 and 24 have no remainder.
    @Test(arguments: [2, 3, 4, 5, 6, 7, 9, 12, 15, 16, 19, 24])
    func singleAndBatchedProductsEqualTheRowSums(members: Int) {
        let e = entries()
        var random = RandomStream(seed: 3)
        let w = (0..<members).map { _ in (0..<e.count).map { _ in random.nextUniform(in: 0, 2) } }
        let x = (0..<members).map { _ in (0..<13).map { _ in random.nextUniform(in: -70, 30) } }
        let batched = ConductanceRows<Double>(e, rows: 11, batch: members)
        let xs = UnsafeMutablePointer<Double>.allocate(capacity: 13 * members)
        let out = UnsafeMutablePointer<Double>.allocate(capacity: 13 * members)
        defer { xs.deallocate(); out.deallocate() }
        for b in 0..<members {
            batched.setWeights(w[b], member: b)
            for j in 0..<13 { xs[j * members + b] = x[b][j] }
        }
        batched.product(xs, into: out)
        let x1 = UnsafeMutablePointer<Double>.allocate(capacity: 13)
        let out1 = UnsafeMutablePointer<Double>.allocate(capacity: 11)
        defer { x1.deallocate(); out1.deallocate() }
        for b in 0..<members {
            let want = rowSums(e, weights: w[b], x: x[b])
            #expect((0..<11).map { out[$0 * members + b] } == want, "member \(b) of \(members)")
            let single = ConductanceRows<Double>(e, rows: 11, batch: 1)
            single.setWeights(w[b], member: 0)
            for j in 0..<13 { x1[j] = x[b][j] }
            single.product(x1, into: out1)
            #expect((0..<11).map { out1[$0] } == want, "member \(b) alone")
        }
    }

    /// A NaN in x reaches only the rows that have an entry in its column: the padding of the SELL-4
    /// slices (double) and of the SELL-8 slices (single precision) does not spread it.
    @Test func paddingDoesNotSpreadANonFiniteValueIntoOtherRows() {
        checkPaddingKeepsANaNInItsRows(Double.self)
        checkPaddingKeepsANaNInItsRows(Float.self)
    }

    func checkPaddingKeepsANaNInItsRows<Real: GradedScalar>(_: Real.Type) {
        let e = entries()
        let single = ConductanceRows<Real>(e, rows: 11, batch: 1)
        #expect((single.floatSlices != nil) == (Real.self == Float.self))
        single.setWeights([Double](repeating: 1, count: e.count), member: 0)
        let xs = UnsafeMutablePointer<Real>.allocate(capacity: 13)
        let out = UnsafeMutablePointer<Real>.allocate(capacity: 11)
        defer { xs.deallocate(); out.deallocate() }
        for column in 0..<13 {
            for j in 0..<13 { xs[j] = j == column ? .nan : 1 }
            single.product(xs, into: out)
            for row in 0..<11 {
                let reads = e.contains { $0.row == row && $0.column == column }
                #expect(out[row].isNaN == reads, "\(Real.self): column \(column), row \(row)")
            }
        }
    }

    /// Single precision: one member (the SELL-8 slices with 16-bit columns: several full slices,
    /// a partial one, empty rows, columns past 255) and chunks of members (sliced 2 and 4, register
    /// blocks of 16 floats, the fused width 32, remainders of 8, 2 and 1) give the row sums
    /// computed in Float from zero in entry order, bit for bit.
    @Test(arguments: [1, 2, 3, 4, 16, 19, 32, 43])
    func singlePrecisionProductsEqualTheFloatRowSums(members: Int) {
        var random = RandomStream(seed: 21)
        let rows = 37, columns = 300
        var e: [ConductanceEntry] = []
        for row in 0..<rows {
            for _ in 0..<(row % 5 == 2 ? 0 : random.nextInt(below: 13)) {
                e.append(.init(row: row, column: random.nextInt(below: columns), weightIndex: e.count,
                               base: random.nextUniform(in: 0.5, 2)))
            }
        }
        let w = (0..<members).map { _ in (0..<e.count).map { _ in random.nextUniform(in: 0, 2) } }
        let x = (0..<members).map { _ in (0..<columns).map { _ in Float(random.nextUniform(in: -70, 30)) } }
        let order = e.enumerated().sorted { ($0.element.row, $0.element.column, $0.offset)
            < ($1.element.row, $1.element.column, $1.offset) }.map(\.element)
        let m = ConductanceRows<Float>(e, rows: rows, batch: members)
        #expect((m.floatSlices != nil) == (members == 1))
        let xs = UnsafeMutablePointer<Float>.allocate(capacity: columns * members)
        let out = UnsafeMutablePointer<Float>.allocate(capacity: rows * members)
        defer { xs.deallocate(); out.deallocate() }
        for b in 0..<members {
            m.setWeights(w[b], member: b)
            for j in 0..<columns { xs[j * members + b] = x[b][j] }
        }
        out.initialize(repeating: .nan, count: rows * members)
        m.product(xs, into: out)
        for b in 0..<members {
            var want = [Float](repeating: 0, count: rows)
            for entry in order { want[entry.row] += Float(entry.base * w[b][entry.weightIndex]) * x[b][entry.column] }
            let got = (0..<rows).map { out[$0 * members + b] }
            #expect(got.map(\.bitPattern) == want.map(\.bitPattern), "member \(b) of \(members)")
        }
    }

    /// A column of 65,536 or more does not fit the 16-bit copies: both precisions fall back to the
    /// 32-bit SELL-4 columns, with the same row sums.
    @Test func columnsPast16BitsUseThe32BitSlices() {
        let wide = 70_000
        let e = entries() + [.init(row: 3, column: wide, weightIndex: entries().count, base: 1.5)]
        let w = (0..<e.count).map { Double($0 % 7) * 0.25 + 0.5 }
        var x = [Double](repeating: 0, count: wide + 1)
        for j in 0..<13 { x[j] = Double(j) - 4.5 }
        x[wide] = 2.25
        let order = e.enumerated().sorted { ($0.element.row, $0.element.column, $0.offset)
            < ($1.element.row, $1.element.column, $1.offset) }.map(\.element)
        var wantDouble = [Double](repeating: 0, count: 11), wantFloat = [Float](repeating: 0, count: 11)
        for entry in order {
            wantDouble[entry.row] += entry.base * w[entry.weightIndex] * x[entry.column]
            wantFloat[entry.row] += Float(entry.base * w[entry.weightIndex]) * Float(x[entry.column])
        }
        let double = ConductanceRows<Double>(e, rows: 11, batch: 1)
        let single = ConductanceRows<Float>(e, rows: 11, batch: 1)
        #expect(double.paddedColumn16 == nil && single.paddedColumn16 == nil && single.floatSlices == nil)
        double.setWeights(w, member: 0)
        single.setWeights(w, member: 0)
        let xd = UnsafeMutablePointer<Double>.allocate(capacity: x.count), od = UnsafeMutablePointer<Double>.allocate(capacity: 11)
        let xf = UnsafeMutablePointer<Float>.allocate(capacity: x.count), of = UnsafeMutablePointer<Float>.allocate(capacity: 11)
        defer { xd.deallocate(); od.deallocate(); xf.deallocate(); of.deallocate() }
        for j in 0..<x.count { xd[j] = x[j]; xf[j] = Float(x[j]) }
        double.product(xd, into: od)
        single.product(xf, into: of)
        #expect((0..<11).map { od[$0] } == wantDouble)
        #expect((0..<11).map { of[$0].bitPattern } == wantFloat.map(\.bitPattern))
    }
}
