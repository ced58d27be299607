import L2LNetworks
import L2LOptimizers
import L2LOptimizees

// The one declaration of every spec key but the optimizers' (SpecSchema+OptimizerKeys.swift).
// `docs/spec.md` is generated from these (`SpecReference.markdown()`); change a key here, then
// regenerate the docs.

extension SpecSchema {
    /// `outer.search_space[i]`.
    static let searchSpaceEntry = SpecMapping(
        title: "outer.search_space[i]", doc: "One tuned hyperparameter.",
        keys: [
            SpecKey("path", .string(.nonEmpty), .required,
                    "Dotted path of the key to tune, e.g. `inner.elite_fraction` (see *Search space*)."),
            SpecKey("kind", .choice(["uniform", "log_uniform", "integer", "choice"]), .required, "The domain searched."),
        ],
        variant: SpecVariant(discriminator: "kind", cases: [
            .init(value: "uniform", doc: "A real in `[low, high]`.", keys: [
                SpecKey("low", .real(.any), .required, "Lower bound, `< high`."),
                SpecKey("high", .real(.any), .required, "Upper bound."),
            ]),
            .init(value: "log_uniform", doc: "A real in `[low, high]` searched on a log scale.", keys: [
                SpecKey("low", .real(SpecRealRange(lower: 0, lowerInclusive: false, upper: .infinity, upperInclusive: false)),
                        .required, "Lower bound, `> 0` and `< high`."),
                SpecKey("high", .real(.any), .required, "Upper bound."),
            ]),
            .init(value: "integer", doc: "An integer in `low...high`.", keys: [
                SpecKey("low", .integer(Int.min...Int.max), .required, "Lower bound, `< high`."),
                SpecKey("high", .integer(Int.min...Int.max), .required, "Upper bound."),
            ]),
            .init(value: "choice", doc: "One of the listed values.", keys: [
                SpecKey("values", .scalarList, .required, "The values, each valid for the key at `path`."),
            ]),
        ]))

    /// `outer.early_stopping`.
    static let earlyStopping = SpecMapping(
        title: "outer.early_stopping",
        doc: "Synchronous early stopping of inner runs (docs/outer-loop.md): every hyperparameter set of a generation runs its inner runs to the first rung, the sets are compared by their outer fitness at that rung, the losers' runs stop there (recorded with `status` stopped) and the survivors continue to the next rung, until the survivors finish `inner.iterations`. A stopped set's outer fitness is its fitness at the rung where it stopped. Decisions are taken at these barriers only, so results are identical for any `--jobs` and number of MPI ranks.",
        keys: [
            SpecKey("rule", .choice(EarlyStoppingSpec.Rule.allCases.map(\.rawValue)), .required,
                    "`successive_halving`: keep the best ⌈n / reduction_factor⌉ of the n sets still running at each rung; `hyperband`: the same within brackets of sets that start comparing at later rungs (bracket s of s_max + 1 compares at the last s of the rungs r with reduction_factor · r ≤ `inner.iterations`; set i of generation g is in bracket s_max − ((i + g) mod (s_max + 1))); `median`: keep the sets whose fitness at the rung is at least the median of the sets still running."),
            SpecKey("min_iterations", .integer(1...1_000_000_000), .required,
                    "The first rung, in inner iterations; the rungs are min_iterations · reduction_factor^k below `inner.iterations`."),
            SpecKey("reduction_factor", .integer(2...1000), .value(.int(3)),
                    "η: the ratio of successive rungs, and for `successive_halving` the fraction 1/η of sets kept at each."),
        ])

    /// `outer`, with the built-in and registered optimizers.
    static var outer: SpecMapping { outer(optimizers: optimizerVariant) }

    static func outer(optimizers optimizerVariant: SpecVariant) -> SpecMapping {
        SpecMapping(
        title: "outer", doc: "The outer loop: an optimizer over the inner optimizer's hyperparameters.",
        keys: [
            optimizerKey(optimizerVariant),
            iterationsKey,
            SpecKey("fitness", .choice(OuterFitness.allCases.map(\.rawValue)), .value(.string(OuterFitness.mean.rawValue)),
                    "Outer fitness: `mean` or `median` of the final best fitness of the inner runs over train tasks × repeats, or `auc`, the mean normalized area under the best-so-far curves."),
            SpecKey("fitness_metric", .string(.identifier), .optional,
                    "With `fitness: mean` or `median`: score each inner run by this metric of its final report (e.g. `train_accuracy_after_signsgd` of `optimizee.genotype_classifier.signsgd_after`) instead of its final best fitness; a run without the metric scores −∞. Never a held-out (`test_…`) metric."),
            SpecKey("search_space", .list(searchSpaceEntry, minimumCount: 1), .required, "The tuned hyperparameters."),
            SpecKey("early_stopping", .mapping(earlyStopping), .optional,
                    "Stop the inner runs of unpromising hyperparameter sets at rungs of the inner iteration count (see `outer.early_stopping`)."),
        ],
        variant: optimizerVariant)
    }

