import L2LNetworks
import L2LOptimizees

// The declaration of `optimizee.morris_lecar` (a recurrent Morris–Lecar network on the
// pulse-integration / working-memory task). `docs/spec.md` is generated from it; regenerate the
// docs after a change.

extension SpecSchema {
    static let morrisLecar: SpecMapping = {
        let d = MorrisLecarOptimizeeSpec()
        func positive(_ upper: Double) -> SpecValueType { .real(.leftOpen(0, upper)) }
        return SpecMapping(
            title: "optimizee.morris_lecar",
            doc: """
                A recurrent network of conductance-based Morris–Lecar neurons (graded synapses, adaptive \
                Dormand–Prince integration) that must count stimulus pulses and hold the count through a delay \
                (Hazelden et al. 2023). Trainable: recurrent weights W (N²), input weights u (N), readout weights c \
                (N) and a readout bias, each block within its bound; the readout is Σ cᵢ rᵢ(t) + b of the neurons' \
                rate proxies, the target (pulses ended so far)/`max_pulses`. Each task seed draws its own training \
                pulse sequence (`trials` trials), its own held-out sequence (`test_trials`) and the initial weights. \
                With `episode_draws: fresh` every inner iteration draws its own sequence of `trials` trials. \
                Fitness is −MSE of the readout over all samples of all trials (every candidate of an iteration sees the same trials); \
                the EnKF gets the readout and target traces. A diverged integration is a failed evaluation \
                (fitness −inf), never a crash. Run metrics: `test_mse` (held-out sequence), `train_mse`, `test_failed`.
                """,
            keys: [
                SpecKey("neurons", .integer(1...200), .value(.int(d.neurons)), "Number of neurons N (N² + 2N + 1 parameters)."),
                SpecKey("neuron_class", .choice(MorrisLecarOptimizeeSpec.NeuronClass.allCases.map(\.rawValue)),
                        .value(.string(d.neuronClass.rawValue)),
                        "`class_i` (SNIC onset near 40 µA/cm²) or `class_ii` (Hopf onset) parameter set."),
                SpecKey("bias_current", .real(.closed(-1000, 1000)),
                        .derived("38 for `class_i`, \(SpecRealRange.format(MorrisLecarOptimizeeSpec.NeuronClass.classII.defaultBiasCurrent)) (95 % of the Hopf current) for `class_ii`"),
                        "Bias current of every neuron, µA/cm²; just below the onset lets pulses recruit spiking."),
                SpecKey("synapse_rise_rate", positive(1000), .value(.double(d.synapseRiseRate)), "Synaptic activation rate α, 1/ms."),
                SpecKey("synapse_decay_ms", positive(1e5), .value(.double(d.synapseDecayMs)),
                        "Synaptic decay time constant τ_s, ms (slow, NMDA-like, to hold a count)."),
                SpecKey("rate_time_constant_ms", positive(1e5), .value(.double(d.rateTimeConstantMs)),
                        "Time constant of the rate proxy the readout uses, ms."),
                SpecKey("relative_tolerance", .real(.open(0, 1)), .value(.double(d.relativeTolerance)),
                        "Relative tolerance of the integrator's local error."),
                SpecKey("absolute_tolerance", .real(.open(0, 1)), .value(.double(d.absoluteTolerance)),
                        "Absolute tolerance of the integrator's local error."),
                SpecKey("max_step_ms", positive(1000), .value(.double(d.maximumStepMs)), "Largest integrator step, ms."),
                SpecKey("max_steps", .integer(100...100_000_000), .value(.int(d.maximumSteps)),
                        "Step budget of one integration between breakpoints (sample times, pulse edges); exceeding it fails the evaluation."),
                SpecKey("recurrent_bound", positive(1e4), .value(.double(d.recurrentBound)), "Each recurrent weight lies in ±bound, µA/cm²."),
                SpecKey("input_bound", positive(1e4), .value(.double(d.inputBound)), "Each input weight lies in ±bound, µA/cm²."),
                SpecKey("readout_bound", positive(1e4), .value(.double(d.readoutBound)), "Each readout weight lies in ±bound."),
                SpecKey("readout_bias_bound", positive(1e4), .value(.double(d.readoutBiasBound)), "The readout bias lies in ±bound."),
                SpecKey("trials", .integer(1...10_000), .value(.int(d.trials)), "Trials of the training pulse sequence (per evaluation)."),
                .episodeDraws("pulse trials", countKey: "trials"),
                SpecKey("test_trials", .integer(1...10_000), .value(.int(d.testTrials)), "Trials of the held-out sequence of the final report."),
                SpecKey("min_pulses", .integer(0...1000), .value(.int(d.minimumPulses)), "Fewest pulses in a trial, `<= max_pulses`."),
                SpecKey("max_pulses", .integer(1...1000), .value(.int(d.maximumPulses)), "Most pulses in a trial."),
                SpecKey("stimulus_window_ms", positive(1e6), .value(.double(d.stimulusWindowMs)),
                        "Window in which pulses start, ms; `max_pulses` pulses must fit: `pulse_width_ms + (max_pulses − 1)·min_gap_ms <= stimulus_window_ms`."),
                SpecKey("delay_ms", .real(.closed(0, 1e6)), .value(.double(d.delayMs)), "Delay after the stimulus window through which the count must be held, ms."),
                SpecKey("pulse_width_ms", positive(1e5), .value(.double(d.pulseWidthMs)), "Duration of each pulse, ms."),
                SpecKey("min_gap_ms", positive(1e5), .value(.double(d.minimumGapMs)), "Smallest onset-to-onset gap, `>= pulse_width_ms`, ms."),
                SpecKey("sample_interval_ms", positive(1e5), .value(.double(d.sampleIntervalMs)),
                        "Spacing of the readout samples, ms; at most the trial duration."),
            ],
            searchable: true)
    }()

