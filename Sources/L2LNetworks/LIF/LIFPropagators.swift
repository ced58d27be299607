import Foundation

/// The exact one-step propagators of a current-based LIF neuron (Rotter & Diesmann 1999,
/// Biol. Cybern. 81:381, doi:10.1007/s004220050570; as in NEST's `iaf_psc_delta`,
/// `iaf_psc_exp`, `iaf_psc_alpha` and its `propagator_stability` helpers).
///
/// With `u = V − E_L`, step `h`, one step maps
///
///     u ← P22 u + P20 I_e + P21ₓ Iₓ + P31ₓ dIₓ          (x ∈ {ex, in})
///     Iₓ ← P11ₓ Iₓ + h P11ₓ dIₓ,   dIₓ ← P11ₓ dIₓ          (alpha)
///     Iₓ ← P11ₓ Iₓ                                      (exponential)
///
/// where `P22 = e^{−h/τ_m}`, `P20 = τ_m/C (1 − e^{−h/τ_m})`, `P11 = e^{−h/τ_s}`, and the
/// coupling terms are evaluated in a form that stays accurate when τ_s → τ_m.
public struct LIFPropagators: Sendable {
    /// Membrane decay e^{−h/τ_m}.
    public let p22: Double
    /// Response of u to a unit constant current over one step, mV/pA.
    public let p20: Double
    /// Synaptic decay e^{−h/τ_s} (excitatory, inhibitory).
    public let p11: (ex: Double, in: Double)
    /// Response of u to a unit synaptic current (exp or alpha I state), mV/pA.
    public let p21: (ex: Double, in: Double)
    /// Response of u to a unit alpha dI state.
    public let p31: (ex: Double, in: Double)
    /// Response of I to a unit alpha dI state: h e^{−h/τ_s}.
    public let pIdI: (ex: Double, in: Double)
    /// Initial dI that makes an alpha current of weight w peak at w: e/τ_s.
    public let alphaNorm: (ex: Double, in: Double)
    /// Refractory period in steps, round(t_ref/h).
    public let refractorySteps: Int32

    /// Precomputes the propagators for one population and step `h` (ms).
    public init(_ p: LIFParameters, dt h: Double) {
        p22 = exp(-h / p.tauM)
        p20 = -p.tauM / p.capacitance * expm1(-h / p.tauM)
        func decay(_ tau: Double) -> Double { exp(-h / tau) }
        p11 = (decay(p.tauSynExcitatory), decay(p.tauSynInhibitory))
        p21 = (Self.currentToPotential(h: h, tauM: p.tauM, tauS: p.tauSynExcitatory, c: p.capacitance),
               Self.currentToPotential(h: h, tauM: p.tauM, tauS: p.tauSynInhibitory, c: p.capacitance))
        p31 = (Self.derivativeToPotential(h: h, tauM: p.tauM, tauS: p.tauSynExcitatory, c: p.capacitance),
               Self.derivativeToPotential(h: h, tauM: p.tauM, tauS: p.tauSynInhibitory, c: p.capacitance))
        pIdI = (h * decay(p.tauSynExcitatory), h * decay(p.tauSynInhibitory))
        alphaNorm = (M_E / p.tauSynExcitatory, M_E / p.tauSynInhibitory)
        refractorySteps = Int32((p.refractoryPeriod / h).rounded())
    }

    /// ∫₀ʰ e^{−(h−s)/τ_m} e^{−s/τ_s} ds / C  =  e^{−h/τ_m} (e^{a h} − 1)/a / C with a = 1/τ_m − 1/τ_s.
    static func currentToPotential(h: Double, tauM: Double, tauS: Double, c: Double) -> Double {
        let a = 1 / tauM - 1 / tauS
        let x = a * h
        let ratio = abs(x) < 1e-12 ? h : expm1(x) / a
        return exp(-h / tauM) * ratio / c
    }

    /// ∫₀ʰ e^{−(h−s)/τ_m} s e^{−s/τ_s} ds / C  =  e^{−h/τ_m} h² f(b h) / C with b = 1/τ_s − 1/τ_m
    /// and f(x) = (1 − e^{−x}(1 + x))/x², summed as a series for small |x|.
    static func derivativeToPotential(h: Double, tauM: Double, tauS: Double, c: Double) -> Double {
        let x = (1 / tauS - 1 / tauM) * h
        var f: Double
        if abs(x) < 0.1 {
            // f(x) = Σ (−1)ⁿ (n+1) xⁿ / (n+2)!
            f = 0
            var term = 0.5      // (n+1)/(n+2)! at n = 0, times xⁿ
            var n = 0.0
            while n < 25 {
                f += term
                term *= -x * (n + 2) / ((n + 1) * (n + 3))
                n += 1
            }
        } else {
            f = (-expm1(-x) - x * exp(-x)) / (x * x)
        }
        return exp(-h / tauM) * h * h * f / c
    }
}
