import L2LOptimizers
import L2LOptimizees

// The declarations of every optimizer's spec keys (`optimizer:` and its hyperparameters under
// `outer` and `inner`). Keys are the snake_case field names of each `Configuration`; defaults come
// from its `init()`. `docs/spec.md` is generated from these; regenerate it after a change.

extension SpecSchema {
    static let maximumPopulation = 1_000_000
    static let maximumIterations = 10_000_000
    /// Upper bound of evaluation counts (`max_evaluations`, `evaluations_per_call`).
    static let maximumEvaluations = 1_000_000_000

    /// The discriminator of optimizer sections.
    /// The `optimizer` key choosing among `variant`'s cases.
    static func optimizerKey(_ variant: SpecVariant) -> SpecKey {
        SpecKey(
            "optimizer", .choice(variant.cases.map(\.value)), .required,
            "The algorithm: " + variant.cases.map { "`\($0.value)`" }.joined(separator: ", ") + " (see *Optimizers*).")
    }
    static let iterationsKey = SpecKey(
        "iterations", .integer(1...maximumIterations), .required, "Iterations (generations) to run.")

    /// The optimizers of ``OptimizerAlgorithm``'s cases and every registered one (``OptimizerRegistry``).
    static var optimizerVariant: SpecVariant { variant(registered: OptimizerRegistry.descriptors) }

    /// What l2l itself ships (what `docs/spec.md` lists): the enum's and the shipped registered ones.
    static var builtInOptimizerVariant: SpecVariant { variant(registered: OptimizerRegistry.shipped) }

    static func variant(registered: [OptimizerDescriptor]) -> SpecVariant {
        var variant = enumOptimizerVariant
        variant.cases += registered.map { SpecVariant.Case(value: $0.identifier, doc: $0.doc, keys: $0.keys) }
        // l2l's own optimizers in one fixed order (docs, messages), whichever path defines them; plug-ins after.
        let rank = { (name: String) in shippedOrder.firstIndex(of: name) ?? shippedOrder.count }
        variant.cases = variant.cases.enumerated().sorted { (rank($0.element.value), $0.offset) < (rank($1.element.value), $1.offset) }.map(\.element)
        return variant
    }

    /// The order in which l2l's own optimizers are listed.
    static let shippedOrder = ["ga", "cem", "mads", "enomad", "enkf", "openai_es", "cmaes", "nne", "random", "grid", "neuromodulated"]
        + PlasticityRuleSpec.identifiers

    /// The optimizers that are cases of ``OptimizerAlgorithm``.
    static let enumOptimizerVariant = SpecVariant(discriminator: "optimizer", cases: [
        .init(value: MeshAdaptiveDirectSearch.identifier,
              doc: "Mesh adaptive direct search (OrthoMADS, NOMAD 4 defaults); one ask is one block of points, so `iterations` counts evaluation blocks.",
              keys: madsKeys(MeshAdaptiveDirectSearch.Configuration(), includesMaxEvaluations: true)),
        .init(value: ENOMAD.identifier,
              doc: "ENOMAD (Churchland & Garcia-Ojalvo 2025): a genetic algorithm whose offspring are tuned by MADS on weight subsets.",
              keys: enomadKeys),
        .init(value: EnsembleKalmanFilter.identifier,
              doc: "Ensemble Kalman inversion (Iglesias, Law & Stuart 2013); fits the optimizee's outputs to its targets. Its recorded covariance is set by `record.covariance`.",
              keys: ensembleKalmanFilterKeys),
        .init(value: CMAES.identifier,
              doc: "CMA-ES (Hansen 2016). Its recorded covariance is set by `record.covariance`.", keys: cmaesKeys),
        .init(value: AlleleFrequencyEvolution.identifier,
              doc: "Allele-frequency evolution under weak selection (NNE; Gorantla et al. 2019): genotypes x ∈ {0, 1}ⁿ sampled from allele frequencies p, updated by equation 3 from the mean fitness of the genotypes that carry or lack each allele. Needs a binary search space: as `inner.optimizer` only with `optimizee.genotype_classifier`; as `outer.optimizer` every search-space entry must be `kind: integer` with `low: 0`, `high: 1` (anything else is a spec error).",
              keys: alleleFrequencyEvolutionKeys),
        .init(value: OptimizerAlgorithm.neuromodulatedIdentifier,
              doc: "`inner` only, with `optimizee.gonogo`: not an ask/tell optimizer but a lifetime learning rule. The Go/No-Go learner learns by a three-factor rule, dopamine as the reward-prediction error gating eligibility traces and noradrenaline (a running average of surprise) raising exploration and plasticity; `iterations` is the number of trials. The outer loop tunes these constants (e.g. `inner.learning_rate`).",
              keys: neuromodulatedKeys),
    ] + plasticityRuleCases)

