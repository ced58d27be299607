import L2LNetworks
import L2LOptimizees

// The declaration of `optimizee.reservoir` (a spiking LIF reservoir). `docs/spec.md` is generated
// from it; regenerate the docs after a change.

extension SpecSchema {
    /// `(0, upper]`.
    private static func positive(_ upper: Double) -> SpecValueType { .real(.leftOpen(0, upper)) }
    /// `[0, upper]`.
    private static func nonNegative(_ upper: Double) -> SpecValueType { .real(.closed(0, upper)) }

    /// The `task` variants: digit classification or delayed XOR.
    static let reservoirTaskVariant = SpecVariant(discriminator: "task", cases: [
        .init(value: "digits",
              doc: "Rate-coded digit classification: one Poisson source per pixel at `input_rate_hz` × pixel / the image's brightest pixel, for `presentation_ms`; the readout window is the presentation.",
              keys: [
                SpecKey("dataset", .choice([ShippedDigitSet.digits8x8.rawValue, ShippedDigitSet.mnist5k.rawValue]),
                        .value(.string(ShippedDigitSet.digits8x8.rawValue)),
                        "The shipped digits: `digits8x8` (64 inputs) or `mnist5k` (784 inputs)."),
                dataDirectoryKey,
                SpecKey("digits", .integerList(0...9, minimumCount: 2), .derived("`[0, 1, 2]`"),
                        "The digits to classify, distinct (class scores in increasing digit order)."),
                SpecKey("presentation_ms", positive(1e5), .value(.double(100)), "Stimulus duration per image, ms."),
              ]),
        .init(value: "delayed_xor",
              doc: "Delayed XOR (Maass et al. 2002; IGITUGraz/LSM): channel A pulses at `input_rate_hz` for `pulse_ms` if bit a is 1, then after `gap_ms` channel B if bit b is 1; the class (2 classes) is a XOR b, read from the window starting `readout_delay_ms` after the second pulse. Each task draws a balanced set of bit pairs; memory of the first pulse is needed.",
              keys: [
                SpecKey("channel_size", .integer(1...10_000), .value(.int(10)), "Poisson sources per input channel."),
                SpecKey("pulse_ms", positive(1e5), .value(.double(20)), "Duration of each pulse, ms."),
                SpecKey("gap_ms", nonNegative(1e5), .value(.double(30)), "From the end of pulse A to the start of pulse B, ms."),
                SpecKey("readout_delay_ms", nonNegative(1e5), .value(.double(20)),
                        "From the end of pulse B to the start of the readout window, ms."),
                SpecKey("readout_window_ms", positive(1e5), .value(.double(20)), "Length of the readout window, ms."),
              ]),
    ])

