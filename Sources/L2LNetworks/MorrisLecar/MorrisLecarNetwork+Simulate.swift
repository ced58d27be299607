import Foundation

extension MorrisLecarNetwork {
    /// Simulates the network with a pulse stimulus and returns sampled rates and spike times.
    ///
    /// The integration is split at every pulse edge and every sample time, so the stimulus is exact
    /// (p = 1 inside a pulse, 0 outside) and samples are taken on the solution, not interpolated.
    ///
    /// - Parameters:
    ///   - duration: simulated time, ms (> 0).
    ///   - pulses: stimulus intervals `(start, end)` in ms, p(t) = 1 for start ≤ t < end.
    ///   - sampleInterval: spacing of the samples, ms; samples at Δ, 2Δ, …, ≤ duration.
    ///   - initialState: the state at t = 0 (default `initialState()`).
    ///   - options: tolerances and divergence guards of the Dormand–Prince integrator.
    ///   - recordVoltages: also sample V.
    /// - Returns: the trace; `trace.failure` is set if the integration diverged.
    /// - Complexity: O(steps · N²).
    public func simulate(duration: Double, pulses: [(start: Double, end: Double)] = [], sampleInterval: Double = 10,
                         initialState: [Double]? = nil, options: AdaptiveIntegratorOptions = AdaptiveIntegratorOptions(),
                         recordVoltages: Bool = false) -> MorrisLecarTrace {
        precondition(duration > 0 && sampleInterval > 0, "simulate: duration and sampleInterval must be positive")
        let n = neuronCount
        var system = self
        var y = initialState ?? self.initialState()
        precondition(y.count == dimension, "simulate: initial state has \(y.count) components, need \(dimension)")
        var trace = MorrisLecarTrace()
        trace.spikeTimes = [[Double]](repeating: [], count: n)

        // Breakpoints: pulse edges and sample times.
        var sampleTimes: [Double] = []
        var k = 1
        while Double(k) * sampleInterval <= duration + 1e-9 { sampleTimes.append(Double(k) * sampleInterval); k += 1 }
        var edges = pulses.flatMap { [$0.start, $0.end] }.filter { $0 > 0 && $0 < duration }
        edges.append(contentsOf: sampleTimes)
        edges.append(duration)
        let breakpoints = Array(Set(edges)).sorted()
        let sampleSet = Set(sampleTimes)

        var solver = DormandPrince54(options: options)
        var previousV = Array(y[0..<n])
        var previousT = 0.0
        let threshold = synapse.threshold
        var t = 0.0
        for tb in breakpoints where tb > t {
            let mid = 0.5 * (t + tb)
            system.stimulusLevel = pulses.contains { mid >= $0.start && mid < $0.end } ? 1 : 0
            do {
                try solver.integrate(system, state: &y, from: t, to: tb) { tNew, state in
                    for i in 0..<n {
                        let v = state[i]
                        if previousV[i] < threshold && v >= threshold {
                            let f = (threshold - previousV[i]) / (v - previousV[i])
                            trace.spikeTimes[i].append(previousT + f * (tNew - previousT))
                        }
                        previousV[i] = v
                    }
                    previousT = tNew
                }
            } catch {
                trace.failure = error
                break
            }
            t = tb
            if sampleSet.contains(tb) {
                trace.sampleTimes.append(tb)
                trace.rates.append(Array(y[(3 * n)..<(4 * n)]))
                if recordVoltages { trace.voltages.append(Array(y[0..<n])) }
            }
        }
        trace.finalState = y
        trace.acceptedSteps = solver.acceptedSteps
        trace.rejectedSteps = solver.rejectedSteps
        trace.evaluations = solver.evaluations
        return trace
    }
}
