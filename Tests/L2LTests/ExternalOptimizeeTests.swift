import Foundation
import HDF5
import Testing
@testable import L2L
@testable import L2LOptimizees

/// `optimizee.external`: its spec keys and errors, the protocol end to end with Python workers
/// (python/l2l_external.py), bit-exact doubles, and workers that crash, babble or hang.
@Suite struct ExternalOptimizeeTests {
    static let helperDirectory = SpecTestSupport.repositoryRoot.appendingPathComponent("python").path

    /// A worker script in a fresh directory: `body` defines `evaluate(p, ctx)` (and may define `final`).
    static func worker(_ body: String, serve: String = "l2l_external.serve(evaluate)") throws -> String {
        let path = ExperimentTests.temporaryFile("worker.py")
        let text = "import sys, os, time\nsys.path.insert(0, \(pythonString(helperDirectory)))\nimport l2l_external\n\(body)\n\(serve)\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func pythonString(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "\\'") + "'" }

    static func spec(
        worker: String, inner: String = "{optimizer: cem, iterations: 6, population: 8}", optimizee extra: String = "",
        outer: Int = 2, tasks: Int = 2
    ) -> String {
        """
        name: external
        seed: 5
        outer:
          optimizer: ga
          iterations: \(outer)
          population: 4
          search_space:
            - {path: inner.elite_fraction, kind: uniform, low: 0.1, high: 0.5}
        inner: \(inner)
        optimizee:
          external:
            command: [python3, \(worker)]
            \(extra.isEmpty ? "dimension: 3\n    lower: -2\n    upper: 2" : extra)
        tasks:
          train: {count: \(tasks)}
          test: {count: \(tasks)}

        """
    }

    private func run(_ text: String, jobs: Int = 2) async throws -> (ExperimentSummary, String) {
        let spec = try SpecLoader.parse(text, fileName: "external.yaml")
        let path = ExperimentTests.temporaryFile("external.h5")
        let summary = try await Experiment(spec: spec).run(options: RunOptions(jobs: jobs, outputPath: path))
        return (summary, path)
    }

    // MARK: - The spec

    @Test func keysAreValidatedWithPositions() {
        let both = SpecTestSupport.issues(Self.spec(worker: "w.py", optimizee: "dimension: 2\n    lower: 0\n    upper: 1\n    parameters: [{name: a, low: 0, high: 1}]"))
        #expect(both.contains { $0.keyPath == "optimizee.external.dimension" && $0.message.contains("not both") && $0.line == 13 }, "\(both)")
        let missing = SpecTestSupport.issues(Self.spec(worker: "w.py", optimizee: "dimension: 2\n    lower: 0"))
        #expect(missing.contains { $0.keyPath == "optimizee.external.upper" && $0.message.contains("missing 'upper'") }, "\(missing)")
        let bounds = SpecTestSupport.issues(Self.spec(worker: "w.py", optimizee: "parameters: [{name: a, low: 1, high: 0}, {name: a, low: 0, high: 1}]"))
        #expect(bounds.contains { $0.keyPath == "optimizee.external.parameters[0].high" }, "\(bounds)")
        #expect(bounds.contains { $0.keyPath == "optimizee.external.parameters[1].name" && $0.message.contains("already") }, "\(bounds)")
        let typo = SpecTestSupport.issues(Self.spec(worker: "w.py", optimizee: "dimension: 2\n    lower: 0\n    upper: 1\n    ouputs: true"))
        #expect(typo.contains { $0.keyPath == "optimizee.external.ouputs" && $0.message.contains("did you mean 'outputs'") && $0.line == 16 }, "\(typo)")
    }

    @Test func capabilityMismatchesAreSpecErrors() {
        func spec(inner: String, optimizee: String = "") -> String {
            Self.spec(worker: "w.py", inner: inner, optimizee: optimizee)
                .replacingOccurrences(of: "path: inner.elite_fraction, kind: uniform, low: 0.1, high: 0.5", with: "path: optimizee.external.upper, kind: uniform, low: 1, high: 3")
        }
        let enkf = SpecTestSupport.issues(spec(inner: "{optimizer: enkf, iterations: 3, ensemble_size: 6}"))
        #expect(enkf.count == 1 && enkf[0].keyPath == "inner.optimizer" && enkf[0].message.contains("outputs: true") && enkf[0].line == 9, "\(enkf)")
        #expect(throws: Never.self) {
            try SpecLoader.parse(spec(
                inner: "{optimizer: enkf, iterations: 3, ensemble_size: 6}",
                optimizee: "dimension: 2\n    lower: 0\n    upper: 4\n    outputs: true"), fileName: "e.yaml")
        }
        let nne = SpecTestSupport.issues(spec(inner: "{optimizer: nne, iterations: 3}"))
        #expect(nne.contains { $0.keyPath == "inner.optimizer" && $0.message.contains("binary") }, "\(nne)")
        // The built-in connectome returns no outputs either.
        let connectome = SpecTestSupport.issues("""
            name: c
            seed: 1
            outer:
              optimizer: ga
              iterations: 1
              search_space:
                - {path: inner.gamma, kind: uniform, low: 0.1, high: 1}
            inner: {optimizer: enkf, iterations: 2, ensemble_size: 6}
            optimizee:
              connectome: {}
            tasks: {train: {count: 1}, test: {count: 1}}

            """)
        #expect(connectome.count == 1 && connectome[0].line == 8 && connectome[0].message.contains("optimizee.connectome returns none"), "\(connectome)")
        let outer = SpecTestSupport.issues(Self.spec(worker: "w.py").replacingOccurrences(of: "optimizer: ga", with: "optimizer: enkf"))
        #expect(outer.contains { $0.keyPath == "outer.optimizer" && $0.message.contains("fitness only") }, "\(outer)")
    }

