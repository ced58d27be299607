import L2LNetworks
import L2LOptimizers
import L2LOptimizees

/// Checks that involve several keys, then builds the typed ``ExperimentSpec`` from validated values.
extension SpecValidator {
    /// Runs the cross-key checks; returns the typed spec when no issue was found at all.
    mutating func checkAndBuild(source: SpecSource) -> ExperimentSpec? {
        checkOptimizer(at: "outer")
        checkOptimizer(at: "inner")
        checkFunctionBounds()
        checkClassifier()
        checkReservoir()
        checkMorrisLecar()
        checkConnectome()
        checkGenotypeClassifier()
        checkInnerAlleleFrequencyEvolution()
        checkNeuromodulated()
        checkPlasticClassifier()
        checkRegisteredOptimizee()
        checkOuterOptimizerCapabilities()
        checkInnerOutputs()
        checkFitnessMetric()
        checkEarlyStopping()
        checkTaskSeeds(at: "tasks.train")
        checkTaskSeeds(at: "tasks.test")
        let searchSpace = checkSearchSpace()
        checkRecordedCovariance(searchSpaceCount: values.counts["outer.search_space"])
        if let searchSpace {
            checkSearchedOptimizerKeys(searchSpace)
            checkSearchedGoNoGo(searchSpace)
            checkAlleleFrequencyEvolutionSpace(searchSpace)
        }
        guard issues.isEmpty, let searchSpace else { return nil }
        return build(source: source, searchSpace: searchSpace)
    }

    /// `outer.fitness_metric` needs `fitness: mean` or `median` (`auc` scores curves, not a
    /// final report) and must not be a held-out metric (the outer loop would train on the test set).
    private mutating func checkFitnessMetric() {
        guard let metric = values.string("outer.fitness_metric") else { return }
        if values.string("outer.fitness") == OuterFitness.areaUnderCurve.rawValue {
            report("outer.fitness_metric '\(metric)' needs outer.fitness mean or median; auc scores the best-so-far curves",
                   at: "outer.fitness_metric", values.marks["outer.fitness_metric"])
        }
        if metric.hasPrefix("test_") {
            report("outer.fitness_metric '\(metric)' is a held-out metric; the outer loop must not tune on test images (use the train_… metric)",
                   at: "outer.fitness_metric", values.marks["outer.fitness_metric"])
        }
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
        var read = SpecValueReader(values: values)
        func family(_ path: String) -> TaskFamilySpec {
            TaskFamilySpec(count: read.int(path + ".count"), firstSeed: read.seed(path + ".first_seed"))
        }

        let optimizee: OptimizeeSpec
        if values.variants["optimizee"] == "classifier" {
            optimizee = .classifier(read.classifier("optimizee.classifier"))
        } else if values.variants["optimizee"] == "reservoir" {
            optimizee = .reservoir(read.reservoir("optimizee.reservoir"))
        } else if values.variants["optimizee"] == "morris_lecar" {
            optimizee = .morrisLecar(read.morrisLecar("optimizee.morris_lecar"))
        } else if values.variants["optimizee"] == "connectome" {
            optimizee = .connectome(read.connectome("optimizee.connectome"))
        } else if values.variants["optimizee"] == "genotype_classifier" {
            optimizee = .genotypeClassifier(read.genotypeClassifier("optimizee.genotype_classifier"))
        } else if values.variants["optimizee"] == "gonogo" {
            optimizee = .gonogo(read.goNoGo("optimizee.gonogo"))
        } else if values.variants["optimizee"] == "plastic_classifier" {
            optimizee = .plasticClassifier(read.plasticClassifier("optimizee.plastic_classifier"))
        } else if let name = values.variants["optimizee"], name != "function" {
            optimizee = .registered(RegisteredOptimizeeSpec(identifier: name, section: values.section(at: "optimizee." + name)))
        } else {
            let function = read.choice("optimizee.function.name", fallback: BenchmarkFunction.sphere)
            let bounds = functionBounds() ?? function.conventionalBounds
            optimizee = .function(FunctionOptimizeeSpec(
                function: function, dimension: read.int("optimizee.function.dimension"), lower: bounds.lower,
                upper: bounds.upper, shift: read.double("optimizee.function.shift"), rotate: read.bool("optimizee.function.rotate")))
        }
        let record = RecordSpec(
            candidates: read.bool("record.candidates"), state: read.bool("record.state"),
            covariance: read.choice("record.covariance", fallback: .diagonal),
            maxFullCovariance: read.int("record.max_full_covariance"), artifacts: read.bool("record.artifacts"))
        let spec = ExperimentSpec(
            name: read.string("name"), seed: read.seed("seed"), output: values.string("output"),
            outer: OuterLoopSpec(
                optimizer: read.optimizer("outer", record: record),
                fitness: read.choice("outer.fitness", fallback: OuterFitness.mean), searchSpace: searchSpace,
                fitnessMetric: values.string("outer.fitness_metric"), earlyStopping: earlyStopping()),
            inner: read.optimizer("inner", record: record),
            optimizee: optimizee,
            tasks: TasksSpec(train: family("tasks.train"), test: family("tasks.test"), repeats: read.int("tasks.repeats")),
            record: record,
            source: source)
        guard read.missing.isEmpty else {
            report("internal error: no validated value for \(read.missing.joined(separator: ", ")); please report this spec", at: "", nil)
            return nil
        }
        return spec
    }
}
