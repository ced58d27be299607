import L2LNetworks
import L2LOptimizers
import L2LOptimizees

/// Reads the validated values of a spec for the builder, noting every path that has none (which
/// the validator should have made impossible: the builder reports them as an internal error).
struct SpecValueReader {
    let values: SpecValues
    private(set) var missing: [String] = []

    init(values: SpecValues) {
        self.values = values
    }

    mutating func int(_ path: String) -> Int {
        if let value = values.int(path) { return value }
        missing.append(path)
        return 0
    }

    mutating func double(_ path: String) -> Double {
        if let value = values.double(path) { return value }
        missing.append(path)
        return 0
    }

    mutating func bool(_ path: String) -> Bool {
        if let value = values.bool(path) { return value }
        missing.append(path)
        return false
    }

    mutating func string(_ path: String) -> String {
        if let value = values.string(path) { return value }
        missing.append(path)
        return ""
    }

    mutating func seed(_ path: String) -> UInt64 {
        if let value = values.seeds[path] { return value }
        missing.append(path)
        return 0
    }

    /// The integers of an integer-list key.
    mutating func intList(_ path: String) -> [Int] {
        if let list = values.lists[path] {
            let numbers = list.compactMap { scalar -> Int? in if case .int(let value) = scalar { value } else { nil } }
            if numbers.count == list.count { return numbers }
        }
        missing.append(path)
        return []
    }

    /// The value of a choice key as an enum case, `fallback` (noted missing) when absent or unknown.
    mutating func choice<Value: RawRepresentable>(_ path: String, fallback: Value) -> Value where Value.RawValue == String {
        if let value = Value(rawValue: string(path)) { return value }
        missing.append(path)
        return fallback
    }

    /// The optimizer section at `path` (`outer` or `inner`); `record` supplies the recorded covariance
    /// of `enkf` and `cmaes`.
    mutating func optimizer(_ path: String, record: RecordSpec) -> OptimizerSpec {
        let iterations = int(path + ".iterations")
        let p = path + "."
        let algorithm: OptimizerAlgorithm
        switch values.variants[path] {
        case MeshAdaptiveDirectSearch.identifier:
            algorithm = .meshAdaptiveDirectSearch(
                mads(p, maxEvaluations: int(p + "max_evaluations"), start: choice(p + "start", fallback: .prior)))
        case ENOMAD.identifier:
            // `box` and `evaluations_per_call` default to nil: the init derives them from `variant`.
            algorithm = .enomad(ENOMAD.Configuration(
                variant: choice(p + "variant", fallback: .rENOMAD), population: int(p + "population"),
                subsetSize: int(p + "subset_size"), box: values.double(p + "box"),
                evaluationsPerCall: values.int(p + "evaluations_per_call"), resets: int(p + "resets"),
                resetRange: double(p + "reset_range"), penaltyScale: double(p + "penalty_scale"),
                penaltyExponent: double(p + "penalty_exponent"), crossoverBiasExponent: double(p + "crossover_bias_exponent"),
                start: choice(p + "start", fallback: .prior), mads: mads(p + "mads.", maxEvaluations: 0)))
        case EnsembleKalmanFilter.identifier:
            algorithm = .ensembleKalmanFilter(EnsembleKalmanFilter.Configuration(
                ensembleSize: int(p + "ensemble_size"), gamma: double(p + "gamma"), initialSpread: double(p + "initial_spread"),
                observationNoise: double(p + "observation_noise"), misfitTolerance: double(p + "misfit_tolerance"),
                covariance: record.covariance, maxFullCovariance: record.maxFullCovariance))
        case CMAES.identifier:
            algorithm = .cmaes(CMAES.Configuration(
                population: int(p + "population"), initialSigma: double(p + "initial_sigma"), tolX: double(p + "tol_x"),
                tolFun: double(p + "tol_fun"), covariance: record.covariance, maxFullCovariance: record.maxFullCovariance))
        case AlleleFrequencyEvolution.identifier:
            algorithm = .alleleFrequencyEvolution(AlleleFrequencyEvolution.Configuration(
                population: int(p + "population"), selectionStrength: double(p + "selection_strength"),
                initialFrequencies: choice(p + "initial_frequencies", fallback: .uniform),
                frequencyFloor: double(p + "frequency_floor"), fixationDistance: double(p + "fixation_distance"),
                convergenceTolerance: double(p + "convergence_tolerance")))
        case OptimizerAlgorithm.neuromodulatedIdentifier:
            algorithm = .neuromodulated(NeuromodulationConstants(
                learningRate: double(p + "learning_rate"), inverseTemperature: double(p + "inverse_temperature"),
                traceDecay: double(p + "trace_decay"), surpriseTimeConstant: double(p + "surprise_time_constant"),
                noradrenalineTemperatureGain: double(p + "noradrenaline_temperature_gain"),
                noradrenalineLearningGain: double(p + "noradrenaline_learning_gain")))
        case PlasticityRuleSpec.signSGDIdentifier:
            algorithm = .plasticity(.signSGD(learningRate: double(p + "learning_rate")))
        case PlasticityRuleSpec.dopaminergicIdentifier:
            algorithm = .plasticity(.dopaminergic(lossThreshold: double(p + "loss_threshold"), rate: double(p + "rate")))
        case PlasticityRuleSpec.adamIdentifier:
            algorithm = .plasticity(.adam(learningRate: double(p + "learning_rate")))
        case let name? where OptimizerRegistry.descriptor(name) != nil:
            algorithm = .registered(RegisteredOptimizerSpec(identifier: name, section: values.section(at: path)))
        default:
            missing.append(path + ".optimizer")
            algorithm = .registered(RegisteredOptimizerSpec(identifier: GeneticAlgorithm.identifier, section: SpecSection(path: path)))
        }
        let limit = values.double(p + "evaluation_time_limit")
        let rescore = values.int(p + "rescore_top").flatMap { top in
            top > 0 ? IncumbentRescore(candidates: top, draws: values.int(p + "rescore_draws") ?? 1) : nil
        }
        return OptimizerSpec(
            iterations: iterations, algorithm: algorithm, evaluationTimeLimit: limit.flatMap { $0 > 0 ? $0 : nil },
            rescore: rescore)
    }

