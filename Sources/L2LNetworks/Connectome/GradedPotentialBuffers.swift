/// State, per-member coefficients and the right-hand-side kernels of ``GradedPotentialSimulator``
/// (Kunert et al. 2014, Phys Rev E 89:052805). Every array is `[i·B + b]` or `[entry·B + b]`, so the
/// inner loops run over the B members' contiguous lanes; each member's arithmetic is the same,
/// in the same order, whatever B is (batch members equal single runs bit for bit). `Real` is the
/// precision of the state and coefficients (``SimulationPrecision``); values come in and go out as
/// `Double`.
final class GradedPotentialBuffers<Real: GradedScalar> {
    let n: Int
    let batch: Int
    let nb: Int
    /// Chemical input from excitatory and from inhibitory presynaptic neurons, and gap coupling,
    /// each as rows by postsynaptic neuron.
    let excitatory: ConductanceRows<Real>, inhibitory: ConductanceRows<Real>, gap: ConductanceRows<Real>
    let gapTotal: UnsafeMutablePointer<Real>   // [i·B + b] = Σ_j G^g_ij
    // State, thresholds, input (fA).
    let v: UnsafeMutablePointer<Real>
    let s: UnsafeMutablePointer<Real>
    let vth: UnsafeMutablePointer<Real>
    let input: UnsafeMutablePointer<Real>
    // Work space.
    let sumExc: UnsafeMutablePointer<Real>, sumInh: UnsafeMutablePointer<Real>, gapSum: UnsafeMutablePointer<Real>
    let k: [UnsafeMutablePointer<Real>]        // k1v k1s k2v k2s k3v k3s
    let tv: UnsafeMutablePointer<Real>, ts: UnsafeMutablePointer<Real>
    let tv2: UnsafeMutablePointer<Real>, ts2: UnsafeMutablePointer<Real>   // the fused step's second stage point
    var sums: [Real]

    init(network: GradedPotentialNetwork, batch: Int) {
        let c = network.connectome
        n = network.neuronCount
        self.batch = batch
        nb = n * batch
        let g = network.parameters
        var exc: [ConductanceEntry] = [], inh: [ConductanceEntry] = [], gp: [ConductanceEntry] = []
        for (e, edge) in c.chemicalSynapses.enumerated() {
            let entry = ConductanceEntry(row: edge.post, column: edge.pre, weightIndex: e,
                                              base: g.synapticConductance * Double(edge.count))
            if network.inhibitory[edge.pre] { inh.append(entry) } else { exc.append(entry) }
        }
        let offset = network.chemicalWeightCount
        for (k, pair) in c.gapJunctions.enumerated() {
            let base = g.gapConductance * Double(pair.count)
            gp.append(.init(row: pair.a, column: pair.b, weightIndex: offset + k, base: base))
            gp.append(.init(row: pair.b, column: pair.a, weightIndex: offset + k, base: base))
        }
        excitatory = ConductanceRows(exc, rows: n, batch: batch)
        inhibitory = ConductanceRows(inh, rows: n, batch: batch)
        gap = ConductanceRows(gp, rows: n, batch: batch)
        let size = max(1, n * batch)
        func buffer() -> UnsafeMutablePointer<Real> {
            let p = UnsafeMutablePointer<Real>.allocate(capacity: size)
            p.initialize(repeating: 0, count: size)
            return p
        }
        gapTotal = buffer(); v = buffer(); s = buffer(); vth = buffer(); input = buffer()
        sumExc = buffer(); sumInh = buffer(); gapSum = buffer(); tv = buffer(); ts = buffer(); tv2 = buffer(); ts2 = buffer()
        k = (0..<6).map { _ in buffer() }
        sums = [Real](repeating: 0, count: batch)
    }

    deinit {
        for p in [gapTotal, v, s, vth, input, sumExc, sumInh, gapSum, tv, ts, tv2, ts2] + k { p.deallocate() }
    }

    /// Member `b`'s conductances from its weight vector.
    func setWeights(_ w: [Double], member b: Int, network: GradedPotentialNetwork) {
        excitatory.setWeights(w, member: b)
        inhibitory.setWeights(w, member: b)
        gap.setWeights(w, member: b)
        var total = [Double](repeating: 0, count: n)
        let offset = network.chemicalWeightCount
        for (k, pair) in network.connectome.gapJunctions.enumerated() {
            let gk = network.parameters.gapConductance * Double(pair.count) * w[offset + k]
            total[pair.a] += gk
            total[pair.b] += gk
        }
        for i in 0..<n { gapTotal[i * batch + b] = Real(total[i]) }
    }

    /// Writes one member's per-neuron values into a state array.
    func write(_ values: [Double], to array: UnsafeMutablePointer<Real>, member b: Int) {
        for i in 0..<n { array[i * batch + b] = Real(values[i]) }
    }

    /// One member's per-neuron values of a state array.
    func read(_ array: UnsafeMutablePointer<Real>, member b: Int) -> [Double] {
        (0..<n).map { Double(array[$0 * batch + b]) }
    }