    @Test func configIsSentAsWrittenAndCannotBeSearched() throws {
        let text = Self.spec(worker: "w.py", optimizee: "dimension: 2\n    lower: 0\n    upper: 1\n    config: {layers: [8, 4], rate: 0.25, name: 'x: y', flag: true, none: null}")
        let spec = try SpecLoader.parse(text, fileName: "e.yaml")
        guard case .registered(let registered) = spec.optimizee else {
            Issue.record("not a registered optimizee")
            return
        }
        #expect(registered.section.json["config"]?.text == "{\"layers\":[8,4],\"rate\":0.25,\"name\":\"x: y\",\"flag\":true,\"none\":null}")
        let searched = SpecTestSupport.issues(text.replacingOccurrences(of: "path: inner.elite_fraction", with: "path: optimizee.external.config"))
        #expect(searched.contains { $0.message.contains("passed on as written") }, "\(searched)")
        // Keys of the section are searchable by dotted path like any other.
        let tuned = try spec.applying([(path: "optimizee.external.upper", value: .double(3))])
        guard case .registered(let retuned) = tuned.optimizee else { return }
        #expect(retuned.section.double("upper") == 3)
    }

    // MARK: - Running

    /// The same Rosenbrock task through a Python worker and through the built-in function optimizee:
    /// every fitness crosses the pipe both ways, so equal results bit for bit mean exact transport.
    @Test func externalRosenbrockEqualsTheBuiltInBitForBit() async throws {
        let worker = try Self.worker("""
            def evaluate(x, ctx):
                x = [(v - 0.0) + 1.0 for v in x]  # FunctionTask: x − shift + the minimizer (1, …, 1)
                s = 0.0
                for i in range(len(x) - 1):
                    a = x[i + 1] - x[i] * x[i]
                    b = 1 - x[i]
                    s += 100 * a * a + b * b
                return -(s - 0.0)
            """)
        let external = Self.spec(worker: worker)
        let builtIn = external.replacingOccurrences(
            of: "external:\n    command: [python3, \(worker)]\n    dimension: 3\n    lower: -2\n    upper: 2",
            with: "function: {name: rosenbrock, dimension: 3, lower: -2, upper: 2, shift: 0}")
        #expect(builtIn != external)
        let (a, _) = try await run(external)
        let (b, _) = try await run(builtIn)
        #expect(a.failedRuns == 0 && a.bestFitness.isFinite)
        #expect(a.bestFitness.bitPattern == b.bestFitness.bitPattern, "\(a.bestFitness) vs \(b.bestFitness)")
        #expect(a.testMean.bitPattern == b.testMean.bitPattern, "\(a.testMean) vs \(b.testMean)")
        #expect(a.baselineTestMean.bitPattern == b.baselineTestMean.bitPattern)
    }

