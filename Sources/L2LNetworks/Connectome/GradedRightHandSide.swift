/// The element-wise right-hand side of the graded-potential model, in the order of
/// `connectome_reference.py`'s `derivative`:
/// `C dV = 1000 I − [G_c(V − E_c) + Σ_j G^g_ij V_i − Σ_j G^g_ij V_j + V Σ_j G^s_ij s_j − Σ_j G^s_ij E_j s_j]`,
/// `ds = a_r φ (1 − s) − a_d s`, φ = 1 / (1 + e^(−β(V − V_th))). One formula for one element and
/// for a register, the same operations in the same order, so every lane gives the scalar bits;
/// every kernel of ``GradedPotentialBuffers`` calls it. The constants are rounded once to `Real`.
struct GradedRightHandSide<Real: GradedScalar> {
    let gc: Real, ec: Real, invCap: Real, eExc: Real, eInh: Real, beta: Real, ar: Real, ad: Real

    init(_ p: GradedPotentialParameters) {
        gc = Real(p.leakConductance)
        ec = Real(p.leakReversal)
        invCap = Real(1.0 / p.capacitance)   // 1/C: one division fewer (≤ 1 ulp from the reference's /C)
        eExc = Real(p.excitatoryReversal)
        eInh = Real(p.inhibitoryReversal)
        beta = Real(p.sigmoidSlope)
        ar = Real(p.riseRate)
        ad = Real(p.decayRate)
    }

    /// (dV/dt, ds/dt) of one element (`T` = `Real`) or of a register of elements (`T` =
    /// `Real.Register`), lane for lane the same operations. (`@_transparent`: `@inline(__always)`
    /// was not honoured for the specialized generic form.) −(β(V − V_th)) is computed as (V − V_th)·(−β),
    /// the same bits in round-to-nearest.
    @_transparent
    func callAsFunction<T: LaneArithmetic>(v vi: T, s si: T, gapTotal: T, gapSum: T, sumExc: T, sumInh: T,
                                           input: T, vth: T) -> (T, T) where T.Element == Real {
        let current = vi.minus(T(splat: ec)).times(gc).plus(gapTotal.times(vi)).minus(gapSum)
            .plus(vi.times(sumExc.plus(sumInh))).minus(sumExc.times(eExc).plus(sumInh.times(eInh)))
        let dv = input.minus(current).times(invCap)
        let one = T(splat: 1)
        let phi = one.divided(by: one.plus(vi.minus(vth).times(-beta).exponential))
        return (dv, phi.times(ar).times(one.minus(si)).minus(si.times(ad)))
    }
}