    /// Member `b`'s input, pA → fA.
    func setInput(_ currents: [Double], member b: Int) {
        for i in 0..<n { input[i * batch + b] = Real(1000.0 * currents[i]) }
    }

    /// dv, ds at (v, s) for all members:
    /// `C dV = 1000 I − [G_c(V − E_c) + Σ_j G^g_ij V_i − Σ_j G^g_ij V_j + V Σ_j G^s_ij s_j − Σ_j G^s_ij E_j s_j]`,
    /// `ds = a_r φ (1 − s) − a_d s`, in the order of `connectome_reference.py`'s `derivative`.
    func derivative(v: UnsafeMutablePointer<Real>, s: UnsafeMutablePointer<Real>,
                    dv: UnsafeMutablePointer<Real>, ds: UnsafeMutablePointer<Real>, p: GradedPotentialParameters) {
        evaluate(v: v, s: s, p: p, GradedStoreDerivative(dv: dv, ds: ds))
    }

    /// Floating-point operations per neuron and member of one evaluation's element loop, counted
    /// from the code below: the current 12, dV 2, the sigmoid's argument 2, the exponential
    /// (``GradedScalar/exponentialOperations``), φ 2, ds 5.
    var operationsPerNeuron: Int { 23 + Real.exponentialOperations }

    /// Computes the right-hand side at (v, s) and hands each element's (dV/dt, ds/dt) to `store`,
    /// which a specialization fuses into the loop (an integration stage's update).
    @inline(__always)
    private func evaluate<Store: GradedStageStore>(v: UnsafeMutablePointer<Real>, s: UnsafeMutablePointer<Real>,
                                             p: GradedPotentialParameters, _ store: Store) where Store.Real == Real {
        excitatory.product(s, into: sumExc)
        inhibitory.product(s, into: sumInh)
        gap.product(v, into: gapSum)
        let rhs = GradedRightHandSide<Real>(p)
        let gapTotal = gapTotal, sumExc = sumExc, sumInh = sumInh, gapSum = gapSum, input = input, vth = vth
        for x in 0..<nb {
            let (dvx, dsx) = rhs(v: v[x], s: s[x], gapTotal: gapTotal[x], gapSum: gapSum[x], sumExc: sumExc[x],
                                 sumInh: sumInh[x], input: input[x], vth: vth[x])
            store.store(x, dvx, dsx)
        }
    }

    @_specialize(where Real == Double)
    @_specialize(where Real == Float)
    func eulerStep(dt: Double, p: GradedPotentialParameters) {
        evaluate(v: v, s: s, p: p, GradedStoreEuler(v: v, s: s, dt: Real(dt)))
    }

    /// Classical RK4, each line as in the reference: `v + 0.5*dt*k1`, …, `v + dt/6*(k1 + 2k2 + 2k3 + k4)`,
    /// each stage's update fused into the evaluation loop.
    @_specialize(where Real == Double)
    @_specialize(where Real == Float)
    func rk4Step(dt: Double, p: GradedPotentialParameters) {
        let half = Real(0.5 * dt), sixth = Real(dt / 6.0), full = Real(dt)
        let (k1v, k1s, k2v, k2s, k3v, k3s) = (k[0], k[1], k[2], k[3], k[4], k[5])
        let (v, s, tv, ts) = (v, s, tv, ts)
        evaluate(v: v, s: s, p: p, GradedStoreStage(v: v, s: s, kv: k1v, ks: k1s, tv: tv, ts: ts, h: half))
        evaluate(v: tv, s: ts, p: p, GradedStoreStage(v: v, s: s, kv: k2v, ks: k2s, tv: tv, ts: ts, h: half))
        evaluate(v: tv, s: ts, p: p, GradedStoreStage(v: v, s: s, kv: k3v, ks: k3s, tv: tv, ts: ts, h: full))
        evaluate(v: tv, s: ts, p: p, GradedStoreFinal(v: v, s: s, k1v: k1v, k1s: k1s, k2v: k2v, k2s: k2s, k3v: k3v,
                                                k3s: k3s, sixth: sixth))
    }

    /// Whether some V or s is NaN or ±∞ (then the per-member flags are left in ``sums``: non-finite
    /// for the members concerned). Fast path: x − x is 0 for finite x and NaN otherwise, summed in
    /// 8 lanes over the flat arrays.
    @_specialize(where Real == Double)
    @_specialize(where Real == Float)
    func anyNonFinite() -> Bool {
        let v = v, s = s, count = nb, blocked = nb - nb % 8
        var acc = SIMD8<Real>(repeating: 0)
        var x = 0
        while x < blocked {
            let a = UnsafeRawPointer(v + x).loadUnaligned(as: SIMD8<Real>.self)
            let b = UnsafeRawPointer(s + x).loadUnaligned(as: SIMD8<Real>.self)
            acc = acc + ((a - a) + (b - b))
            x += 8
        }
        var tail: Real = 0
        while x < count { tail += (v[x] - v[x]) + (s[x] - s[x]); x += 1 }
        if (acc.sum() + tail).isFinite { return false }
        let B = batch
        sums.withUnsafeMutableBufferPointer { out in
            for b in 0..<B { out[b] = 0 }
            for i in 0..<n {
                for b in 0..<B { out[b] += (v[i * B + b] - v[i * B + b]) + (s[i * B + b] - s[i * B + b]) }
            }
        }
        return true
    }
}