    static let reservoir = SpecMapping(
        title: "optimizee.reservoir",
        doc: """
            A spiking reservoir: stimulus Poisson sources → a bulk of current-based LIF neurons (`excitatory` E + \
            `inhibitory` I, recurrent synapses by fixed in-degree or probability, delays) → class scores. The graph \
            is drawn from `network_seed`, so every task sees the same reservoir; each task seed draws its own \
            samples and initial weights. `trainable` chooses the parameters: a linear `readout` of the E neurons \
            (the bulk is simulated once per sample per inner iteration and shared by all candidates), the \
            per-synapse `reservoir_to_output` weights onto output clusters (E + I neurons per class; class score = \
            the cluster's E rate), or three `global_scales` (input rate, E and I weights; a ridge readout is fitted \
            per evaluation). Each iteration's batch and input spikes are the same for every candidate. The EnKF gets \
            the batch's class scores or their softmax and one-hot targets; the run metrics are `test_accuracy`, \
            `test_loss`, `train_accuracy`, `train_loss`. Weights are mV for `delta` synapses, pA for `exponential` and \
            `alpha`; potentials are relative to rest.
            """,
        keys: [
            SpecKey("task", .choice(reservoirTaskVariant.cases.map(\.value)), .required,
                    "`digits` or `delayed_xor` (see the variants below)."),
            SpecKey("trainable", .choice(ReservoirOptimizeeSpec.Trainable.allCases.map(\.rawValue)),
                    .value(.string(ReservoirOptimizeeSpec.Trainable.readout.rawValue)),
                    "The trained parameters: `readout` (K×(E+1) weights), `reservoir_to_output` (bulk → output-cluster synapses) or `global_scales` (input rate, E, I scales)."),
            SpecKey("train_per_class", .integer(1...1_000_000), .value(.int(20)), "Training samples per class of each task."),
            SpecKey("test_per_class", .integer(1...1_000_000), .value(.int(10)),
                    "Held-out samples per class of each task (digits: disjoint images)."),
            SpecKey("batch_size", .integer(0...1_000_000), .value(.int(12)),
                    "Training samples per inner iteration (drawn afresh, the same for all candidates); 0: the whole training set."),
            SpecKey("excitatory", .integer(1...100_000), .value(.int(200)), "Excitatory bulk neurons."),
            SpecKey("inhibitory", .integer(1...100_000), .value(.int(50)), "Inhibitory bulk neurons."),
            SpecKey("connectivity", .choice(ReservoirOptimizeeSpec.Connectivity.allCases.map(\.rawValue)),
                    .value(.string(ReservoirOptimizeeSpec.Connectivity.fixedInDegree.rawValue)),
                    "`fixed_indegree`: each neuron gets round(p·N) synapses from each population; `probability`: each pair with probability p."),
            SpecKey("connection_probability", .real(.leftOpen(0, 1)), .value(.double(0.1)), "p of the recurrent connections."),
            SpecKey("input_in_degree", .integer(1...100_000), .value(.int(16)), "Stimulus synapses per bulk neuron (fixed in-degree)."),
            SpecKey("input_weight", positive(1e6), .value(.double(2)), "Weight of the stimulus synapses."),
            SpecKey("excitatory_weight", positive(1e6), .value(.double(0.5)), "Weight of the recurrent E synapses."),
            SpecKey("inhibitory_weight", positive(1e6), .value(.double(2.5)), "Magnitude of the recurrent I synapses (applied negative)."),
            SpecKey("delay_ms", positive(1000), .value(.double(1.5)), "Synaptic delay, ms (rounded to steps, at least one)."),
            SpecKey("input_rate_hz", nonNegative(100_000), .value(.double(100)),
                    "Poisson rate of a full-ink pixel (digits) or of a pulse (XOR), Hz."),
            SpecKey("background_rate_hz", nonNegative(100_000), .value(.double(0)),
                    "Rate of an independent Poisson background source per neuron, Hz; 0: none."),
            SpecKey("background_weight", positive(1e6), .value(.double(1)), "Weight of the background synapses."),
            SpecKey("drive_mv", .real(.closed(-1000, 1000)), .value(.double(10)),
                    "Constant drive: the potential above rest the external current alone reaches (I_e = drive·C_m/τ_m), mV."),
            SpecKey("synapse", .choice(SynapseModel.allCases.map(\.rawValue)), .value(.string(SynapseModel.delta.rawValue)),
                    "Postsynaptic currents: `delta` (weights in mV), `exponential` or `alpha` (weights in pA)."),
            SpecKey("tau_m_ms", positive(1e4), .value(.double(20)), "Membrane time constant, ms."),
            SpecKey("tau_syn_ms", positive(1e4), .value(.double(2)), "Synaptic time constant (exponential, alpha), ms."),
            SpecKey("threshold_mv", .real(.closed(-1000, 1000)), .value(.double(20)), "Spike threshold above rest, mV."),
            SpecKey("reset_mv", .real(.closed(-1000, 1000)), .value(.double(10)), "Reset potential above rest, `< threshold_mv`, mV."),
            SpecKey("refractory_ms", nonNegative(1000), .value(.double(2)), "Absolute refractory period, ms."),
            SpecKey("capacitance_pf", positive(1e6), .value(.double(250)), "Membrane capacitance, pF."),
            SpecKey("dt_ms", .real(.leftOpen(0, 10)), .value(.double(0.1)), "Simulation step, ms."),
            SpecKey("rest_ms", nonNegative(1e5), .value(.double(20)), "Input-free warm-up before each sample, ms."),
            SpecKey("network_seed", .seed, .value(.int(1)), "Seed of the reservoir's graph (the same for every task)."),
            SpecKey("features", .choice(ReservoirOptimizeeSpec.Features.allCases.map(\.rawValue)), .value(.string("counts")),
                    "Readout features of the E neurons: spike `counts` in the window or `filtered` spike trains at its end."),
            SpecKey("filter_tau_ms", positive(1e5), .value(.double(20)), "Time constant of the `filtered` features, ms."),
            SpecKey("rate_scale_hz", positive(1e6), .value(.double(20)),
                    "Rates are divided by this for the readout features and the output-cluster scores."),
            SpecKey("readout_bound", positive(1e6), .value(.double(1)),
                    "`readout`: each weight and bias lies in `[-readout_bound, readout_bound]`; they start at 0."),
            SpecKey("output_excitatory", .integer(1...10_000), .value(.int(10)), "`reservoir_to_output`: E neurons per output cluster."),
            SpecKey("output_inhibitory", .integer(0...10_000), .value(.int(2)), "`reservoir_to_output`: I neurons per output cluster."),
            SpecKey("output_connection_fraction", .real(.leftOpen(0, 1)), .value(.double(0.4)),
                    "`reservoir_to_output`: each output neuron's in-degree from each bulk population, as a fraction of it (L2L: 1/2.5)."),
            SpecKey("output_weight_mean", nonNegative(1e6), .value(.double(0.5)),
                    "`reservoir_to_output`: initial weights are N(+mean, std) from E and N(−mean, std) from I neurons."),
            SpecKey("output_weight_std", nonNegative(1e6), .value(.double(0.25)), "`reservoir_to_output`: std of the initial weights."),
            SpecKey("output_weight_bound", positive(1e6), .value(.double(5)),
                    "`reservoir_to_output`: each weight lies in `[-output_weight_bound, output_weight_bound]`."),
            SpecKey("scale_bound", positive(1e6), .value(.double(4)), "`global_scales`: each scale lies in `[0, scale_bound]`; they start at 1."),
            SpecKey("ridge", positive(1e12), .value(.double(1)), "`global_scales`: ridge penalty λ of the fitted readout."),
            SpecKey("outputs", .choice(ReservoirOptimizeeSpec.Outputs.allCases.map(\.rawValue)), .value(.string("probabilities")),
                    "The model outputs G(u) given to `enkf`: softmax `probabilities` of the class scores, or the `scores`."),
            SpecKey("fitness", .choice(ClassifierOptimizeeSpec.Fitness.allCases.map(\.rawValue)),
                    .value(.string(ClassifierOptimizeeSpec.Fitness.crossEntropy.rawValue)),
                    "Fitness on the batch, maximized: `cross_entropy` (minus the mean cross-entropy of the softmax scores) or `accuracy`."),
        ],
        variant: reservoirTaskVariant, searchable: true)
}
