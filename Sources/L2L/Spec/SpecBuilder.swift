import L2LNetworks
import L2LOptimizers

/// Checks that involve several keys, then builds the typed ``ExperimentSpec`` from validated values.
extension SpecValidator {
    /// Runs the cross-key checks; returns the typed spec when no issue was found at all.
    mutating func checkAndBuild(source: SpecSource) -> ExperimentSpec? {
        checkOptimizer(at: "outer")
        checkOptimizer(at: "inner")
        checkFunctionBounds()
        checkTaskSeeds(at: "tasks.train")
        checkTaskSeeds(at: "tasks.test")
        let searchSpace = checkSearchSpace()
        guard issues.isEmpty, let searchSpace else { return nil }
        return build(source: source, searchSpace: searchSpace)
    }

    private mutating func checkOptimizer(at path: String) {
        guard values.variants[path] == "ga", let population = values.int(path + ".population"),
            let elites = values.int(path + ".elites"), elites >= population
        else { return }
        let elitesPath = path + ".elites"
        let at = values.present.contains(elitesPath) ? elitesPath : path + ".population"
        report("elites (\(elites)) must be less than population (\(population))", at: at, values.marks[at])
    }

    /// The function's bounds, defaults resolved.
    func functionBounds() -> (lower: Double, upper: Double)? {
        guard values.variants["optimizee"] == "function", let name = values.string("optimizee.function.name"),
            let function = BenchmarkFunction(rawValue: name)
        else { return nil }
        let bounds = function.conventionalBounds
        return (values.double("optimizee.function.lower") ?? bounds.lower, values.double("optimizee.function.upper") ?? bounds.upper)
    }

    private mutating func checkFunctionBounds() {
        let lowerPath = "optimizee.function.lower", upperPath = "optimizee.function.upper"
        // A bound given but invalid is reported already; comparing its default would mislead.
        guard let (lower, upper) = functionBounds(), lower >= upper,
            !values.present.contains(lowerPath) || values.scalars[lowerPath] != nil,
            !values.present.contains(upperPath) || values.scalars[upperPath] != nil
        else { return }
        let at = values.present.contains(upperPath) ? upperPath : lowerPath
        report("lower (\(SpecRealRange.format(lower))) must be less than upper (\(SpecRealRange.format(upper)))", at: at, values.marks[at])
    }

    private mutating func checkTaskSeeds(at path: String) {
        guard let count = values.int(path + ".count"), count >= 1, let first = values.seeds[path + ".first_seed"],
            first > UInt64.max - UInt64(count - 1)
        else { return }
        report("first_seed + count − 1 exceeds 2^64 − 1; choose a smaller first_seed", at: path + ".first_seed", values.marks[path + ".first_seed"])
    }

    private mutating func build(source: SpecSource, searchSpace: [SearchSpaceEntry]) -> ExperimentSpec? {
        var missing: [String] = []
        func int(_ path: String) -> Int {
            if let value = values.int(path) { return value }
            missing.append(path)
            return 0
        }
        func double(_ path: String) -> Double {
            if let value = values.double(path) { return value }
            missing.append(path)
            return 0
        }
        func bool(_ path: String) -> Bool {
            if let value = values.bool(path) { return value }
            missing.append(path)
            return false
        }
        func string(_ path: String) -> String {
            if let value = values.string(path) { return value }
            missing.append(path)
            return ""
        }
        func seed(_ path: String) -> UInt64 {
            if let value = values.seeds[path] { return value }
            missing.append(path)
            return 0
        }
        func optimizer(_ path: String) -> OptimizerSpec {
            let iterations = int(path + ".iterations")
            let p = path + "."
            switch values.variants[path] {
            case "ga":
                return OptimizerSpec(iterations: iterations, algorithm: .geneticAlgorithm(GeneticAlgorithm.Configuration(
                    population: int(p + "population"), tournamentSize: int(p + "tournament_size"),
                    crossoverProbability: double(p + "crossover_probability"),
                    crossover: GeneticAlgorithm.Crossover(rawValue: string(p + "crossover")) ?? .blend,
                    blendAlpha: double(p + "blend_alpha"), uniformSwapProbability: double(p + "uniform_swap_probability"),
                    mutationProbability: double(p + "mutation_probability"),
                    geneMutationProbability: double(p + "gene_mutation_probability"),
                    mutationScale: double(p + "mutation_scale"), elites: int(p + "elites"))))
            case "cem":
                return OptimizerSpec(iterations: iterations, algorithm: .crossEntropy(CrossEntropyMethod.Configuration(
                    population: int(p + "population"), eliteFraction: double(p + "elite_fraction"),
                    smoothing: double(p + "smoothing"), initialSigma: double(p + "initial_sigma"), noise: double(p + "noise"),
                    noiseDecay: double(p + "noise_decay"),
                    covariance: CrossEntropyMethod.Covariance(rawValue: string(p + "covariance")) ?? .diagonal,
                    sigmaTolerance: double(p + "sigma_tolerance"))))
            default:
                missing.append(path + ".optimizer")
                return OptimizerSpec(iterations: iterations, algorithm: .geneticAlgorithm(GeneticAlgorithm.Configuration()))
            }
        }
        func family(_ path: String) -> TaskFamilySpec {
            TaskFamilySpec(count: int(path + ".count"), firstSeed: seed(path + ".first_seed"))
        }

        let function = BenchmarkFunction(rawValue: string("optimizee.function.name")) ?? .sphere
        let bounds = functionBounds() ?? function.conventionalBounds
        let spec = ExperimentSpec(
            name: string("name"), seed: seed("seed"), output: values.string("output"),
            outer: OuterLoopSpec(
                optimizer: optimizer("outer"), fitness: OuterFitness(rawValue: string("outer.fitness")) ?? .mean,
                searchSpace: searchSpace),
            inner: optimizer("inner"),
            optimizee: .function(FunctionOptimizeeSpec(
                function: function, dimension: int("optimizee.function.dimension"), lower: bounds.lower, upper: bounds.upper,
                shift: double("optimizee.function.shift"), rotate: bool("optimizee.function.rotate"))),
            tasks: TasksSpec(train: family("tasks.train"), test: family("tasks.test"), repeats: int("tasks.repeats")),
            record: RecordSpec(candidates: bool("record.candidates"), state: bool("record.state")),
            source: source)
        guard missing.isEmpty else {
            report("internal error: no validated value for \(missing.joined(separator: ", ")); please report this spec", at: "", nil)
            return nil
        }
        return spec
    }
}
