/// The element-wise right-hand side of the graded-potential model, in the order of
/// `connectome_reference.py`'s `derivative`:
/// `C dV = 1000 I − [G_c(V − E_c) + Σ_j G^g_ij V_i − Σ_j G^g_ij V_j + V Σ_j G^s_ij s_j − Σ_j G^s_ij E_j s_j]`,
/// `ds = a_r φ (1 − s) − a_d s`, φ = 1 / (1 + e^(−β(V − V_th))). One scalar and one 8-lane form
/// with the same operations in the same order, so every lane gives the scalar bits; every kernel
/// of ``GradedPotentialBuffers`` calls one of them.
struct GradedRightHandSide {
    let gc: Double, ec: Double, invCap: Double, eExc: Double, eInh: Double, beta: Double, ar: Double, ad: Double

    init(_ p: GradedPotentialParameters) {
        gc = p.leakConductance
        ec = p.leakReversal
        invCap = 1.0 / p.capacitance   // 1/C: one division fewer (≤ 1 ulp from the reference's /C)
        eExc = p.excitatoryReversal
        eInh = p.inhibitoryReversal
        beta = p.sigmoidSlope
        ar = p.riseRate
        ad = p.decayRate
    }

    /// (dV/dt, ds/dt) of one element.
    @inline(__always)
    func callAsFunction(v vi: Double, s si: Double, gapTotal: Double, gapSum: Double, sumExc: Double,
                        sumInh: Double, input: Double, vth: Double) -> (Double, Double) {
        let current = gc * (vi - ec) + gapTotal * vi - gapSum + vi * (sumExc + sumInh) - (eExc * sumExc + eInh * sumInh)
        let dv = (input - current) * invCap
        let phi = 1.0 / (1.0 + sigmoidExp(-(beta * (vi - vth))))
        return (dv, ar * phi * (1.0 - si) - ad * si)
    }

    /// (dV/dt, ds/dt) of 8 elements, lane for lane the scalar form's bits.
    @inline(__always)
    func callAsFunction(v vi: SIMD8<Double>, s si: SIMD8<Double>, gapTotal: SIMD8<Double>, gapSum: SIMD8<Double>,
                        sumExc: SIMD8<Double>, sumInh: SIMD8<Double>, input: SIMD8<Double>,
                        vth: SIMD8<Double>) -> (SIMD8<Double>, SIMD8<Double>) {
        let current = gc * (vi - ec) + gapTotal * vi - gapSum + vi * (sumExc + sumInh) - (eExc * sumExc + eInh * sumInh)
        let dv = (input - current) * invCap
        let phi = 1.0 / (1.0 + sigmoidExp8(-(beta * (vi - vth))))
        return (dv, ar * phi * (1.0 - si) - ad * si)
    }
}
