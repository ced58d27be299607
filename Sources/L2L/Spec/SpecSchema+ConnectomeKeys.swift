import L2LNetworks
import L2LOptimizees

// The declaration of `optimizee.connectome` (the C. elegans connectome on the foraging task).
// `docs/spec.md` is generated from it; regenerate the docs after a change.

extension SpecSchema {
    static let connectome: SpecMapping = {
        let d = ConnectomeOptimizeeSpec()
        let f = d.foraging
        func positive(_ upper: Double) -> SpecValueType { .real(.leftOpen(0, upper)) }
        return SpecMapping(
            title: "optimizee.connectome",
            doc: """
                The C. elegans connectome as a Kunert–Shlizerman–Kutz graded-potential network steering a worm in a 2-D \
                arena: `task: foraging` (eat food laid out in patterns, after the ENOMAD study) or `task: chemotaxis` \
                (climb one Gaussian odour gradient of width `peak_width`). Sensing: the odour level at the left/right \
                sensory points drives AWAL/AWAR (`sensory_gain_pa`), its change along the path since the last control \
                step drives ASEL as an ON cell and ASER/AWCL/AWCR as OFF cells (`derivative_gain_pa`), wall contact \
                ALML/ALMR/AVM/FLPL/FLPR; the head/neck motor neurons' (SMD, SMB, RMD, RIV) left − right depolarization \
                turns the worm, AVB − AVA sets its speed. Trainable: per-edge scale factors of the chosen set (chemical \
                edges, gap-junction pairs, all, or the chemosensory `circuit`) within [`min_scale`, `max_scale`]; the \
                conductance is synapse count × g × scale, so non-negative scales keep every edge's transmitter sign. The \
                initial point is the biological prior, every scale 1 (the published counts). Each task seed draws \
                `episodes` training layouts (foraging: pattern cluster/line/ring/scattered and its placement; \
                chemotaxis: the peak's direction and the start heading) and `test_episodes` held-out ones; with \
                `episode_draws: fresh` every inner iteration draws its own `episodes` training layouts. Fitness: \
                foraging, food eaten + `shaping_weight` × the mean odour concentration at the head; chemotaxis, the \
                final closeness to the peak 1 − distance/diagonal; a diverged network is a failed evaluation (−inf). \
                Run metrics on the held-out layouts, for the incumbent, the untrained connectome (`_prior`) and random \
                scales in the bounds (`_random`): `test_fitness*`, and `food_eaten*` (foraging) or `final_distance*` \
                (chemotaxis); plus the same on the training layouts (`train_*`) and `test_diverged`. With \
                `record.artifacts` the run writes `final/path`, `final/prior_path`, `final/food_eaten`, \
                `final/prior_food_eaten` and `final/food`.
                """,
            keys: [
                SpecKey("task", .choice(ConnectomeOptimizeeSpec.Task.allCases.map(\.rawValue)),
                        .value(.string(d.task.rawValue)),
                        "`foraging` (food in patterns, eaten on contact), `chemotaxis` (one odour peak, final closeness) or `foraging_paper` (the ENOMAD study's own arena, food patterns, reward and accumulate-and-fire neuron model; see `paper`)."),
                SpecKey("dataset", .choice(ConnectomeOptimizeeSpec.Dataset.allCases.map(\.rawValue)),
                        .value(.string(d.dataset.rawValue)), "Wiring: `varshney2011` (279 neurons) or `cook2019` (282, no pharynx)."),
                SpecKey("data_directory", .string(.filePath), .value(.string(d.dataDirectory)),
                        "Directory holding the connectome CSVs (the repository's `data/connectome`); absolute, or relative: looked up in the spec file's directory and its parents, the working directory, then `L2L_DATA_PATH`."),
                SpecKey("parameters", .choice(ConnectomeOptimizeeSpec.ParameterSet.allCases.map(\.rawValue)),
                        .value(.string(d.parameterSet.rawValue)), "Neuron and synapse constants: `kunert2014` or `interactome`."),
                SpecKey("method", .choice(GradedPotentialSimulator.Method.allCases.map(\.rawValue)),
                        .value(.string(d.method.rawValue)), "Integrator: `rk4` or `euler`."),
                SpecKey("dt_ms", .real(.leftOpen(0, 10)), .value(.double(d.dtMs)),
                        "Time step, ms (stable at the prior up to ≈ 0.14 euler / 0.20 rk4 with `kunert2014`)."),
                SpecKey("precision", .choice(SimulationPrecision.allCases.map(\.rawValue)),
                        .value(.string(d.precision.rawValue)),
                        "Arithmetic of the network's time loop: `double` (the reference's) or `single` (float: 2.2–2.4× the network steps per second at batch 64, voltages within 0.01 mV of double — 7e-3 mV after 300 ms with weights ±20 % off the prior; see docs/performance.md; set-up stays in double)."),
                SpecKey("trainable", .choice(ConnectomeOptimizeeSpec.Trainable.allCases.map(\.rawValue)),
                        .value(.string(d.trainable.rawValue)),
                        "Which scale factors are trained: `chemical` (2,194 for Varshney), `gap` (514), `all`, or `circuit` (the 156 chemical edges and 25 gap pairs among the 36 chemosensory, interneuron, head-motor and command neurons); the rest stay 1."),
                SpecKey("min_scale", .real(.closed(0, 1e3)), .value(.double(d.minimumScale)),
                        "Lower bound of each trained scale factor (≥ 0: signs come from transmitters)."),
                SpecKey("max_scale", positive(1e3), .value(.double(d.maximumScale)), "Upper bound of each trained scale factor, `> min_scale`."),
                SpecKey("train_sensory_gains", .bool, .value(.bool(d.trainSensoryGains)),
                        "Also train the sensitivity of the six odour-sensing neurons (AWAL, AWAR, ASEL, ASER, AWCL, AWCR): multipliers on their currents in [0, `max_sensory_gain`], prior 1."),
                SpecKey("max_sensory_gain", positive(1e3), .value(.double(d.maximumSensoryGain)),
                        "Upper bound of a trained sensory gain."),
                SpecKey("episodes", .integer(1...1000), .value(.int(d.episodes)), "Training food layouts per evaluation."),
                .episodeDraws("food layouts", countKey: "episodes"),
                SpecKey("test_episodes", .integer(1...1000), .value(.int(d.testEpisodes)), "Held-out food layouts of the final report."),
                SpecKey("random_baselines", .integer(0...1000), .value(.int(d.randomBaselines)),
                        "Random networks (uniform scales in the bounds) averaged for `food_eaten_random`."),
                SpecKey("peak_width", positive(10), .value(.double(ForagingConfiguration.chemotaxis.odourWidth)),
                        "Chemotaxis: width σ of the odour peak exp(−d²/(2σ²)), arena widths (replaces `odour_width`, `food_count`)."),
                SpecKey("food_count", .integer(1...1000), .value(.int(f.foodCount)), "Food items per layout."),
                SpecKey("control_steps", .integer(1...1_000_000), .value(.int(f.controlSteps)),
                        "Control steps per episode (fixed length): sense, simulate, move."),
                SpecKey("steps_per_control", .integer(1...1_000_000), .value(.int(f.simulationStepsPerControl)),
                        "Network time steps per control step."),
                SpecKey("max_speed", positive(1), .value(.double(f.maximumSpeed)),
                        "Largest distance per control step, in arena widths."),
                SpecKey("max_turn", positive(Double.pi), .value(.double(f.maximumTurn)), "Largest heading change per control step, rad."),
                SpecKey("eat_radius", positive(1), .value(.double(f.eatRadius)), "Food within this distance (arena widths) is eaten."),
                SpecKey("odour_width", positive(10), .value(.double(f.odourWidth)), "Width σ of each food item's Gaussian odour, arena widths."),
                SpecKey("sensory_gain_pa", .real(.closed(0, 1e6)), .value(.double(f.sensoryGain)),
                        "Current into AWAL/AWAR at odour concentration 1 at the left/right sensory point, pA (an isolated sensory cell moves ≈ 7 mV per pA)."),
                SpecKey("derivative_gain_pa", .real(.closed(0, 1e6)), .value(.double(f.derivativeGain)),
                        "Current into ASEL (ON) per unit rise, and into ASER, AWCL, AWCR (OFF) per unit fall, of the concentration at the head since the last control step, pA."),
                SpecKey("touch_gain_pa", .real(.closed(0, 1e6)), .value(.double(f.touchGain)),
                        "Current into the anterior touch neurons while the head presses on a wall, pA."),
                SpecKey("motor_scale_mv", positive(1e4), .value(.double(f.motorScale)),
                        "Potential deviation from rest that drives a motor output to tanh(1), mV."),
                SpecKey("shaping_weight", .real(.closed(0, 1e3)), .value(.double(f.shapingWeight)),
                        "Foraging: weight of the shaping term, the mean odour concentration at the head over the episode."),
                SpecKey("paper", .mapping(connectomePaper), .section,
                        "`task: foraging_paper` only: the ENOMAD study's setting (see `optimizee.connectome.paper`)."),
            ],
            searchable: true)
    }()
}

