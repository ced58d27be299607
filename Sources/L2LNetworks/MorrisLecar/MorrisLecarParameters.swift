import Foundation

/// Parameters of one Morris–Lecar neuron (ms, mV, µF/cm², mS/cm², µA/cm²).
///
/// ```swift
/// let typeI = MorrisLecarParameters.classI
/// typeI.steadyStateCurrent(at: -30)     // the injected current that holds V at −30 mV
/// typeI.saddleNodeCurrent()              // ≈ 40 µA/cm², the SNIC onset of firing
/// ```
///
/// The model of Morris & Lecar 1981 (*Biophys. J.* 35:193, doi:10.1016/S0006-3495(81)84782-0)
/// in the reduced two-variable form analysed by Rinzel & Ermentrout 1989/1998 ("Analysis of
/// neural excitability and oscillations", in *Methods in Neuronal Modeling*, Koch & Segev, eds.):
///
///     C dV/dt = I − g_L(V − V_L) − g_Ca m∞(V)(V − V_Ca) − g_K w (V − V_K)
///     dw/dt   = φ (w∞(V) − w) / τ_w(V)
///     m∞ = ½[1 + tanh((V − V1)/V2)],  w∞ = ½[1 + tanh((V − V3)/V4)],  τ_w = 1/cosh((V − V3)/(2 V4))
///
/// Two standard sets (models.md §5): `classII` (Hopf; g_Ca 4.4, V3 2, V4 30, φ 0.04), whose
/// firing starts abruptly at a nonzero frequency, and `classI` (saddle-node on invariant circle;
/// g_Ca 4, V3 12, V4 17.4, φ 1/15), whose frequency rises continuously from zero.
public struct MorrisLecarParameters: Codable, Sendable, Equatable {
    /// Membrane capacitance C, µF/cm².
    public var capacitance: Double
    /// Leak, calcium and potassium maximal conductances, mS/cm².
    public var gLeak: Double, gCalcium: Double, gPotassium: Double
    /// Reversal potentials, mV.
    public var vLeak: Double, vCalcium: Double, vPotassium: Double
    /// Half-activation V1 and slope V2 of the instantaneous calcium gate m∞, mV.
    public var v1: Double, v2: Double
    /// Half-activation V3 and slope V4 of the potassium gate w∞, mV.
    public var v3: Double, v4: Double
    /// Temperature factor φ of the potassium gate, 1/ms.
    public var phi: Double

    /// - Parameters: as the properties (defaults: the class II set).
    public init(capacitance: Double = 20, gLeak: Double = 2, gCalcium: Double = 4.4, gPotassium: Double = 8,
                vLeak: Double = -60, vCalcium: Double = 120, vPotassium: Double = -84,
                v1: Double = -1.2, v2: Double = 18, v3: Double = 2, v4: Double = 30, phi: Double = 0.04) {
        self.capacitance = capacitance
        self.gLeak = gLeak
        self.gCalcium = gCalcium
        self.gPotassium = gPotassium
        self.vLeak = vLeak
        self.vCalcium = vCalcium
        self.vPotassium = vPotassium
        self.v1 = v1
        self.v2 = v2
        self.v3 = v3
        self.v4 = v4
        self.phi = phi
    }

    /// Class II excitability (subcritical Hopf), Rinzel & Ermentrout 1998 with g_Ca = 4.4.
    public static let classII = MorrisLecarParameters()
    /// Class I excitability (SNIC), Rinzel & Ermentrout 1998: g_Ca 4, V3 12, V4 17.4, φ 1/15.
    public static let classI = MorrisLecarParameters(gCalcium: 4, v3: 12, v4: 17.4, phi: 1.0 / 15.0)

    /// m∞(V), the instantaneous calcium activation.
    @inline(__always) public func mInfinity(_ v: Double) -> Double { 0.5 * (1 + tanh((v - v1) / v2)) }
    /// w∞(V), the steady-state potassium activation.
    @inline(__always) public func wInfinity(_ v: Double) -> Double { 0.5 * (1 + tanh((v - v3) / v4)) }
    /// 1/τ_w(V) = cosh((V − V3)/(2 V4)), 1 (the rate before φ).
    @inline(__always) public func inverseTauW(_ v: Double) -> Double { cosh((v - v3) / (2 * v4)) }

    /// The ionic current g_L(V−V_L) + g_Ca m∞(V)(V−V_Ca) + g_K w(V−V_K), µA/cm².
    @inline(__always) public func ionicCurrent(v: Double, w: Double) -> Double {
        gLeak * (v - vLeak) + gCalcium * mInfinity(v) * (v - vCalcium) + gPotassium * w * (v - vPotassium)
    }