    /// A fitness equal to the first coordinate comes back as exactly that double, and a final metric arrives.
    @Test func doublesRoundTripExactlyAndFinalMetricsAreKept() async throws {
        let worker = try Self.worker("""
            def evaluate(x, ctx):
                return x[0] * 1.0
            def final(x, ctx):
                return {"test_first": x[1], "test_nan": float("nan")}
            """, serve: "l2l_external.serve(evaluate, final=final)")
        let spec = try SpecLoader.parse(Self.spec(worker: worker, outer: 1, tasks: 1), fileName: "e.yaml")
        let coordinates = RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0, taskSeed: 0, repeatIndex: 0)
        let result = await InnerRun.execute(spec: spec, coordinates: coordinates, root: .init(seed: 1), resources: OptimizeeResources())
        #expect(result.failure == nil && result.failedEvaluations == 0, "\(result.failure ?? "") \(result.firstEvaluationFailure ?? "")")
        for record in result.iterations {
            #expect(record.fitness.map(\.bitPattern) == record.candidates.map { $0[0].bitPattern })
        }
        let best = try #require(result.bestPoint)
        #expect(result.metrics["test_first"]?.bitPattern == best[1].bitPattern)
        #expect(result.metrics["test_nan"]?.isNaN == true)
    }

    /// A worker written without the helper that answers garbage, then the wrong number of results,
    /// is killed each time and replaced.
    @Test func garbageRepliesKillTheWorker() async throws {
        let path = ExperimentTests.temporaryFile("raw.py")
        try """
            import sys, json
            for line in sys.stdin:
                m = json.loads(line)
                if m["type"] == "hello": print(json.dumps({"type": "ready", "protocol": 1}), flush=True)
                elif m["type"] == "evaluate":
                    if m["iteration"] == 1: print("garbage", flush=True)
                    elif m["iteration"] == 2: print(json.dumps({"type": "result", "results": []}), flush=True)
                    else: print(json.dumps({"type": "result", "results": [{"fitness": -sum(v * v for v in c)} for c in m["candidates"]]}), flush=True)
                elif m["type"] == "final": print(json.dumps({"type": "final", "metrics": {"worker": int(__import__("os").environ["L2L_WORKER_INDEX"])}}), flush=True)
                elif m["type"] == "bye": break
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let spec = try SpecLoader.parse(Self.spec(worker: path, outer: 1, tasks: 1), fileName: "e.yaml")
        let coordinates = RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0, taskSeed: 0, repeatIndex: 0)
        let result = await InnerRun.execute(spec: spec, coordinates: coordinates, root: .init(seed: 1), resources: OptimizeeResources())
        #expect(result.statuses.map { Set($0) } == [[.ok], [.error], [.error], [.ok], [.ok], [.ok]])
        #expect(result.firstEvaluationFailure?.contains("not protocol") == true, "\(result.firstEvaluationFailure ?? "")")
        // Two workers were killed, so the one answering `final` was started third (or later, with other tests running).
        #expect((result.metrics["worker"] ?? 0) >= 2)
    }

    /// A worker that dies, prints garbage or hangs loses that request's evaluations, is replaced,
    /// and the run goes on; a NaN fitness is recorded as non-finite.
    @Test func failingWorkersAreKilledRecordedAndReplaced() async throws {
        let worker = try Self.worker("""
            def evaluate(x, ctx):
                if ctx.iteration == 1: os._exit(3)
                if ctx.iteration == 2: print("stray output"); os.write(1, b"from C\\n")
                if ctx.iteration == 3: time.sleep(30)
                if ctx.iteration == 4 and x[0] > 0: return float("nan")
                if ctx.iteration == 5 and x[0] > 0: raise ValueError("diverged")
                return -sum(v * v for v in x)
            """)
        let spec = try SpecLoader.parse(
            Self.spec(worker: worker, inner: "{optimizer: cem, iterations: 7, population: 6, evaluation_time_limit: 0.3}", outer: 1, tasks: 1),
            fileName: "e.yaml")
        let coordinates = RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0, taskSeed: 0, repeatIndex: 0)
        let clock = ContinuousClock()
        let start = clock.now
        let result = await InnerRun.execute(spec: spec, coordinates: coordinates, root: .init(seed: 1), resources: OptimizeeResources())
        #expect(clock.now - start < .seconds(20), "the hung worker was not killed at its deadline")
        #expect(result.failure == nil)
        #expect(result.statuses.count == 7)
        #expect(result.statuses[0].allSatisfy { $0 == .ok })
        #expect(result.statuses[1].allSatisfy { $0 == .error })
        #expect(result.statuses[2].allSatisfy { $0 == .ok }, "stray output reached the protocol channel")
        #expect(result.statuses[3].allSatisfy { $0 == .timeLimit })
        let positive4 = result.iterations[4].candidates.map { $0[0] > 0 }
        #expect(result.statuses[4] == positive4.map { $0 ? .nonFinite : .ok })
        let positive5 = result.iterations[5].candidates.map { $0[0] > 0 }
        #expect(result.statuses[5] == positive5.map { $0 ? .error : .ok })
        #expect(result.statuses[6].allSatisfy { $0 == .ok })
        #expect(result.firstEvaluationFailure?.contains("iteration 1: the worker closed its output (exit status 3)") == true,
                "\(result.firstEvaluationFailure ?? "")")
        #expect(result.finalBest.isFinite)
    }

    /// A stochastic model seeded from the request gives the same file whatever `--jobs`.
    @Test func sameDatasetsWhateverJobs() async throws {
        let worker = try Self.worker("""
            import random
            def evaluate(x, ctx):
                noise = random.Random(ctx.seed).gauss(0, 0.01)
                return -sum(v * v for v in x) + noise + 1e-3 * (ctx.task_seed % 7)
            """)
        let text = Self.spec(worker: worker, tasks: 3)
        let (_, one) = try await run(text, jobs: 1)
        let (_, three) = try await run(text, jobs: 3)
        #expect(try ExperimentTests.sameDatasets(one, three), "h5diff found differences between --jobs 1 and --jobs 3")
    }

    @Test func aMissingProgramFailsTheRunsWithItsName() async throws {
        let text = Self.spec(worker: "/nonexistent/worker.py").replacingOccurrences(of: "python3", with: "/nonexistent/l2l-no-such-program")
        let (summary, _) = try await run(text)
        #expect(summary.bestFitness == -.infinity)
        let spec = try SpecLoader.parse(text, fileName: "e.yaml")
        let coordinates = RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0, taskSeed: 0, repeatIndex: 0)
        let result = await InnerRun.execute(spec: spec, coordinates: coordinates, root: .init(seed: 1), resources: OptimizeeResources())
        #expect(result.firstEvaluationFailure?.contains("could not start worker '/nonexistent/l2l-no-such-program") == true,
                "\(result.firstEvaluationFailure ?? "")")
    }
}