extension SpecSchema {
    /// The pattern choice of `paper.pattern`: one pattern, or `all` (uniform among the six per layout).
    static let paperPatternChoices = ["all"] + PaperFoodPattern.allCases.map(\.rawValue)

    /// `optimizee.connectome.paper`: the ENOMAD study's own foraging setting (`task: foraging_paper`).
    static let connectomePaper: SpecMapping = {
        let d = PaperForagingConfiguration()
        return SpecMapping(
            title: "paper",
            doc: """
                The ENOMAD study's own foraging setting (Churchland & Garcia-Ojalvo 2025, as its code sets it), used \
                with `task: foraging_paper`: a 1,600 × 1,200 arena, the worm at the centre heading +x, `food_count` \
                items in the study's patterns (random ≥ 400 from the centre, grid, four clusters, square, circle, \
                triangle), eating radius 20, sensing radius 150, walls sensed within 100, `steps` steps per episode. \
                Reward per step, summed over the food left: 30 per item within 20 plus max(0, (150 − d)/150)/30 per item \
                within 150; the fitness is its sum over the episode. Motion per step from the left/right muscle sums \
                l, r: heading += (r − l)/10, speed min(max(|l| + |r|, 75), 150)/7. The network is the study's integer \
                accumulate-and-fire model: nose-touch neurons (FLP, ASH, IL1V, OLQ) deliver their weights when a wall \
                is near, else the food-sensing ones (ADF, ASG, ASI, ASJ) when food is in range; a neuron whose \
                accumulator exceeds `threshold` delivers its weights and resets; the body-wall muscles (07–23) give \
                l and r. Trained: every raw weight (neuron → neuron from `dataset`: signed chemical counts plus gap \
                counts; neuron → muscle from `data_directory/openworm_body_wall_nmj.csv`), each in \
                [min(−`weight_bound`, w₀), max(`weight_bound`, w₀)]; the initial point (and `_prior` metrics) is the \
                unmodified connectome. The Kunert-model keys (`parameters`, `method`, `dt_ms`, `precision`, `trainable`, scales, \
                gains and the arena keys above) do not apply; `episodes`, `episode_draws`, `test_episodes`, \
                `random_baselines` and `dataset` do.
                """,
            keys: [
                SpecKey("food_count", .integer(4...400), .value(.int(d.foodCount)),
                        "Food items per layout (the study: 36; grid places ⌊√n⌋², clusters 4⌊n/4⌋)."),
                SpecKey("pattern", .choice(paperPatternChoices), .value(.string("all")),
                        "The food pattern of every layout, or `all`: uniform among the six per layout (the study trains on `square`)."),
                SpecKey("steps", .integer(1...100_000), .value(.int(d.steps)), "Steps per episode."),
                SpecKey("threshold", .real(.leftOpen(0, 1e6)), .value(.double(d.threshold)), "Firing threshold of the accumulators."),
                SpecKey("weight_bound", .real(.leftOpen(0, 1e6)), .value(.double(20)),
                        "B: each trained weight lies in [min(−B, w₀), max(B, w₀)] (the study's random weights are U(−20, 20))."),
            ])
    }()
}
