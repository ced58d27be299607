import Testing
import L2LOptimizers
@testable import L2L
@testable import L2LOptimizees

@Suite struct SpecApplyingTests {
    private func quickstart() throws -> ExperimentSpec {
        try SpecLoader.load(contentsOf: SpecTestSupport.quickstartPath)
    }

    @Test func setsDoubleIntAndChoiceValues() throws {
        let spec = try quickstart()
        let tuned = try spec.applying([
            (path: "inner.elite_fraction", value: .double(0.3)),
            (path: "inner.population", value: .int(12)),
            (path: "inner.covariance", value: .string("full")),
        ])
        guard let configuration = tuned.inner.algorithm.configuration(as: CrossEntropyMethod.Configuration.self) else {
            Issue.record("inner is not cem")
            return
        }
        #expect(configuration.eliteFraction == 0.3)
        #expect(configuration.population == 12)
        #expect(configuration.covariance == .full)
        #expect(configuration.noise == 0.02)  // untouched
        #expect(tuned.source == spec.source)
        #expect(tuned.outer == spec.outer)
    }

    @Test func createsDeclaredKeysAbsentFromTheFile() throws {
        let spec = try quickstart()
        let tuned = try spec.applying([(path: "inner.smoothing", value: .int(0)), (path: "inner.sigma_tolerance", value: .double(1e-6))])
        guard let configuration = tuned.inner.algorithm.configuration(as: CrossEntropyMethod.Configuration.self) else {
            Issue.record("inner is not cem")
            return
        }
        #expect(configuration.smoothing == 0)
        #expect(configuration.sigmaTolerance == 1e-6)
        let dimension = try spec.applying([(path: "optimizee.function.dimension", value: .int(7))])
        guard case .function(let function) = dimension.optimizee else { return }
        #expect(function.dimension == 7)
    }

    @Test func successiveApplicationsAccumulate() throws {
        let spec = try quickstart()
        let once = try spec.applying([(path: "inner.population", value: .int(12))])
        let twice = try once.applying([(path: "inner.noise", value: .double(0.1))])
        guard let configuration = twice.inner.algorithm.configuration(as: CrossEntropyMethod.Configuration.self) else {
            Issue.record("inner is not cem")
            return
        }
        #expect(configuration.population == 12)
        #expect(configuration.noise == 0.1)
        #expect(try spec.applying([]) == spec)
    }

    @Test func rejectsOutOfRangeValues() throws {
        let spec = try quickstart()
        do {
            _ = try spec.applying([(path: "inner.population", value: .int(1_000_000_000_000)), (path: "inner.elite_fraction", value: .double(0.3))])
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.count == 1)
            #expect(error.issues.first?.keyPath == "inner.population")
            #expect(error.issues.first?.line == 0)
            #expect(error.issues.first?.message.contains("[1, 1000000]") == true)
            #expect(error.issues.first?.message.hasSuffix("(assigned value)") == true)
        }
        #expect(throws: SpecErrors.self) { try spec.applying([(path: "inner.population", value: .double(12.5))]) }
        #expect(throws: SpecErrors.self) { try spec.applying([(path: "inner.covariance", value: .string("dense"))]) }
    }

    @Test func rejectsUnknownPaths() throws {
        let spec = try quickstart()
        do {
            _ = try spec.applying([(path: "inner.sigma", value: .double(0.3)), (path: "inner.tournament_size", value: .int(3)), (path: "inner", value: .int(1))])
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.map(\.keyPath) == ["inner.sigma", "inner.tournament_size", "inner"])
            #expect(error.issues[0].message == "no key 'sigma' under inner (cem); did you mean 'initial_sigma'? ('sigma' belongs to optimizer openai_es, but inner has optimizer cem)")
            #expect(error.issues[1].message.contains("belongs to optimizer ga"))
            #expect(error.issues[2].message.contains("is a section"))
        }
    }
}