    /// `inner`, with the built-in and registered optimizers.
    static var inner: SpecMapping { inner(optimizers: optimizerVariant) }

    static func inner(optimizers optimizerVariant: SpecVariant) -> SpecMapping {
        SpecMapping(
        title: "inner", doc: "The inner optimizer whose hyperparameters are tuned.",
        keys: [
            optimizerKey(optimizerVariant), iterationsKey,
            SpecKey("evaluation_time_limit", .real(.closed(0, 1e9)), .value(.double(0)),
                    "Seconds one evaluation may take; a longer one is recorded as failed (status 3) and told −inf. 0: no limit."),
            SpecKey("rescore_top", .integer(0...10_000), .value(.int(0)),
                    "Against the winner's curse of noisy evaluations (fresh episodes, mini-batches): after the last iteration, re-score the run's `rescore_top` best distinct points (by told fitness; the optimizer's incumbent always among them) on validation draws from the run's own stream, the same for every point and never a training iteration's, and report the best of them, with its validation mean as the run's final best fitness. The final report adds `rescore_told_fitness`, `rescore_rank` (0: the best told point kept its place), `rescore_incumbent_told_fitness` and `rescore_evaluations`. 0: off (the optimizer's incumbent, as told). Ask/tell optimizers only: a lifetime rule ignores it."),
            SpecKey("rescore_draws", .integer(1...10_000), .value(.int(1)),
                    "With `rescore_top` > 0: validation evaluations per re-scored point, each from its own stream (with `episode_draws: fresh`, `rescore_draws` × `episodes` validation episodes); the score is their mean."),
        ],
        variant: optimizerVariant, searchable: true)
    }

    static let function = SpecMapping(
        title: "optimizee.function", doc: "A benchmark function; each task shifts (and rotates) it.",
        keys: [
            SpecKey("name", .choice(BenchmarkFunction.allCases.map(\.rawValue)), .required, "The benchmark function."),
            SpecKey("dimension", .integer(1...10_000), .required, "Number of coordinates."),
            SpecKey("lower", .real(.any), .derived("the function's conventional lower bound"), "Lower bound of each coordinate."),
            SpecKey("upper", .real(.any), .derived("the function's conventional upper bound"),
                    "Upper bound of each coordinate, `> lower`."),
            SpecKey("shift", .real(SpecRealRange(lower: 0, lowerInclusive: true, upper: .infinity, upperInclusive: false)),
                    .value(.double(0)), "Each task shifts the optimum uniformly in `[-shift, shift]^d`."),
            SpecKey("rotate", .bool, .value(.bool(false)), "Each task rotates the coordinates by a random orthogonal matrix."),
        ],
        searchable: true)

    /// The built-in families and every registered one (``OptimizeeRegistry``).
    static var optimizee: SpecMapping { optimizee(registered: OptimizeeRegistry.descriptors) }

