import Testing
import L2LNumerics
import L2LOptimizers
@testable import L2L
@testable import L2LOptimizees

/// The spec keys of `mads`, `enomad`, `enkf`, `openai_es` and `cmaes`, and `record.covariance`.
@Suite struct SpecOptimizerTests {
    /// A valid spec whose inner section is `optimizer: <inner>` plus `innerLines` (indented two
    /// spaces), searching `path` with `kind`; `record` lines go under `record:`.
    static func spec(
        inner: String, _ innerLines: [String] = [], search: String = "{path: inner.iterations, kind: integer, low: 2, high: 5}",
        record: [String] = [], dimension: Int = 2
    ) -> String {
        var text = """
            name: t
            seed: 1
            outer:
              optimizer: ga
              iterations: 2
              search_space:
                - \(search)
            inner:
              optimizer: \(inner)
              iterations: 3

            """
        text += innerLines.map { "  \($0)\n" }.joined()
        text += """
            optimizee:
              function: {name: sphere, dimension: \(dimension)}
            tasks:
              train: {count: 1}
              test: {count: 1}

            """
        if !record.isEmpty { text += "record:\n" + record.map { "  \($0)\n" }.joined() }
        return text
    }

    static func parse(_ text: String) throws -> ExperimentSpec {
        try SpecLoader.parse(text, fileName: "spec.yaml")
    }

    // MARK: Defaults

    @Test func defaultsEqualTheConfigurationDefaults() throws {
        #expect(try Self.parse(Self.spec(inner: "mads")).inner.algorithm == .meshAdaptiveDirectSearch(.init()))
        #expect(try Self.parse(Self.spec(inner: "enomad")).inner.algorithm == .enomad(.init()))
        #expect(try Self.parse(Self.spec(inner: "enkf")).inner.algorithm == .ensembleKalmanFilter(.init()))
        #expect(try Self.parse(Self.spec(inner: "openai_es")).inner.algorithm.configuration(as: OpenAIEvolutionStrategy.Configuration.self) == .init())
        #expect(try Self.parse(Self.spec(inner: "cmaes")).inner.algorithm == .cmaes(.init()))
        let record = try Self.parse(Self.spec(inner: "cmaes")).record
        #expect(record == RecordSpec(candidates: true, state: true, covariance: .diagonal, maxFullCovariance: 2_000))
    }

    @Test func enomadDerivedDefaultsFollowTheVariant() throws {
        let spec = try Self.parse(Self.spec(inner: "enomad", ["variant: m_enomad"]))
        #expect(spec.inner.algorithm == .enomad(.init(variant: .mENOMAD)))
        guard case .enomad(let configuration) = spec.inner.algorithm else { return }
        #expect(configuration.box == 2)
        #expect(configuration.evaluationsPerCall == 25)
        #expect(configuration.mads.pollBlockSize == 4)
    }

    @Test func everyOptimizerCanBeBuilt() throws {
        for name in ["mads", "enomad", "enkf", "openai_es", "cmaes"] {
            let spec = try Self.parse(Self.spec(inner: name))
            #expect(spec.inner.algorithm.identifier == name)
            let optimizer = try OptimizerFactory.make(
                spec.inner.algorithm, space: .box(count: 2, lower: -1, upper: 1), initialPoint: nil, random: RandomStream(seed: 1))
            #expect(type(of: optimizer).identifier == name)
        }
    }

    // MARK: Custom values

