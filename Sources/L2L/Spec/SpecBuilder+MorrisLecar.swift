import L2LNetworks
import L2LOptimizees

/// Cross-key checks and typed values of `optimizee.morris_lecar`, `optimizee.gonogo` and
/// `inner.optimizer: neuromodulated`.
extension SpecValidator {
    /// Pulse counts in order, pulses that fit in the stimulus window, a gap no shorter than a pulse,
    /// samples inside a trial.
    mutating func checkMorrisLecar() {
        let p = "optimizee.morris_lecar."
        guard values.variants["optimizee"] == "morris_lecar" else { return }
        func at(_ a: String, _ b: String) -> String {
            values.present.contains(p + a) || !values.present.contains(p + b) ? p + a : p + b
        }
        func format(_ x: Double) -> String { SpecRealRange.format(x) }
        if let low = values.int(p + "min_pulses"), let high = values.int(p + "max_pulses"), low > high {
            let path = at("min_pulses", "max_pulses")
            report("min_pulses (\(low)) must not exceed max_pulses (\(high))", at: path, values.marks[path])
        }
        if let width = values.double(p + "pulse_width_ms"), let gap = values.double(p + "min_gap_ms"), gap < width {
            let path = at("min_gap_ms", "pulse_width_ms")
            report("min_gap_ms (\(format(gap))) must be at least pulse_width_ms (\(format(width))): pulses may not overlap",
                   at: path, values.marks[path])
        } else if let width = values.double(p + "pulse_width_ms"), let gap = values.double(p + "min_gap_ms"),
            let high = values.int(p + "max_pulses"), let window = values.double(p + "stimulus_window_ms"),
            width + Double(high - 1) * gap > window
        {
            let path = at("stimulus_window_ms", "max_pulses")
            report("\(high) pulses of \(format(width)) ms at least \(format(gap)) ms apart need a stimulus window of \(format(width + Double(high - 1) * gap)) ms, got \(format(window))",
                   at: path, values.marks[path])
        }
        if let window = values.double(p + "stimulus_window_ms"), let delay = values.double(p + "delay_ms"),
            let interval = values.double(p + "sample_interval_ms"), interval > window + delay
        {
            let path = p + "sample_interval_ms"
            report("sample_interval_ms (\(format(interval))) exceeds the trial duration stimulus_window_ms + delay_ms = \(format(window + delay))",
                   at: path, values.marks[path])
        }
    }

    /// `neuromodulated` only under `inner` and only with `optimizee.gonogo` (and vice versa);
    /// `reversal_at < inner.iterations`.
    mutating func checkNeuromodulated() {
        let rule = OptimizerAlgorithm.neuromodulatedIdentifier
        if values.variants["outer"] == rule {
            report("\(rule) is a lifetime learning rule, valid only as inner.optimizer (with optimizee.gonogo); the outer loop needs an ask/tell optimizer such as ga or cmaes",
                   at: "outer.optimizer", values.marks["outer.optimizer"])
        }
        let inner = values.variants["inner"], optimizee = values.variants["optimizee"]
        if inner == rule, let optimizee, optimizee != "gonogo" {
            report("inner.optimizer \(rule) trains only optimizee.gonogo, but the optimizee is \(optimizee)",
                   at: "inner.optimizer", values.marks["inner.optimizer"])
        }
        if optimizee == "gonogo", let inner, inner != rule {
            report("optimizee.gonogo is learned by the lifetime rule inner.optimizer: \(rule), not by \(inner)",
                   at: "optimizee.gonogo", values.marks["optimizee.gonogo"])
        }
        if optimizee == "gonogo", let reversal = values.int("optimizee.gonogo.reversal_at"),
            let trials = values.int("inner.iterations"), reversal >= trials
        {
            let path = values.present.contains("optimizee.gonogo.reversal_at") ? "optimizee.gonogo.reversal_at" : "inner.iterations"
            report("reversal_at (\(reversal)) must be less than inner.iterations (\(trials)), the number of trials",
                   at: path, values.marks[path])
        }
    }

    /// Every value the outer loop can try for `inner.iterations` or `optimizee.gonogo.reversal_at`
    /// keeps the reversal inside the session.
    mutating func checkSearchedGoNoGo(_ entries: [SearchSpaceEntry]) {
        guard values.variants["optimizee"] == "gonogo" else { return }
        func range(_ path: String) -> (low: Double, high: Double, entry: Int?)? { searchedRange(path, in: entries) }
        guard let trials = range("inner.iterations"), let reversal = range("optimizee.gonogo.reversal_at"),
            trials.entry != nil || reversal.entry != nil, reversal.high >= trials.low
        else { return }
        let path = trials.entry.map { "outer.search_space[\($0)].low" } ?? "outer.search_space[\(reversal.entry!)].high"
        report("the search can try inner.iterations \(SpecRealRange.format(trials.low)) with reversal_at \(SpecRealRange.format(reversal.high)); reversal_at must stay less than inner.iterations",
               at: path, values.marks[path])
    }
}

extension SpecValueReader {
    /// The Morris–Lecar section at `path` (validated).
    mutating func morrisLecar(_ path: String) -> MorrisLecarOptimizeeSpec {
        let p = path + "."
        var s = MorrisLecarOptimizeeSpec()
        s.neurons = int(p + "neurons")
        s.neuronClass = choice(p + "neuron_class", fallback: .classI)
        s.biasCurrent = values.double(p + "bias_current") ?? s.neuronClass.defaultBiasCurrent
        s.synapseRiseRate = double(p + "synapse_rise_rate")
        s.synapseDecayMs = double(p + "synapse_decay_ms")
        s.rateTimeConstantMs = double(p + "rate_time_constant_ms")
        s.relativeTolerance = double(p + "relative_tolerance")
        s.absoluteTolerance = double(p + "absolute_tolerance")
        s.maximumStepMs = double(p + "max_step_ms")
        s.maximumSteps = int(p + "max_steps")
        s.recurrentBound = double(p + "recurrent_bound")
        s.inputBound = double(p + "input_bound")
        s.readoutBound = double(p + "readout_bound")
        s.readoutBiasBound = double(p + "readout_bias_bound")
        s.trials = int(p + "trials")
        s.episodeDraws = episodeDraws(path)
        s.testTrials = int(p + "test_trials")
        s.minimumPulses = int(p + "min_pulses")
        s.maximumPulses = int(p + "max_pulses")
        s.stimulusWindowMs = double(p + "stimulus_window_ms")
        s.delayMs = double(p + "delay_ms")
        s.pulseWidthMs = double(p + "pulse_width_ms")
        s.minimumGapMs = double(p + "min_gap_ms")
        s.sampleIntervalMs = double(p + "sample_interval_ms")
        return s
    }

    /// The Go/No-Go section at `path` (validated).
    mutating func goNoGo(_ path: String) -> GoNoGoOptimizeeSpec {
        let p = path + "."
        return GoNoGoOptimizeeSpec(reversalAt: int(p + "reversal_at"), criterionWindow: int(p + "criterion_window"),
                                   criterionFraction: double(p + "criterion_fraction"))
    }
}