    /// The built-in families and `registered`.
    static func optimizee(registered: [OptimizeeDescriptor]) -> SpecMapping {
        SpecMapping(
        title: "optimizee", doc: "The problem family; exactly one kind of optimizee.",
        keys: [
            SpecKey("function", .mapping(function), .optional, "A benchmark-function family (see `optimizee.function`)."),
            SpecKey("classifier", .mapping(classifier), .optional, "A feed-forward digit classifier (see `optimizee.classifier`)."),
            SpecKey("reservoir", .mapping(reservoir), .optional, "A spiking LIF reservoir on digits or delayed XOR (see `optimizee.reservoir`)."),
            SpecKey("morris_lecar", .mapping(morrisLecar), .optional,
                    "A Morris–Lecar network on the pulse-counting working-memory task (see `optimizee.morris_lecar`)."),
            SpecKey("connectome", .mapping(connectome), .optional,
                    "The C. elegans connectome (graded-potential model) on the foraging task (see `optimizee.connectome`)."),
            SpecKey("genotype_classifier", .mapping(genotypeClassifier), .optional,
                    "A digit classifier whose weights are generated from a binary genotype, for `inner.optimizer: nne` (see `optimizee.genotype_classifier`)."),
            SpecKey("gonogo", .mapping(goNoGo), .optional,
                    "A Go/No-Go session with a reversal, for `inner.optimizer: neuromodulated` (see `optimizee.gonogo`)."),
            SpecKey("plastic_classifier", .mapping(plasticClassifier), .optional,
                    "A digit classifier learned by a lifetime plasticity rule, for `inner.optimizer: signsgd`, `dopaminergic` or `adam` (see `optimizee.plastic_classifier`)."),
        ] + registered.map { descriptor in
            SpecKey(descriptor.identifier, .mapping(descriptor.mapping), .optional,
                    "\(descriptor.doc) (see `optimizee.\(descriptor.identifier)`).")
        },
        exactlyOne: true, searchable: true)
    }

    static func taskFamily(_ title: String, firstSeed: UInt64, doc: String) -> SpecMapping {
        SpecMapping(title: title, doc: doc, keys: [
            SpecKey("count", .integer(1...100_000), .required, "Number of tasks."),
            SpecKey("first_seed", .seed, .value(.int(Int(firstSeed))), "Seed of the first task; the tasks use consecutive seeds."),
        ])
    }

    static let tasks = SpecMapping(
        title: "tasks", doc: "The task seeds: `train` tasks score the outer loop, `test` tasks re-run the best hyperparameters.",
        keys: [
            SpecKey("train", .mapping(taskFamily("tasks.train", firstSeed: 0, doc: "Tasks the outer loop optimizes on.")),
                    .required, "Training tasks (see `tasks.train`)."),
            SpecKey("test", .mapping(taskFamily("tasks.test", firstSeed: 1000, doc: "Held-out tasks for the final evaluation.")),
                    .required, "Held-out tasks (see `tasks.test`)."),
            SpecKey("repeats", .integer(1...10_000), .value(.int(1)), "Inner runs per task and hyperparameter vector."),
        ])

    static let record = SpecMapping(
        title: "record", doc: "What is recorded besides per-iteration summaries.",
        keys: [
            SpecKey("candidates", .bool, .value(.bool(true)), "Record every inner candidate and its fitness."),
            SpecKey("state", .bool, .value(.bool(true)), "Record the inner optimizer's state per iteration."),
            SpecKey("covariance", .choice(CovarianceRecording.allCases.map(\.rawValue)),
                    .value(.string(CovarianceRecording.diagonal.rawValue)),
                    "Parameter covariance that `enkf` and `cmaes` record per iteration: `full` (D×D), `diagonal`, `low_rank` (EnKF ensemble anomalies; CMA-ES records the diagonal) or `none`."),
            SpecKey("max_full_covariance", .integer(1...100_000), .value(.int(CovarianceRecording.defaultMaxFullDimension)),
                    "Largest parameter count D for which `covariance: full` is accepted (8·D² bytes per iteration)."),
            SpecKey("artifacts", .bool, .value(.bool(false)),
                    "Record the optimizee's final arrays about each run's incumbent as `final/<name>` (the connectome worm's paths on its held-out layouts)."),
        ])

    /// The whole spec (computed: it includes the registered optimizees).
    static var root: SpecMapping { SpecMapping(
        title: "", doc: "The top level of a spec file.",
        keys: [
            SpecKey("name", .string(.identifier), .required, "Experiment name."),
            SpecKey("seed", .seed, .required, "Master seed; all randomness derives from it."),
            SpecKey("output", .string(.relativeFilePath), .optional,
                    "Default output file, relative to the working directory and inside it (`-o` on the command line may name any path)."),
            SpecKey("outer", .mapping(outer), .required, "The outer loop (see `outer`)."),
            SpecKey("inner", .mapping(inner), .required, "The tuned optimizer (see `inner`)."),
            SpecKey("optimizee", .mapping(optimizee), .required, "The problem family (see `optimizee`)."),
            SpecKey("tasks", .mapping(tasks), .required, "Train and test tasks (see `tasks`)."),
            SpecKey("record", .mapping(record), .section, "What is recorded (see `record`)."),
        ]) }
}
