import L2LNetworks

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
                The C. elegans connectome as a Kunert–Shlizerman–Kutz graded-potential network, foraging in a 2-D arena \
                (after the ENOMAD study). Odour of the uneaten food (a sum of Gaussians) at the left/right sensory points \
                drives ASEL/AWCL and ASER/AWCR, wall contact ALML/ALMR/AVM/FLPL/FLPR; the head motor neurons' left − right \
                depolarization (RMD/SMD) turns the worm, AVB − AVA sets its speed. Trainable: per-edge scale factors of \
                the chosen set (chemical edges, gap-junction pairs, or all) within [`min_scale`, `max_scale`]; the \
                conductance is synapse count × g × scale, so non-negative scales keep every edge's transmitter sign. The \
                initial point is the biological prior, every scale 1 (the published counts). Each task seed draws \
                `episodes` training food layouts (pattern cluster/line/ring/scattered and its placement) and \
                `test_episodes` held-out ones. Fitness: mean over the training layouts of food eaten + \
                `shaping_weight`·(1 − distance to the nearest remaining food / arena diagonal); a diverged network is a \
                failed evaluation (−inf). Run metrics (held-out layouts): `food_eaten` (incumbent), `food_eaten_prior` \
                (untrained connectome), `food_eaten_random` (random scales in the bounds), plus `train_food_eaten`, \
                `train_food_eaten_prior`, `test_fitness`, `test_diverged`.
                """,
            keys: [
                SpecKey("dataset", .choice(ConnectomeOptimizeeSpec.Dataset.allCases.map(\.rawValue)),
                        .value(.string(d.dataset.rawValue)), "Wiring: `varshney2011` (279 neurons) or `cook2019` (282, no pharynx)."),
                SpecKey("data_directory", .string(.filePath), .value(.string(d.dataDirectory)),
                        "Directory holding the connectome CSVs (the repository's `data/connectome`), relative to the working directory or absolute."),
                SpecKey("parameters", .choice(ConnectomeOptimizeeSpec.ParameterSet.allCases.map(\.rawValue)),
                        .value(.string(d.parameterSet.rawValue)), "Neuron and synapse constants: `kunert2014` or `interactome`."),
                SpecKey("method", .choice(GradedPotentialSimulator.Method.allCases.map(\.rawValue)),
                        .value(.string(d.method.rawValue)), "Integrator: `rk4` or `euler`."),
                SpecKey("dt_ms", .real(.leftOpen(0, 10)), .value(.double(d.dtMs)),
                        "Time step, ms (stable at the prior up to ≈ 0.14 euler / 0.20 rk4 with `kunert2014`)."),
                SpecKey("trainable", .choice(ConnectomeOptimizeeSpec.Trainable.allCases.map(\.rawValue)),
                        .value(.string(d.trainable.rawValue)),
                        "Which scale factors are trained: `chemical` (2,194 for Varshney), `gap` (514) or `all`; the rest stay 1."),
                SpecKey("min_scale", .real(.closed(0, 1e3)), .value(.double(d.minimumScale)),
                        "Lower bound of each trained scale factor (≥ 0: signs come from transmitters)."),
                SpecKey("max_scale", positive(1e3), .value(.double(d.maximumScale)), "Upper bound of each trained scale factor, `> min_scale`."),
                SpecKey("episodes", .integer(1...1000), .value(.int(d.episodes)), "Training food layouts per evaluation."),
                SpecKey("test_episodes", .integer(1...1000), .value(.int(d.testEpisodes)), "Held-out food layouts of the final report."),
                SpecKey("random_baselines", .integer(0...1000), .value(.int(d.randomBaselines)),
                        "Random networks (uniform scales in the bounds) averaged for `food_eaten_random`."),
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
                        "Current into a food-sensing neuron at odour concentration 1, pA."),
                SpecKey("touch_gain_pa", .real(.closed(0, 1e6)), .value(.double(f.touchGain)),
                        "Current into the anterior touch neurons while the head presses on a wall, pA."),
                SpecKey("motor_scale_mv", positive(1e4), .value(.double(f.motorScale)),
                        "Potential deviation from rest that drives a motor output to tanh(1), mV."),
                SpecKey("shaping_weight", .real(.closed(0, 1e3)), .value(.double(f.shapingWeight)),
                        "Weight of the shaping term 1 − (distance to the nearest remaining food)/(arena diagonal)."),
            ],
            searchable: true)
    }()
}