    @Test func customValuesRoundTrip() throws {
        let mads = try Self.parse(Self.spec(inner: "mads", [
            "initial_frame_size: 0.2", "direction_type: ortho_n_plus_1", "opportunistic: false", "poll_block_size: 3",
            "speculative_search: false", "speculative_search_factor: 2", "quadratic_model_search: false", "model_radius: 3",
            "anisotropic_mesh: false", "anisotropy_factor: 0.2", "min_mesh_size: 1e-6", "max_evaluations: 500",
        ]))
        #expect(mads.inner.algorithm == .meshAdaptiveDirectSearch(.init(
            initialFrameSize: 0.2, directionType: .orthoNPlus1, opportunistic: false, pollBlockSize: 3, speculativeSearch: false,
            speculativeSearchFactor: 2, quadraticModelSearch: false, modelRadius: 3, anisotropicMesh: false,
            anisotropyFactor: 0.2, minMeshSize: 1e-6, maxEvaluations: 500)))

        let enomad = try Self.parse(Self.spec(inner: "enomad", [
            "variant: m_enomad", "population: 8", "subset_size: 3", "box: 1.5", "evaluations_per_call: 40", "resets: 2",
            "reset_range: 5", "penalty_scale: 0.5", "penalty_exponent: 2", "crossover_bias_exponent: 0",
            "mads: {initial_frame_size: 0.05, poll_block_size: 2, direction_type: ortho_n_plus_1}",
        ]))
        #expect(enomad.inner.algorithm == .enomad(.init(
            variant: .mENOMAD, population: 8, subsetSize: 3, box: 1.5, evaluationsPerCall: 40, resets: 2, resetRange: 5,
            penaltyScale: 0.5, penaltyExponent: 2, crossoverBiasExponent: 0,
            mads: .init(initialFrameSize: 0.05, directionType: .orthoNPlus1, pollBlockSize: 2, restartOnConvergence: false))))

        let enkf = try Self.parse(Self.spec(inner: "enkf", [
            "ensemble_size: 20", "gamma: 0.5", "initial_spread: 0.1", "observation_noise: 0.01", "misfit_tolerance: 1e-4",
        ]))
        #expect(enkf.inner.algorithm == .ensembleKalmanFilter(.init(
            ensembleSize: 20, gamma: 0.5, initialSpread: 0.1, observationNoise: 0.01, misfitTolerance: 1e-4)))

        let es = try Self.parse(Self.spec(inner: "openai_es", [
            "population: 10", "sigma: 0.05", "learning_rate: 0.01", "beta1: 0.8", "beta2: 0.99", "epsilon: 1e-6",
            "l2_coefficient: 0",
        ]))
        #expect(es.inner.algorithm.configuration(as: OpenAIEvolutionStrategy.Configuration.self) == .init(
            population: 10, sigma: 0.05, learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, l2Coefficient: 0))

        let cmaes = try Self.parse(Self.spec(inner: "cmaes", ["population: 12", "initial_sigma: 0.1", "tol_x: 1e-8", "tol_fun: 1e-9"]))
        #expect(cmaes.inner.algorithm == .cmaes(.init(population: 12, initialSigma: 0.1, tolX: 1e-8, tolFun: 1e-9)))
    }

    @Test func theOuterLoopCanUseTheNewOptimizers() throws {
        let text = Self.spec(inner: "cem").replacingOccurrences(of: "  optimizer: ga\n", with: "  optimizer: cmaes\n  population: 6\n")
        let spec = try Self.parse(text)
        #expect(spec.outer.optimizer.algorithm == .cmaes(.init(population: 6)))
    }

    // MARK: Errors with positions

    private func single(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> SpecIssue? {
        let issues = SpecTestSupport.issues(text, sourceLocation: sourceLocation)
        #expect(issues.count == 1, "\(issues)", sourceLocation: sourceLocation)
        return issues.first
    }

    private func expect(
        _ issue: SpecIssue?, _ line: Int, _ column: Int, _ keyPath: String, _ fragment: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(issue?.line == line, sourceLocation: sourceLocation)
        #expect(issue?.column == column, sourceLocation: sourceLocation)
        #expect(issue?.keyPath == keyPath, sourceLocation: sourceLocation)
        #expect(issue?.message.contains(fragment) == true, "\(String(describing: issue))", sourceLocation: sourceLocation)
    }

    @Test func outOfRangeValuesAreReportedWithTheirPosition() {
        // Line 11 is the first line after `iterations: 3`; values start at column 3 + key + ": ".
        expect(single(Self.spec(inner: "mads", ["initial_frame_size: 1.5"])), 11, 23, "inner.initial_frame_size", "(0, 1]")
        expect(single(Self.spec(inner: "enomad", ["population: 2"])), 11, 15, "inner.population", "[4, 1000000]")
        expect(single(Self.spec(inner: "enomad", ["mads: {poll_block_size: 0}"])), 11, 27, "inner.mads.poll_block_size", "[1, 1000000]")
        expect(single(Self.spec(inner: "enkf", ["gamma: 0"])), 11, 10, "inner.gamma", "(0, 1000000000]")
        expect(single(Self.spec(inner: "openai_es", ["beta2: 1"])), 11, 10, "inner.beta2", "[0, 1)")
        expect(single(Self.spec(inner: "cmaes", ["population: 2000000"])), 11, 15, "inner.population", "[0, 1000000]")
        expect(single(Self.spec(inner: "cmaes", [], record: ["covariance: diag"])), 17, 15, "record.covariance", "did you mean 'diagonal'?")
    }

    @Test func crossKeyChecksAreReportedWithTheirPosition() {
        expect(single(Self.spec(inner: "openai_es", ["population: 7"])), 11, 15, "inner.population", "must be even")
        expect(single(Self.spec(inner: "cmaes", ["population: 1"])), 11, 15, "inner.population", "0 (4 + ⌊3 ln n⌋) or at least 2")
        expect(single(Self.spec(inner: "mads", ["initial_frame_size: 0.001", "min_mesh_size: 0.01"])), 12, 18,
               "inner.min_mesh_size", "must be less than initial_frame_size")
        expect(single(Self.spec(inner: "enomad", ["mads: {initial_frame_size: 1e-14, min_mesh_size: 1e-13}"])), 11, 52,
               "inner.mads.min_mesh_size", "min_mesh_size (1e-13) must be less than initial_frame_size")
        expect(single(Self.spec(inner: "enkf", [], record: ["covariance: full"], dimension: 2_001)), 17, 15,
               "record.covariance", "raise max_full_covariance (now 2000) to at least 2001")
    }

    @Test func misplacedKeysNameTheirOptimizers() {
        expect(single(Self.spec(inner: "enkf", ["covariance: full"])), 11, 3, "inner.covariance", "belongs to optimizer cem")
        expect(single(Self.spec(inner: "enkf", ["population: 10"])), 11, 3, "inner.population",
               "belongs to optimizers ga, cem, enomad, openai_es, cmaes, nne, random, grid, tpe, but this section has optimizer enkf")
    }

    // MARK: Search space

    @Test func searchSpacePathsValidateAndApply() throws {
        let mads = try Self.parse(Self.spec(inner: "mads", search: "{path: inner.initial_frame_size, kind: log_uniform, low: 0.01, high: 0.5}"))
        #expect(mads.outer.searchSpace == [SearchSpaceEntry(path: "inner.initial_frame_size", kind: .logUniform(low: 0.01, high: 0.5))])
        let tunedMads = try mads.applying([
            (path: "inner.initial_frame_size", value: .double(0.25)), (path: "inner.quadratic_model_search", value: .bool(false)),
            (path: "inner.direction_type", value: .string("ortho_n_plus_1")),
        ])
        #expect(tunedMads.inner.algorithm == .meshAdaptiveDirectSearch(.init(
            initialFrameSize: 0.25, directionType: .orthoNPlus1, quadraticModelSearch: false)))

        let enkf = try Self.parse(Self.spec(inner: "enkf", search: "{path: inner.gamma, kind: log_uniform, low: 0.001, high: 1}"))
        #expect(try enkf.applying([(path: "inner.gamma", value: .double(0.2))]).inner.algorithm == .ensembleKalmanFilter(.init(gamma: 0.2)))

        let es = try Self.parse(Self.spec(inner: "openai_es", search: "{path: inner.sigma, kind: uniform, low: 0.001, high: 0.1}"))
        #expect(try es.applying([(path: "inner.sigma", value: .double(0.05))]).inner.algorithm.configuration(as: OpenAIEvolutionStrategy.Configuration.self) == .init(sigma: 0.05))

        let enomad = try Self.parse(Self.spec(inner: "enomad", search: "{path: inner.mads.poll_block_size, kind: integer, low: 1, high: 8}"))
        let tunedEnomad = try enomad.applying([(path: "inner.mads.poll_block_size", value: .int(6)), (path: "inner.box", value: .int(3))])
        #expect(tunedEnomad.inner.algorithm == .enomad(.init(box: 3, mads: .init(pollBlockSize: 6, restartOnConvergence: false))))
    }

    @Test func boolChoicesAreSearchable() throws {
        let spec = try Self.parse(Self.spec(inner: "mads", search: "{path: inner.quadratic_model_search, kind: choice, values: [true, false]}"))
        #expect(spec.outer.searchSpace == [SearchSpaceEntry(path: "inner.quadratic_model_search", kind: .choice([.bool(true), .bool(false)]))])
        let issues = SpecTestSupport.issues(Self.spec(inner: "mads", search: "{path: inner.opportunistic, kind: choice, values: [true, yes]}"))
        #expect(issues.count == 1)
        #expect(issues.first?.keyPath == "outer.search_space[0].values[1]")
    }

    @Test func searchSpaceBoundsMustFitTheNewKeys() {
        let issues = SpecTestSupport.issues(Self.spec(inner: "openai_es", search: "{path: inner.beta1, kind: uniform, low: 0.5, high: 1}"))
        #expect(issues.map(\.keyPath) == ["outer.search_space[0].high"])
        let kind = SpecTestSupport.issues(Self.spec(inner: "cmaes", search: "{path: inner.population, kind: uniform, low: 4, high: 8}"))
        #expect(kind.first?.message.contains("use integer or choice") == true)
    }

    @Test func searchedValuesMustPassTheCrossKeyChecks() {
        // Line 7 holds the search-space entry, which starts at column 7.
        expect(single(Self.spec(inner: "openai_es", search: "{path: inner.population, kind: integer, low: 4, high: 40}")),
               7, 38, "outer.search_space[0].kind", "can try population 5, but it must be even")
        expect(single(Self.spec(inner: "openai_es", search: "{path: inner.population, kind: choice, values: [4, 9]}")),
               7, 58, "outer.search_space[0].values[1]", "openai_es: population 9 must be even")
        expect(single(Self.spec(inner: "cmaes", search: "{path: inner.population, kind: integer, low: 1, high: 9}")),
               7, 38, "outer.search_space[0].kind", "population 1")
        expect(single(Self.spec(inner: "mads", ["min_mesh_size: 0.01"],
                                search: "{path: inner.initial_frame_size, kind: log_uniform, low: 0.005, high: 0.5}")),
               7, 64, "outer.search_space[0].low", "min_mesh_size must stay less than initial_frame_size")
        #expect((try? Self.parse(Self.spec(inner: "openai_es", search: "{path: inner.population, kind: choice, values: [4, 10]}"))) != nil)
        #expect((try? Self.parse(Self.spec(inner: "cmaes", search: "{path: inner.population, kind: integer, low: 2, high: 9}"))) != nil)
    }

    // MARK: record.covariance

    @Test func recordedCovarianceReachesTheConfigurations() throws {
        let enkf = try Self.parse(Self.spec(inner: "enkf", record: ["covariance: low_rank"]))
        #expect(enkf.record.covariance == .lowRank)
        #expect(enkf.inner.algorithm == .ensembleKalmanFilter(.init(covariance: .lowRank)))
        let cmaes = try Self.parse(Self.spec(inner: "cmaes", record: ["covariance: none", "max_full_covariance: 10"]))
        #expect(cmaes.inner.algorithm == .cmaes(.init(covariance: CovarianceRecording.none, maxFullCovariance: 10)))
    }

    @Test func fullCovarianceWithARaisedLimit() throws {
        let spec = try Self.parse(Self.spec(
            inner: "enkf", ["ensemble_size: 4"], record: ["covariance: full", "max_full_covariance: 3000"], dimension: 2_500))
        #expect(spec.record == RecordSpec(covariance: .full, maxFullCovariance: 3_000))
        guard case .ensembleKalmanFilter(let configuration) = spec.inner.algorithm else {
            Issue.record("inner is not enkf")
            return
        }
        #expect(configuration.covariance == .full)
        #expect(configuration.maxFullCovariance == 3_000)
        // The optimizer accepts it for D = 2,500 (8·D² = 50 MB per iteration).
        _ = try OptimizerFactory.make(
            spec.inner.algorithm, space: .box(count: 2_500, lower: -1, upper: 1), initialPoint: nil, random: RandomStream(seed: 1))
    }
}
