import Foundation

/// The explicit Runge–Kutta pair of Dormand & Prince 1980 (order 5 with an embedded order-4 error
/// estimate, FSAL), with the PI step-size controller of Gustafsson 1991 as used in Hairer's `dopri5`.
///
/// ```swift
/// var solver = DormandPrince54(options: AdaptiveIntegratorOptions(relativeTolerance: 1e-8))
/// var y = [V0, w0]
/// try solver.integrate(system, state: &y, from: 0, to: 100)   // throws IntegrationFailure
/// ```
///
/// Sources: J. R. Dormand & P. J. Prince, "A family of embedded Runge–Kutta formulae", *J. Comput.
/// Appl. Math.* 6:19–26 (1980), doi:10.1016/0771-050X(80)90013-3; E. Hairer, S. P. Nørsett &
/// G. Wanner, *Solving Ordinary Differential Equations I*, 2nd ed., §II.4–5 (error norm, PI control,
/// starting step). The error norm is the RMS of err_i / (atol + rtol·max(|y_i|, |ŷ_i|)); a step is
/// accepted when it is ≤ 1.
///
/// Divergence is never a crash: NaN/∞, a step below `minimumStep`, too many consecutive
/// rejections, an exhausted step budget and a model bound violation all throw `IntegrationFailure`.
/// The step size carries over between calls, so a simulation can be integrated piecewise between
/// breakpoints (stimulus edges, sample times); each call re-evaluates f at its start, which makes
/// discontinuities of the right-hand side at call boundaries safe.
///
/// - Complexity: six evaluations of f per attempted step; memory 9·dimension doubles.
public struct DormandPrince54: Sendable {
    /// Tolerances and guards.
    public var options: AdaptiveIntegratorOptions
    /// Accepted steps so far (over all calls).
    public private(set) var acceptedSteps = 0
    /// Rejected steps so far (over all calls).
    public private(set) var rejectedSteps = 0
    /// Evaluations of the right-hand side so far.
    public private(set) var evaluations = 0
    /// The step the controller proposes next, ms (0 before the first step).
    public private(set) var proposedStep = 0.0
    private var previousError = 1e-4

    /// - Parameter options: tolerances and guards.
    public init(options: AdaptiveIntegratorOptions = AdaptiveIntegratorOptions()) {
        self.options = options
    }

    // Butcher tableau (Dormand & Prince 1980, Table 2).
    private static let c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9
    private static let a21 = 1.0 / 5
    private static let a31 = 3.0 / 40, a32 = 9.0 / 40
    private static let a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9
    private static let a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561, a54 = -212.0 / 729
    private static let a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176
    private static let a65 = -5103.0 / 18656
    private static let b1 = 35.0 / 384, b3 = 500.0 / 1113, b4 = 125.0 / 192, b5 = -2187.0 / 6784, b6 = 11.0 / 84
    private static let e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920, e5 = -17253.0 / 339200
    private static let e6 = 22.0 / 525, e7 = -1.0 / 40

