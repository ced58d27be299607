/// RK4 for a chunk of 16 members with each right-hand-side evaluation fused into one pass over
/// the rows: row i's excitatory, inhibitory and gap sums are accumulated in registers (two SIMD8
/// halves of the 16 members each) and its element-wise update (current, sigmoid, stage point)
/// follows at once, so the sums are never written to memory and read back.
///
/// A stage reads its point while the next point is written, so the stage points alternate
/// between two buffers (`tv/ts` and `tv2/ts2`); the last stage writes V and s in place, which is
/// safe because its products read the third stage's point, not V and s. Every lane performs the
/// unfused code's operations in the same order (sums from zero in entry order; the current,
/// `sigmoidExp` and the stage formulas operation for operation), so the results are the same bits
/// as ``GradedPotentialBuffers/rk4Step(dt:p:)`` and as single runs.
extension GradedPotentialBuffers {
    /// Members per chunk that the fused step handles.
    static let fusedWidth = 16

    /// One classical RK4 step for a chunk of exactly ``fusedWidth`` members.
    func fusedRK4Step(dt: Double, p: GradedPotentialParameters) {
        precondition(batch == Self.fusedWidth, "fusedRK4Step: chunk of \(batch) members")
        let half = 0.5 * dt, sixth = dt / 6.0
        let (k1v, k1s, k2v, k2s, k3v, k3s) = (k[0], k[1], k[2], k[3], k[4], k[5])
        let (v, s, tv, ts, tv2, ts2) = (v, s, tv, ts, tv2, ts2)
        fusedEvaluate(v: v, s: s, p: p, LaneStage(v: v, s: s, kv: k1v, ks: k1s, tv: tv, ts: ts, h: half))
        fusedEvaluate(v: tv, s: ts, p: p, LaneStage(v: v, s: s, kv: k2v, ks: k2s, tv: tv2, ts: ts2, h: half))
        fusedEvaluate(v: tv2, s: ts2, p: p, LaneStage(v: v, s: s, kv: k3v, ks: k3s, tv: tv, ts: ts, h: dt))
        fusedEvaluate(v: tv, s: ts, p: p, LaneFinal(v: v, s: s, k1v: k1v, k1s: k1s, k2v: k2v, k2s: k2s,
                                                     k3v: k3v, k3s: k3s, sixth: sixth))
    }

    @inline(__always)
    private func fusedEvaluate<Store: GradedLaneStore>(v vIn: UnsafeMutablePointer<Double>,
                                                      s sIn: UnsafeMutablePointer<Double>,
                                                      p: GradedPotentialParameters, _ store: Store) {
        typealias V = SIMD8<Double>
        let rhs = GradedRightHandSide(p)
        let exc = excitatory, inh = inhibitory, gap = gap
        let gapTotal = gapTotal, input = input, vth = vth
        /// Σ coefficient · x over row i's entries, 16 lanes in two halves.
        @inline(__always)
        func rowSum(_ m: ConductanceRows, _ i: Int, _ x: UnsafeMutablePointer<Double>) -> (V, V) {
            var a0 = V(repeating: 0), a1 = V(repeating: 0)
            let column = m.column, coefficient = m.coefficient
            for k in m.rowStart[i]..<m.rowStart[i + 1] {
                let c = UnsafeRawPointer(coefficient + k &* 16), xs = UnsafeRawPointer(x + column[k])
                a0 = a0 + c.loadUnaligned(as: V.self) * xs.loadUnaligned(as: V.self)
                a1 = a1 + c.loadUnaligned(fromByteOffset: 64, as: V.self) * xs.loadUnaligned(fromByteOffset: 64, as: V.self)
            }
            return (a0, a1)
        }
        @inline(__always)
        func lanes(_ x: Int, _ sumExc: V, _ sumInh: V, _ gapSum: V) {
            func load(_ q: UnsafeMutablePointer<Double>) -> V { UnsafeRawPointer(q + x).loadUnaligned(as: V.self) }
            let (dvx, dsx) = rhs(v: load(vIn), s: load(sIn), gapTotal: load(gapTotal), gapSum: gapSum,
                                 sumExc: sumExc, sumInh: sumInh, input: load(input), vth: load(vth))
            store.store(x, dvx, dsx)
        }
        for i in 0..<n {
            let (e0, e1) = rowSum(exc, i, sIn), (i0, i1) = rowSum(inh, i, sIn), (g0, g1) = rowSum(gap, i, vIn)
            lanes(i &* 16, e0, i0, g0)
            lanes(i &* 16 &+ 8, e1, i1, g1)
        }
    }
}

/// Where a fused evaluation's (dV/dt, ds/dt) of 8 lanes starting at element x goes.
protocol GradedLaneStore {
    func store(_ x: Int, _ dv: SIMD8<Double>, _ ds: SIMD8<Double>)
}

/// RK4 stages 1–3: keep k and write the next stage's point `v + h·k` (into the other buffer).
struct LaneStage: GradedLaneStore {
    let v: UnsafeMutablePointer<Double>, s: UnsafeMutablePointer<Double>
    let kv: UnsafeMutablePointer<Double>, ks: UnsafeMutablePointer<Double>
    let tv: UnsafeMutablePointer<Double>, ts: UnsafeMutablePointer<Double>
    let h: Double
    @inline(__always) func store(_ x: Int, _ dvx: SIMD8<Double>, _ dsx: SIMD8<Double>) {
        UnsafeMutableRawPointer(kv + x).storeBytes(of: dvx, as: SIMD8<Double>.self)
        UnsafeMutableRawPointer(ks + x).storeBytes(of: dsx, as: SIMD8<Double>.self)
        let vx = UnsafeRawPointer(v + x).loadUnaligned(as: SIMD8<Double>.self)
        let sx = UnsafeRawPointer(s + x).loadUnaligned(as: SIMD8<Double>.self)
        UnsafeMutableRawPointer(tv + x).storeBytes(of: vx + h * dvx, as: SIMD8<Double>.self)
        UnsafeMutableRawPointer(ts + x).storeBytes(of: sx + h * dsx, as: SIMD8<Double>.self)
    }
}

/// RK4 stage 4: `v + dt/6·(k1 + 2k2 + 2k3 + k4)` in place.
struct LaneFinal: GradedLaneStore {
    let v: UnsafeMutablePointer<Double>, s: UnsafeMutablePointer<Double>
    let k1v: UnsafeMutablePointer<Double>, k1s: UnsafeMutablePointer<Double>
    let k2v: UnsafeMutablePointer<Double>, k2s: UnsafeMutablePointer<Double>
    let k3v: UnsafeMutablePointer<Double>, k3s: UnsafeMutablePointer<Double>
    let sixth: Double
    @inline(__always) func store(_ x: Int, _ dvx: SIMD8<Double>, _ dsx: SIMD8<Double>) {
        func load(_ q: UnsafeMutablePointer<Double>) -> SIMD8<Double> {
            UnsafeRawPointer(q + x).loadUnaligned(as: SIMD8<Double>.self)
        }
        let vNew = load(v) + sixth * (load(k1v) + 2.0 * load(k2v) + 2.0 * load(k3v) + dvx)
        let sNew = load(s) + sixth * (load(k1s) + 2.0 * load(k2s) + 2.0 * load(k3s) + dsx)
        UnsafeMutableRawPointer(v + x).storeBytes(of: vNew, as: SIMD8<Double>.self)
        UnsafeMutableRawPointer(s + x).storeBytes(of: sNew, as: SIMD8<Double>.self)
    }
}