    static let goNoGo: SpecMapping = {
        let d = GoNoGoOptimizeeSpec()
        return SpecMapping(
            title: "optimizee.gonogo",
            doc: """
                A Go/No-Go session with a contingency reversal (two cues; before `reversal_at` cue 0 means Go, after \
                it cue 1; hit +1, false alarm −1, miss and correct rejection 0), learned trial by trial by the \
                three-factor rule of `inner.optimizer: neuromodulated`, which it requires (and which requires it); \
                `inner.iterations` is the number of trials. Each task seed draws its own cue sequence and action \
                noise. An inner run's score is −(trials to relearn to criterion after the reversal), all remaining \
                trials if never; its learning curve is 1/0 per trial (correct or not), its state the cue, action, \
                reward, dopamine, noradrenaline, effective β and P(go) per trial. Run metrics: `trials_to_criterion`, \
                `trials_to_relearn`, `relearned`, `accuracy_after_reversal`.
                """,
            keys: [
                SpecKey("reversal_at", .integer(1...maximumIterations), .value(.int(d.reversalAt)),
                        "Index (0-based) of the first reversed trial, `< inner.iterations`."),
                SpecKey("criterion_window", .integer(1...maximumIterations), .value(.int(d.criterionWindow)),
                        "Trials in the sliding criterion window."),
                SpecKey("criterion_fraction", .real(.leftOpen(0, 1)), .value(.double(d.criterionFraction)),
                        "Fraction correct in the window that counts as criterion."),
            ],
            searchable: true)
    }()

    /// Keys of `inner.optimizer: neuromodulated`; defaults from `NeuromodulationConstants()`.
    static let neuromodulatedKeys: [SpecKey] = {
        let d = NeuromodulationConstants()
        return [
            SpecKey("learning_rate", .real(.leftOpen(0, 100)), .value(.double(d.learningRate)),
                    "η: plasticity of the three-factor rule Δw = η_eff·δ·e (δ the dopamine prediction error, e the eligibility)."),
            SpecKey("inverse_temperature", .real(.closed(0, 1000)), .value(.double(d.inverseTemperature)),
                    "β: P(go) = σ(β_eff·(Q(go) − Q(no-go)))."),
            SpecKey("trace_decay", .real(.rightOpen(0, 1)), .value(.double(d.traceDecay)),
                    "λ: eligibility carried from one trial to the next (0: this trial only)."),
            SpecKey("surprise_time_constant", .real(.closed(1, 1e6)), .value(.double(d.surpriseTimeConstant)),
                    "τ_NA in trials: NA ← NA + (|δ| − NA)/τ_NA, the running surprise."),
            SpecKey("noradrenaline_temperature_gain", .real(.closed(0, 1000)), .value(.double(d.noradrenalineTemperatureGain)),
                    "κ_β: β_eff = β/(1 + κ_β·NA), more exploration after surprise; 0 with `noradrenaline_learning_gain` 0 is the dopamine-only learner."),
            SpecKey("noradrenaline_learning_gain", .real(.closed(0, 1000)), .value(.double(d.noradrenalineLearningGain)),
                    "κ_η: η_eff = η·(1 + κ_η·NA), more plasticity after surprise."),
        ]
    }()
}