    /// Integrates `system` from `t0` to `t1`, replacing `state` by the solution at `t1`.
    ///
    /// - Parameters:
    ///   - system: the right-hand side.
    ///   - state: the state at `t0` on entry, at `t1` on return (unchanged in meaning on failure: the
    ///     last accepted state).
    ///   - t0: start time; `t1` end time (> t0; equal returns at once).
    ///   - onAcceptedStep: called after each accepted step with its end time and state.
    /// - Throws: `IntegrationFailure` when the integration diverges or cannot meet the tolerance.
    public mutating func integrate<S: ODESystem>(
        _ system: S, state: inout [Double], from t0: Double, to t1: Double,
        onAcceptedStep: (Double, UnsafeBufferPointer<Double>) -> Void = { _, _ in }
    ) throws(IntegrationFailure) {
        let n = system.dimension
        precondition(state.count == n, "DormandPrince54: state has \(state.count) components, system \(n)")
        if !(t1 > t0) { return }
        var work = [Double](repeating: 0, count: 9 * n)
        let o = options
        var failure: IntegrationFailure?
        let expo1 = 0.2 - 0.75 * o.beta
        var t = t0
        var steps = 0
        var rejectionsInRow = 0
        var accepted = 0, rejected = 0, evals = 0
        var h = proposedStep
        var errOld = previousError

        state.withUnsafeMutableBufferPointer { y in
        work.withUnsafeMutableBufferPointer { wp in
            func part(_ j: Int) -> UnsafeMutableBufferPointer<Double> {
                UnsafeMutableBufferPointer(rebasing: wp[(j * n)..<((j + 1) * n)])
            }
            let k1 = part(0), k2 = part(1), k3 = part(2), k4 = part(3), k5 = part(4), k6 = part(5), k7 = part(6)
            let ys = part(7), yn = part(8)
            let yc = UnsafeBufferPointer(y), ysc = UnsafeBufferPointer(ys), ync = UnsafeBufferPointer(yn)
            system.derivative(time: t, state: yc, into: k1)
            evals += 1
            for i in 0..<n where !k1[i].isFinite { failure = .nonFinite(time: t); return }
            if h <= 0 {
                if o.initialStep > 0 { h = o.initialStep } else {
                    var d0 = 0.0, d1 = 0.0
                    for i in 0..<n {
                        let sc = o.absoluteTolerance + o.relativeTolerance * abs(y[i])
                        d0 += (y[i] / sc) * (y[i] / sc)
                        d1 += (k1[i] / sc) * (k1[i] / sc)
                    }
                    h = (d0 < 1e-10 || d1 < 1e-10) ? 1e-6 : 0.01 * (d0 / d1).squareRoot()
                }
            }
            h = min(h, o.maximumStep)
            while t < t1 {
                if steps >= o.maximumSteps { failure = .stepBudgetExhausted(time: t, steps: steps); return }
                if h < o.minimumStep { failure = .stepSizeUnderflow(time: t, step: h); return }
                let last = t + h * 1.0001 >= t1
                let hs = last ? t1 - t : h
                for i in 0..<n { ys[i] = y[i] + hs * Self.a21 * k1[i] }
                system.derivative(time: t + Self.c2 * hs, state: ysc, into: k2)
                for i in 0..<n { ys[i] = y[i] + hs * (Self.a31 * k1[i] + Self.a32 * k2[i]) }
                system.derivative(time: t + Self.c3 * hs, state: ysc, into: k3)
                for i in 0..<n { ys[i] = y[i] + hs * (Self.a41 * k1[i] + Self.a42 * k2[i] + Self.a43 * k3[i]) }
                system.derivative(time: t + Self.c4 * hs, state: ysc, into: k4)
                for i in 0..<n {
                    ys[i] = y[i] + hs * (Self.a51 * k1[i] + Self.a52 * k2[i] + Self.a53 * k3[i] + Self.a54 * k4[i])
                }
                system.derivative(time: t + Self.c5 * hs, state: ysc, into: k5)
                for i in 0..<n {
                    ys[i] = y[i] + hs * (Self.a61 * k1[i] + Self.a62 * k2[i] + Self.a63 * k3[i]
                                         + Self.a64 * k4[i] + Self.a65 * k5[i])
                }
                system.derivative(time: t + hs, state: ysc, into: k6)
                for i in 0..<n {
                    yn[i] = y[i] + hs * (Self.b1 * k1[i] + Self.b3 * k3[i] + Self.b4 * k4[i]
                                         + Self.b5 * k5[i] + Self.b6 * k6[i])
                }
                system.derivative(time: t + hs, state: ync, into: k7)
                evals += 6
                steps += 1
                var err = 0.0
                for i in 0..<n {
                    let ei = hs * (Self.e1 * k1[i] + Self.e3 * k3[i] + Self.e4 * k4[i] + Self.e5 * k5[i]
                                   + Self.e6 * k6[i] + Self.e7 * k7[i])
                    let sc = o.absoluteTolerance + o.relativeTolerance * max(abs(y[i]), abs(yn[i]))
                    err += (ei / sc) * (ei / sc)
                }
                err = (err / Double(n)).squareRoot()
                if !err.isFinite {
                    // Treat like a huge error: shrink hard, fail only if that keeps happening.
                    rejected += 1
                    rejectionsInRow += 1
                    if rejectionsInRow > o.maximumConsecutiveRejections { failure = .nonFinite(time: t); return }
                    h = hs * 0.1
                    continue
                }
                let fac11 = pow(err, expo1)
                if err <= 1 {
                    var fac = fac11 / pow(errOld, o.beta)
                    fac = max(0.1, min(5.0, fac / o.safety))   // step ratio in [1/5, 10]
                    let hNew = hs / fac
                    errOld = max(err, 1e-4)
                    if rejectionsInRow > 0 { h = min(hNew, hs) } else { h = last ? max(h, hNew) : hNew }
                    h = min(h, o.maximumStep)
                    rejectionsInRow = 0
                    t = last ? t1 : t + hs
                    for i in 0..<n { y[i] = yn[i]; k1[i] = k7[i] }
                    accepted += 1
                    if let v = system.boundViolation(yc) { failure = .stateOutOfBounds(time: t, value: v); return }
                    onAcceptedStep(t, yc)
                } else {
                    rejected += 1
                    rejectionsInRow += 1
                    if rejectionsInRow > o.maximumConsecutiveRejections {
                        failure = .tooManyRejectedSteps(time: t, count: rejectionsInRow); return
                    }
                    h = hs / min(5.0, fac11 / o.safety)
                }
            }
        }}
        acceptedSteps += accepted
        rejectedSteps += rejected
        evaluations += evals
        proposedStep = h
        previousError = errOld
        if let failure { throw failure }
    }

    /// Forgets the step-size history (the next call chooses a fresh initial step).
    public mutating func resetStepSize() {
        proposedStep = 0
        previousError = 1e-4
    }
}