    /// The constant current that makes `v` an equilibrium (w = w∞(v)): the steady-state I–V curve.
    public func steadyStateCurrent(at v: Double) -> Double { ionicCurrent(v: v, w: wInfinity(v)) }

    /// The current at the lower knee of the steady-state I–V curve, where the rest state is lost in a
    /// saddle-node bifurcation (for class I this is the SNIC onset of firing), found as the first local
    /// maximum of `steadyStateCurrent` above `from` mV on a 0.01 mV grid (accurate to ~1e-4 µA/cm²).
    /// Returns nil when the I–V curve is monotone (no saddle-node) in `[from, to]`.
    public func saddleNodeCurrent(from: Double = -80, to: Double = 60) -> Double? {
        var v = from
        var previous = steadyStateCurrent(at: v)
        while v < to {
            let next = steadyStateCurrent(at: v + 0.01)
            if next < previous { return steadyStateCurrent(at: v) }
            previous = next
            v += 0.01
        }
        return nil
    }

    /// Trace of the Jacobian of the (V, w) system at the equilibrium voltage `v`, 1/ms. A Hopf
    /// bifurcation of the rest state occurs where it crosses zero while the determinant is positive.
    public func jacobianTrace(atEquilibrium v: Double) -> Double {
        let h = 1e-6
        let w = wInfinity(v)
        let dFdV = -(ionicCurrent(v: v + h, w: w) - ionicCurrent(v: v - h, w: w)) / (2 * h) / capacitance
        let dGdw = -phi * inverseTauW(v)
        return dFdV + dGdw
    }

    /// Determinant of the Jacobian of the (V, w) system at the equilibrium voltage `v`, 1/ms²
    /// (negative on the saddle branch of the I–V curve).
    public func jacobianDeterminant(atEquilibrium v: Double) -> Double {
        let h = 1e-6
        let w = wInfinity(v)
        let dFdV = -(ionicCurrent(v: v + h, w: w) - ionicCurrent(v: v - h, w: w)) / (2 * h) / capacitance
        let dFdw = -gPotassium * (v - vPotassium) / capacitance
        let dGdV = phi * inverseTauW(v) * (wInfinity(v + h) - wInfinity(v - h)) / (2 * h)
        let dGdw = -phi * inverseTauW(v)
        return dFdV * dGdw - dFdw * dGdV
    }

    /// The current of the lowest Hopf bifurcation of an equilibrium: the lowest voltage in `[from, to]`
    /// at which `jacobianTrace` changes sign while `jacobianDeterminant` is positive, refined by
    /// bisection and mapped through the I–V curve. Returns nil when there is none. For `classII` this
    /// is the subcritical Hopf of the rest state, ≈ 93.86 µA/cm²; for `classI` it is nil (the rest state
    /// is lost in the saddle-node, see `saddleNodeCurrent`).
    public func hopfCurrent(from: Double = -70, to: Double = 40) -> Double? {
        var v = from
        while v < to {
            if jacobianTrace(atEquilibrium: v) < 0, jacobianTrace(atEquilibrium: v + 0.1) >= 0,
               jacobianDeterminant(atEquilibrium: v) > 0 {
                var lo = v, hi = v + 0.1
                for _ in 0..<60 {
                    let mid = 0.5 * (lo + hi)
                    if jacobianTrace(atEquilibrium: mid) < 0 { lo = mid } else { hi = mid }
                }
                return steadyStateCurrent(at: 0.5 * (lo + hi))
            }
            v += 0.1
        }
        return nil
    }

    /// The lowest equilibrium voltage for the constant current `current` (the rest state), found by
    /// bisection on the rising part of the I–V curve below `from`…`to`; nil when `current` is above
    /// the lower knee (no rest state on that branch) or below the curve's value at `from`.
    public func restingPotential(current: Double, from: Double = -90, to: Double = 60) -> Double? {
        var hi = from
        while hi < to {
            let next = hi + 0.1
            if steadyStateCurrent(at: next) < steadyStateCurrent(at: hi) { break }
            hi = next
        }
        var lo = from
        guard steadyStateCurrent(at: lo) <= current, steadyStateCurrent(at: hi) >= current else { return nil }
        for _ in 0..<80 {
            let mid = 0.5 * (lo + hi)
            if steadyStateCurrent(at: mid) < current { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }
}
