/// What `MorrisLecarNetwork.simulate` recorded: sampled rate proxies (and optionally voltages),
/// spike times, integrator statistics, and the failure if the integration diverged.
///
/// On failure the samples stop at the failure time: `sampleTimes` and `rates` are shorter than
/// requested, and `failure` says why (a failed evaluation, never a crash).
public struct MorrisLecarTrace: Sendable, Equatable {
    /// Sample times, ms (multiples of the sample interval, ending at the duration).
    public var sampleTimes: [Double] = []
    /// Rate proxies r_i at each sample time: `rates[k][i]`.
    public var rates: [[Double]] = []
    /// Membrane potentials at each sample time (empty unless requested).
    public var voltages: [[Double]] = []
    /// Upward crossings of the synaptic threshold per neuron, ms (linearly interpolated).
    public var spikeTimes: [[Double]] = []
    /// The state at the end (or at the failure).
    public var finalState: [Double] = []
    /// Accepted and rejected steps, and right-hand-side evaluations.
    public var acceptedSteps = 0, rejectedSteps = 0, evaluations = 0
    /// Why the integration stopped early, or nil.
    public var failure: IntegrationFailure?

    /// True when the simulation reached its end time.
    public var succeeded: Bool { failure == nil }
}