    /// The MADS keys with prefix `p` (`inner.` or `inner.mads.`).
    private mutating func mads(
        _ p: String, maxEvaluations: Int, start: MeshAdaptiveDirectSearch.StartPoint = .prior
    ) -> MeshAdaptiveDirectSearch.Configuration {
        MeshAdaptiveDirectSearch.Configuration(
            initialFrameSize: double(p + "initial_frame_size"),
            directionType: choice(p + "direction_type", fallback: .orthoNPlus1Quad),
            evalQueueSort: choice(p + "eval_queue_sort", fallback: .quadraticModel),
            opportunistic: bool(p + "opportunistic"), pollBlockSize: int(p + "poll_block_size"),
            speculativeSearch: bool(p + "speculative_search"), speculativeSearchFactor: double(p + "speculative_search_factor"),
            quadraticModelSearch: bool(p + "quadratic_model_search"), modelRadius: double(p + "model_radius"),
            modelMinimumPoints: double(p + "model_minimum_points"),
            modelSearchBox: choice(p + "model_search_box", fallback: .trainingSet),
            nmSearch: bool(p + "nm_search"), nmSearchFactor: int(p + "nm_search_factor"),
            nmSearchPatience: int(p + "nm_search_patience"),
            nmSimplexIncludeFactor: double(p + "nm_simplex_include_factor"),
            nmSearchStopOnSuccess: bool(p + "nm_search_stop_on_success"),
            anisotropicMesh: bool(p + "anisotropic_mesh"), anisotropyFactor: double(p + "anisotropy_factor"),
            minMeshSize: double(p + "min_mesh_size"), restartOnConvergence: bool(p + "restart_on_convergence"),
            start: start, maxEvaluations: maxEvaluations)
    }
}

/// Cross-key checks of optimizer sections, mirroring the optimizers' own validation so that
/// `l2l validate` reports the problems at their positions.
extension SpecValidator {
    mutating func checkOptimizer(at path: String) {
        let p = path + "."
        switch values.variants[path] {
        case MeshAdaptiveDirectSearch.identifier:
            checkMeshSizes(p)
        case ENOMAD.identifier:
            checkMeshSizes(p + "mads.")
        case CMAES.identifier:
            guard values.int(p + "population") == 1 else { return }
            report("population must be 0 (4 + ⌊3 ln n⌋) or at least 2, got 1", at: p + "population")
        case let name? where OptimizerRegistry.descriptor(name) != nil:
            checkRegisteredOptimizer(OptimizerRegistry.descriptor(name)!, at: path)
        default:
            break
        }
    }