    /// Keys of `optimizer: mads` (defaults `d`), and of ENOMAD's nested `mads` section, which has no
    /// `max_evaluations` (ENOMAD's `evaluations_per_call` replaces it).
    static func madsKeys(_ d: MeshAdaptiveDirectSearch.Configuration, includesMaxEvaluations: Bool) -> [SpecKey] {
        var keys = [
            SpecKey("initial_frame_size", .real(.leftOpen(0, 1)), .value(.double(d.initialFrameSize)),
                    "Initial frame size Δ⁰ as a fraction of each width, rounded to a·10^b with a ∈ {1, 2, 5}."),
            SpecKey("direction_type", .choice(MeshAdaptiveDirectSearch.DirectionType.allCases.map(\.rawValue)),
                    .value(.string(d.directionType.rawValue)),
                    "Poll directions: `ortho_2n` (the Householder columns and their negatives), `ortho_n_plus_1` (n signed columns and the negative of their sum) or `ortho_n_plus_1_quad` (n signed columns, then one direction in the cone of their negatives that minimizes the quadratic model; NOMAD 4's default)."),
            SpecKey("eval_queue_sort", .choice(MeshAdaptiveDirectSearch.EvalQueueSort.allCases.map(\.rawValue)),
                    .value(.string(d.evalQueueSort.rawValue)),
                    "Poll order: `quadratic_model` (increasing model value; the last-success order without a model) or `dir_last_success` (decreasing cosine with the last successful direction)."),
            SpecKey("opportunistic", .bool, .value(.bool(d.opportunistic)), "Stop the poll at the first improving block."),
            SpecKey("poll_block_size", .integer(1...maximumPopulation), .value(.int(d.pollBlockSize)),
                    "Poll points per ask when opportunistic."),
            SpecKey("speculative_search", .bool, .value(.bool(d.speculativeSearch)),
                    "After a success, try x_prev + factor·(x_inc − x_prev)."),
            SpecKey("speculative_search_factor", .real(.leftOpen(1, 1000)), .value(.double(d.speculativeSearchFactor)),
                    "The factor of the speculative search."),
            SpecKey("quadratic_model_search", .bool, .value(.bool(d.quadraticModelSearch)),
                    "Search the minimum of a regression quadratic on cached points around the poll centre (off for n ≥ 50)."),
            SpecKey("model_radius", .real(.leftOpen(0, 1000)), .value(.double(d.modelRadius)),
                    "Cached points within this many frame sizes of the centre feed the quadratic model (search, N+1 QUAD direction, poll order); the radius doubles until (n+1)(n+2)/2 points are in (NOMAD 4), at most 500, the closest."),
            SpecKey("model_minimum_points", .real(.closed(1, 1000)), .value(.double(d.modelMinimumPoints)),
                    "A model needs at least this many × (n + 1) such points; with fewer than (n+1)(n+2)/2 it is a ridge (near minimum-Frobenius-norm) fit."),
            SpecKey("model_search_box", .choice(MeshAdaptiveDirectSearch.ModelSearchBox.allCases.map(\.rawValue)),
                    .value(.string(d.modelSearchBox.rawValue)),
                    "Where the quad-model search minimizes the model: `frame` or `training_set` (the bounding box of the model's points, at least the frame; NOMAD 4)."),
            SpecKey("nm_search", .bool, .value(.bool(d.nmSearch)),
                    "After a failed speculative and quad-model search, a Nelder–Mead search on a simplex of cached points."),
            SpecKey("nm_search_factor", .integer(1...maximumPopulation), .value(.int(d.nmSearchFactor)),
                    "At most this many × n Nelder–Mead trial points per search."),
            SpecKey("nm_search_patience", .integer(0...maximumPopulation), .value(.int(d.nmSearchPatience)),
                    "End the Nelder–Mead search after this many iterations in a row without a new best vertex (0: no limit, as in NOMAD)."),
            SpecKey("nm_simplex_include_factor", .real(.leftOpen(0, 1000)), .value(.double(d.nmSimplexIncludeFactor)),
                    "Cached points within this many frame sizes of the centre may form the initial simplex."),
            SpecKey("nm_search_stop_on_success", .bool, .value(.bool(d.nmSearchStopOnSuccess)),
                    "End the Nelder–Mead search at its first point better than the centre."),
            SpecKey("anisotropic_mesh", .bool, .value(.bool(d.anisotropicMesh)),
                    "After a success, enlarge only the variables the move changed."),
            SpecKey("anisotropy_factor", .real(.open(0, 1)), .value(.double(d.anisotropyFactor)),
                    "Threshold on |dᵢ|/Δᵢ for enlarging variable i on an anisotropic mesh."),
            SpecKey("min_mesh_size", .real(.rightOpen(0, 1)), .value(.double(d.minMeshSize)),
                    "Stop once every mesh size is below this fraction of its width (0: none, as in NOMAD 4; the run ends when every mesh index is below −50); must be less than `initial_frame_size`."),
            SpecKey("restart_on_convergence", .bool, .value(.bool(d.restartOnConvergence)),
                    "When the mesh has converged before `max_evaluations` (or ENOMAD's `evaluations_per_call`), start again from the best point with the initial frame (an l2l addition; NOMAD 4 stops there)."),
        ]
        if includesMaxEvaluations {
            keys.append(SpecKey("start", .choice(MeshAdaptiveDirectSearch.StartPoint.allCases.map(\.rawValue)),
                                .value(.string(d.start.rawValue)),
                                "Start point: `prior` (the optimizee's prior parameter vector, the search-space centre without one) or `center` (the search-space centre)."))
            keys.append(SpecKey("max_evaluations", .integer(0...maximumEvaluations), .value(.int(d.maxEvaluations)),
                                "Stop after this many evaluations; 0: only `iterations` limits the run."))
        }
        return keys
    }

