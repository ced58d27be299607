/// RK4 for a chunk of ``fusedWidth`` members (16 in double, 32 in single precision) with each
/// right-hand-side evaluation fused into one pass over the rows: row i's excitatory, inhibitory
/// and gap sums are accumulated in registers (two 512-bit halves of the chunk each) and its
/// element-wise update (current, sigmoid, stage point) follows at once, so the sums are never
/// written to memory and read back.
///
/// A stage reads its point while the next point is written, so the stage points alternate
/// between two buffers (`tv/ts` and `tv2/ts2`); the last stage writes V and s in place, which is
/// safe because its products read the third stage's point, not V and s. Every lane performs the
/// unfused code's operations in the same order (sums from zero in entry order; the current, the
/// exponential and the stage formulas operation for operation), so the results are the same bits
/// as ``GradedPotentialBuffers/rk4Step(dt:p:)`` and as single runs.
extension GradedPotentialBuffers {
    /// Members per chunk that the fused step handles: two registers.
    static var fusedWidth: Int { 2 * Real.Register.scalarCount }

    /// One classical RK4 step for a chunk of exactly ``fusedWidth`` members.
    @_specialize(where Real == Double)
    @_specialize(where Real == Float)
    func fusedRK4Step(dt: Double, p: GradedPotentialParameters) {
        precondition(batch == Self.fusedWidth, "fusedRK4Step: chunk of \(batch) members")
        let half = Real(0.5 * dt), sixth = Real(dt / 6.0), full = Real(dt)
        let (k1v, k1s, k2v, k2s, k3v, k3s) = (k[0], k[1], k[2], k[3], k[4], k[5])
        let (v, s, tv, ts, tv2, ts2) = (v, s, tv, ts, tv2, ts2)
        fusedEvaluate(v: v, s: s, p: p, GradedStoreStage(v: v, s: s, kv: k1v, ks: k1s, tv: tv, ts: ts, h: half))
        fusedEvaluate(v: tv, s: ts, p: p, GradedStoreStage(v: v, s: s, kv: k2v, ks: k2s, tv: tv2, ts: ts2, h: half))
        fusedEvaluate(v: tv2, s: ts2, p: p, GradedStoreStage(v: v, s: s, kv: k3v, ks: k3s, tv: tv, ts: ts, h: full))
        fusedEvaluate(v: tv, s: ts, p: p, GradedStoreFinal(v: v, s: s, k1v: k1v, k1s: k1s, k2v: k2v, k2s: k2s,
                                                     k3v: k3v, k3s: k3s, sixth: sixth))
    }

    @inline(__always)
    private func fusedEvaluate<Store: GradedStageStore>(v vIn: UnsafeMutablePointer<Real>,
                                                      s sIn: UnsafeMutablePointer<Real>,
                                                      p: GradedPotentialParameters, _ store: Store)
    where Store.Real == Real {
        typealias V = Real.Register
        let rhs = GradedRightHandSide<Real>(p)
        let half = V.scalarCount, chunk = 2 * half, bytes = half * MemoryLayout<Real>.stride
        let exc = excitatory, inh = inhibitory, gap = gap
        let gapTotal = gapTotal, input = input, vth = vth
        /// Σ coefficient · x over row i's entries, the chunk's lanes in two halves.
        @inline(__always)
        func rowSum(_ m: ConductanceRows<Real>, _ i: Int, _ x: UnsafeMutablePointer<Real>) -> (V, V) {
            var a0 = V(splat: 0), a1 = V(splat: 0)
            let column = m.column, coefficient = m.coefficient
            for k in m.rowStart[i]..<m.rowStart[i + 1] {
                let c = UnsafeRawPointer(coefficient + k &* chunk), xs = UnsafeRawPointer(x + column[k])
                a0 = a0.plus(c.loadUnaligned(as: V.self).times(xs.loadUnaligned(as: V.self)))
                a1 = a1.plus(c.loadUnaligned(fromByteOffset: bytes, as: V.self)
                    .times(xs.loadUnaligned(fromByteOffset: bytes, as: V.self)))
            }
            return (a0, a1)
        }
        @inline(__always)
        func load(_ q: UnsafeMutablePointer<Real>, _ x: Int) -> V { UnsafeRawPointer(q + x).loadUnaligned(as: V.self) }
        // The two halves are written out rather than passed to a local function: in this generic
        // context the specialized local function was not inlined (a call per half, 1.7× slower).
        for i in 0..<n {
            let (e0, e1) = rowSum(exc, i, sIn), (i0, i1) = rowSum(inh, i, sIn), (g0, g1) = rowSum(gap, i, vIn)
            let x0 = i &* chunk, x1 = x0 &+ half
            let (dv0, ds0) = rhs(v: load(vIn, x0), s: load(sIn, x0), gapTotal: load(gapTotal, x0), gapSum: g0,
                                 sumExc: e0, sumInh: i0, input: load(input, x0), vth: load(vth, x0))
            store.store(x0, dv0, ds0)
            let (dv1, ds1) = rhs(v: load(vIn, x1), s: load(sIn, x1), gapTotal: load(gapTotal, x1), gapSum: g1,
                                 sumExc: e1, sumInh: i1, input: load(input, x1), vth: load(vth, x1))
            store.store(x1, dv1, ds1)
        }
    }
}