    /// `min_mesh_size < initial_frame_size` of the MADS keys with prefix `p`.
    private mutating func checkMeshSizes(_ p: String) {
        guard let frame = values.double(p + "initial_frame_size"), let mesh = values.double(p + "min_mesh_size"), mesh >= frame
        else { return }
        report("min_mesh_size (\(SpecRealRange.format(mesh))) must be less than initial_frame_size (\(SpecRealRange.format(frame)))",
               at: given(p + "min_mesh_size", else: p + "initial_frame_size"))
    }

    /// The cross-key checks above, for values a search-space entry may set: every value the outer
    /// loop can try must be valid (a registered optimizer's value rules, such as `openai_es`'s even
    /// population; a `cmaes` population of 1, a frame
    /// smaller than the minimum mesh size would fail only once the run is under way).
    mutating func checkSearchedOptimizerKeys(_ entries: [SearchSpaceEntry]) {
        func range(_ path: String) -> (low: Double, high: Double, entry: Int?)? { searchedRange(path, in: entries) }
        func entryPath(_ index: Int) -> String { "outer.search_space[\(index)]" }
        switch values.variants["inner"] {
        case CMAES.identifier:
            guard let index = entries.firstIndex(where: { $0.path == "inner.population" }) else { return }
            let need = "cmaes needs a population of 0 or at least 2"
            switch entries[index].kind {
            case .integer(let low, let high) where (low...high).contains(1):
                report("kind integer can try population 1, but \(need); use kind: choice with allowed values",
                       at: entryPath(index) + ".kind")
            case .choice(let options):
                for (position, option) in options.enumerated() {
                    guard case .int(let population) = option, population == 1 else { continue }
                    report("\(need), got \(population)", at: entryPath(index) + ".values[\(position)]")
                }
            default:
                break
            }
        case let name? where OptimizerRegistry.descriptor(name) != nil:
            checkSearchedValueRules(OptimizerRegistry.descriptor(name)!, entries)
        case MeshAdaptiveDirectSearch.identifier, ENOMAD.identifier:
            let p = values.variants["inner"] == ENOMAD.identifier ? "inner.mads." : "inner."
            checkSearchedMeshSizes(frame: range(p + "initial_frame_size"), mesh: range(p + "min_mesh_size"))
        default:
            break
        }
    }

    /// A searched frame size that can fall to the minimum mesh size, or a searched minimum mesh size that can reach the frame.
    private mutating func checkSearchedMeshSizes(
        frame: (low: Double, high: Double, entry: Int?)?, mesh: (low: Double, high: Double, entry: Int?)?
    ) {
        guard let frame, let mesh, frame.entry != nil || mesh.entry != nil, frame.low <= mesh.high
        else { return }
        let at = frame.entry.map { "outer.search_space[\($0)].low" } ?? "outer.search_space[\(mesh.entry!)].high"
        report("the search can try initial_frame_size \(SpecRealRange.format(frame.low)) with min_mesh_size "
            + "\(SpecRealRange.format(mesh.high)); min_mesh_size must stay less than initial_frame_size", at: at)
    }

    /// `record.covariance: full` needs `record.max_full_covariance` ≥ the parameter count of every
    /// `enkf` or `cmaes` section: the function dimension for `inner`, the search-space size for `outer`.
    mutating func checkRecordedCovariance(searchSpaceCount: Int?) {
        guard values.string("record.covariance") == CovarianceRecording.full.rawValue,
            let limit = values.int("record.max_full_covariance")
        else { return }
        let recording = [EnsembleKalmanFilter.identifier, CMAES.identifier]
        let dimensions: [(section: String, dimension: Int?)] = [
            ("inner", values.variants["optimizee"] == "function" ? values.int("optimizee.function.dimension") : nil),
            ("outer", searchSpaceCount),
        ]
        for (section, dimension) in dimensions {
            guard let optimizer = values.variants[section], recording.contains(optimizer), let dimension, dimension > limit
            else { continue }
            let megabytes = 8 * Double(dimension) * Double(dimension) / 1e6
            report("covariance full for \(section) \(optimizer) with \(dimension) parameters needs "
                + "\(SpecRealRange.format((megabytes * 10).rounded() / 10)) MB per iteration; use low_rank or diagonal, "
                + "or raise max_full_covariance (now \(limit)) to at least \(dimension)",
                at: given("record.covariance", else: "record.max_full_covariance"))
        }
    }

    /// `preferred` if the file gives it, else `fallback` (where a defaulted key's issue is reported).
    private func given(_ preferred: String, else fallback: String) -> String {
        values.present.contains(preferred) ? preferred : fallback
    }

    private mutating func report(_ message: String, at path: String) {
        report(message, at: path, values.marks[path])
    }
}