    /// Keys of `optimizer: enomad`; defaults from `ENOMAD.Configuration()`, `box` and
    /// `evaluations_per_call` derived from `variant` as its `init` does.
    static let enomadKeys: [SpecKey] = {
        let d = ENOMAD.Configuration()
        let mads = SpecMapping(
            title: "mads", doc: "The MADS run on each offspring's weight subset (under `optimizer: enomad`).",
            keys: madsKeys(d.mads, includesMaxEvaluations: false))
        return [
            SpecKey("variant", .choice(ENOMAD.Variant.allCases.map(\.rawValue)), .value(.string(d.variant.rawValue)),
                    "`r_enomad`: MADS on k random weights of every individual; `m_enomad`: random weight resets, MADS on the changed weights, size penalty."),
            SpecKey("population", .integer(4...maximumPopulation), .value(.int(d.population)),
                    "Individuals per generation; half survive, one slot is the elite."),
            SpecKey("subset_size", .integer(1...maximumPopulation), .value(.int(d.subsetSize)),
                    "Weights per MADS call (k); for `m_enomad` the most changed weights a MADS call may tune."),
            SpecKey("box", .real(.leftOpen(0, 1e6)), .derived("4 for `r_enomad`, 2 for `m_enomad`"),
                    "MADS searches wᵢ ± box, within the bounds."),
            SpecKey("evaluations_per_call", .integer(1...maximumEvaluations), .derived("250 for `r_enomad`, 25 for `m_enomad`"),
                    "MADS evaluations per call (its `max_evaluations`)."),
            SpecKey("resets", .integer(0...maximumPopulation), .value(.int(d.resets)),
                    "`m_enomad` only: weights of each offspring reset uniformly."),
            SpecKey("reset_range", .real(.leftOpen(0, 1e6)), .value(.double(d.resetRange)), "Resets draw U(−r, r) ∩ bounds."),
            SpecKey("penalty_scale", .real(.closed(0, 1e6)), .value(.double(d.penaltyScale)),
                    "a of the `m_enomad` fitness penalty a·k^b for k weights differing from the prior."),
            SpecKey("penalty_exponent", .real(.leftOpen(0, 100)), .value(.double(d.penaltyExponent)),
                    "b of the `m_enomad` fitness penalty a·k^b."),
            SpecKey("crossover_bias_exponent", .real(.closed(0, 100)), .value(.double(d.crossoverBiasExponent)),
                    "e in q = (φ₁/(φ₁+φ₂))^e, the chance a gene comes from parent 1."),
            SpecKey("start", .choice(MeshAdaptiveDirectSearch.StartPoint.allCases.map(\.rawValue)), .value(.string(d.start.rawValue)),
                    "The population's start and mENOMAD's reference: `prior` (the optimizee's prior parameter vector, the search-space centre without one) or `center` (the search-space centre)."),
            SpecKey("mads", .mapping(mads), .section,
                    "The MADS configuration of each call (see `mads` below); default NOMAD's with `poll_block_size` \(d.mads.pollBlockSize)."),
        ]
    }()