/// Where an evaluation's (dV/dt, ds/dt) at element x goes, specialized per integration stage:
/// one element (`T` = `Real`, the unfused kernels) or a register of lanes from x on (`T` =
/// `Real.Register`, the fused chunk step), the same operations either way. (`@_transparent`:
/// `@inline(__always)` was not honoured for these specialized generic forms.)
protocol GradedStageStore {
    associatedtype Real: GradedScalar
    func store<T: LaneArithmetic>(_ x: Int, _ dv: T, _ ds: T) where T.Element == Real
}

extension UnsafeMutablePointer where Pointee: GradedScalar {
    /// The `T` (one element or a register of them) at element x.
    @_transparent
    func lanes<T: LaneArithmetic>(at x: Int) -> T where T.Element == Pointee {
        UnsafeRawPointer(self + x).loadUnaligned(as: T.self)
    }

    /// Writes `value` (one element or a register of them) at element x.
    @_transparent
    func setLanes<T: LaneArithmetic>(at x: Int, to value: T) where T.Element == Pointee {
        UnsafeMutableRawPointer(self + x).storeBytes(of: value, as: T.self)
    }
}

/// Plain derivative output.
struct GradedStoreDerivative<Real: GradedScalar>: GradedStageStore {
    let dv: UnsafeMutablePointer<Real>, ds: UnsafeMutablePointer<Real>
    @_transparent func store<T: LaneArithmetic>(_ x: Int, _ dvx: T, _ dsx: T) where T.Element == Real {
        dv.setLanes(at: x, to: dvx)
        ds.setLanes(at: x, to: dsx)
    }
}

/// Forward Euler: `v + dt·dv` in place (element x is read before it is written).
struct GradedStoreEuler<Real: GradedScalar>: GradedStageStore {
    let v: UnsafeMutablePointer<Real>, s: UnsafeMutablePointer<Real>, dt: Real
    @_transparent func store<T: LaneArithmetic>(_ x: Int, _ dvx: T, _ dsx: T) where T.Element == Real {
        v.setLanes(at: x, to: (v.lanes(at: x) as T).plus(dvx.times(dt)))
        s.setLanes(at: x, to: (s.lanes(at: x) as T).plus(dsx.times(dt)))
    }
}

/// RK4 stages 1–3: keep k and write the next stage's point `v + h·k`.
struct GradedStoreStage<Real: GradedScalar>: GradedStageStore {
    let v: UnsafeMutablePointer<Real>, s: UnsafeMutablePointer<Real>
    let kv: UnsafeMutablePointer<Real>, ks: UnsafeMutablePointer<Real>
    let tv: UnsafeMutablePointer<Real>, ts: UnsafeMutablePointer<Real>
    let h: Real
    @_transparent func store<T: LaneArithmetic>(_ x: Int, _ dvx: T, _ dsx: T) where T.Element == Real {
        kv.setLanes(at: x, to: dvx)
        ks.setLanes(at: x, to: dsx)
        tv.setLanes(at: x, to: (v.lanes(at: x) as T).plus(dvx.times(h)))
        ts.setLanes(at: x, to: (s.lanes(at: x) as T).plus(dsx.times(h)))
    }
}

/// RK4 stage 4: `v + dt/6·(k1 + 2k2 + 2k3 + k4)` in place.
struct GradedStoreFinal<Real: GradedScalar>: GradedStageStore {
    let v: UnsafeMutablePointer<Real>, s: UnsafeMutablePointer<Real>
    let k1v: UnsafeMutablePointer<Real>, k1s: UnsafeMutablePointer<Real>
    let k2v: UnsafeMutablePointer<Real>, k2s: UnsafeMutablePointer<Real>
    let k3v: UnsafeMutablePointer<Real>, k3s: UnsafeMutablePointer<Real>
    let sixth: Real
    @_transparent func store<T: LaneArithmetic>(_ x: Int, _ dvx: T, _ dsx: T) where T.Element == Real {
        v.setLanes(at: x, to: Self.final(v.lanes(at: x), k1v.lanes(at: x), k2v.lanes(at: x), k3v.lanes(at: x), dvx, sixth))
        s.setLanes(at: x, to: Self.final(s.lanes(at: x), k1s.lanes(at: x), k2s.lanes(at: x), k3s.lanes(at: x), dsx, sixth))
    }

    @_transparent
    static func final<T: LaneArithmetic>(_ y: T, _ k1: T, _ k2: T, _ k3: T, _ k4: T, _ sixth: Real) -> T
    where T.Element == Real {
        y.plus(k1.plus(k2.times(2)).plus(k3.times(2)).plus(k4).times(sixth))
    }
}