    /// Keys of `optimizer: enkf`; defaults from `EnsembleKalmanFilter.Configuration()`. The recorded
    /// covariance is `record.covariance`, not a key here.
    static let ensembleKalmanFilterKeys: [SpecKey] = {
        let d = EnsembleKalmanFilter.Configuration()
        return [
            SpecKey("ensemble_size", .integer(2...maximumPopulation), .value(.int(d.ensembleSize)),
                    "Ensemble members J (candidates per iteration)."),
            SpecKey("gamma", .real(.leftOpen(0, 1e9)), .value(.double(d.gamma)),
                    "γ of the observation covariance Γ = γ·I; larger γ means smaller steps."),
            SpecKey("initial_spread", .real(.closed(0, 10)), .value(.double(d.initialSpread)),
                    "Standard deviation of the initial ensemble as a fraction of each width."),
            SpecKey("observation_noise", .real(.closed(0, 1e9)), .value(.double(d.observationNoise)),
                    "Standard deviation of the perturbed observations, in output units; 0 uses the targets for every member."),
            SpecKey("misfit_tolerance", .real(.closed(0, 1e9)), .value(.double(d.misfitTolerance)),
                    "Stop when the mean RMS data misfit falls below this; 0 never stops."),
        ]
    }()

    /// Keys of `optimizer: cmaes`; defaults from `CMAES.Configuration()`. The recorded covariance is
    /// `record.covariance`, not a key here.
    static let cmaesKeys: [SpecKey] = {
        let d = CMAES.Configuration()
        return [
            SpecKey("population", .integer(0...maximumPopulation), .value(.int(d.population)),
                    "Samples per iteration λ, 0 or ≥ 2; 0 means 4 + ⌊3 ln n⌋."),
            SpecKey("initial_sigma", .real(.leftOpen(0, 10)), .value(.double(d.initialSigma)),
                    "Initial step size σ₀ as a fraction of each width."),
            SpecKey("tol_x", .real(.closed(0, 1)), .value(.double(d.tolX)),
                    "Stop when σ·max(√C_ii, |p_c,i|) falls below this fraction of width i for every i."),
            SpecKey("tol_fun", .real(.closed(0, 1e9)), .value(.double(d.tolFun)),
                    "Stop when the recent best fitness values and the current ones lie within this range."),
        ]
    }()

    /// Keys of `optimizer: nne`; defaults from `AlleleFrequencyEvolution.Configuration()`.
    static let alleleFrequencyEvolutionKeys: [SpecKey] = {
        let d = AlleleFrequencyEvolution.Configuration()
        return [
            SpecKey("population", .integer(2...maximumPopulation), .value(.int(d.population)),
                    "Genotypes N sampled per generation (the paper: 1,000)."),
            SpecKey("selection_strength", .real(.leftOpen(0, 1e6)), .value(.double(d.selectionStrength)),
                    "Selection strength ε of equation 3 (weak selection: small; not given in the paper)."),
            SpecKey("initial_frequencies", .choice(AlleleFrequencyEvolution.InitialFrequencies.allCases.map(\.rawValue)),
                    .value(.string(d.initialFrequencies.rawValue)),
                    "First-generation p: `uniform` (p(i) ~ U[0, 1], the paper) or `half` (every p(i) = ½)."),
            SpecKey("frequency_floor", .real(.rightOpen(0, 0.5)), .value(.double(d.frequencyFloor)),
                    "p is clamped to [floor, 1 − floor] after each update; 0 is the paper's rule (0 and 1 absorbing)."),
            SpecKey("fixation_distance", .real(.closed(0, 0.5)), .value(.double(d.fixationDistance)),
                    "An allele counts as fixed (recorded fraction, the paper's Figure 2) when min(p, 1 − p) ≤ this."),
            SpecKey("convergence_tolerance", .real(.closed(0, 0.5)), .value(.double(d.convergenceTolerance)),
                    "Stop once every allele has min(p, 1 − p) ≤ this; 0: only when every allele is fixed."),
        ]
    }()
}
