import Foundation
import HDF5
import L2LOptimizers
import Testing
@testable import L2L
@testable import L2LOptimizees

/// `outer.early_stopping`: the rungs and the rules, a continued inner run equal to an uninterrupted
/// one, and a whole experiment that stops the right sets, records them and does not depend on `--jobs`.
@Suite struct EarlyStoppingTests {
    @Test func rungsAreGeometricBelowTheInnerIterations() {
        let stopping = EarlyStoppingSpec(rule: .successiveHalving, minIterations: 2, reductionFactor: 3)
        #expect(stopping.rungs(below: 50) == [2, 6, 18])
        #expect(stopping.rungs(below: 18) == [2, 6])
        #expect(stopping.rungs(below: 2) == [])
    }

    @Test func successiveHalvingKeepsTheBestThirdAndTheMedianRuleTheUpperHalf() {
        let scores: [Double] = [1, 5, .nan, 3, 5, -.infinity, 2]
        // ⌈7/3⌉ = 3: the two 5s (ties in index order) and the 3; NaN and −∞ rank last.
        #expect(EarlyStoppingSpec(rule: .successiveHalving, minIterations: 1, reductionFactor: 3).survivors(scores) == [1, 3, 4])
        #expect(EarlyStoppingSpec(rule: .successiveHalving, minIterations: 1, reductionFactor: 2).survivors(scores) == [1, 3, 4, 6])
        // Median of (−∞, −∞, 1, 2, 3, 5, 5) is 2: the sets at 2 or above go on.
        #expect(EarlyStoppingSpec(rule: .median, minIterations: 1).survivors(scores) == [1, 3, 4, 6])
        // Nothing finite: the first set still goes on, so a generation always has a survivor.
        #expect(EarlyStoppingSpec(rule: .median, minIterations: 1).survivors([-.infinity, .nan]) == [0])
    }

    static let text = """
        name: early
        seed: 11
        outer:
          optimizer: ga
          iterations: 2
          population: 6
          elites: 1
          fitness: mean
          early_stopping: {rule: successive_halving, min_iterations: 3, reduction_factor: 3}
          search_space:
            - {path: inner.elite_fraction, kind: uniform, low: 0.1, high: 0.5}
            - {path: inner.initial_sigma, kind: log_uniform, low: 0.01, high: 1.0}
        inner: {optimizer: cem, iterations: 9, population: 8}
        optimizee:
          function: {name: sphere, dimension: 3, shift: 1.0}
        tasks:
          train: {count: 2, first_seed: 0}
          test: {count: 1, first_seed: 500}

        """

    @Test func aContinuedRunEqualsAnUninterruptedOne() async throws {
        let experiment = Experiment(spec: try SpecLoader.parse(Self.text, fileName: "early.yaml"))
        let coordinates = RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 1, taskSeed: 1, repeatIndex: 0)
        let whole = await experiment.execute(InnerRunRequest(candidate: nil, coordinates: coordinates))
        var pieced = await experiment.execute(InnerRunRequest(candidate: nil, coordinates: coordinates, untilIteration: 3))
        #expect(pieced.iterations.count == 3 && pieced.continuation != nil)
        let rest = await experiment.execute(InnerRunRequest(
            candidate: nil, coordinates: coordinates, untilIteration: nil, resumeState: pieced.continuation))
        #expect(rest.iterations.first?.iteration == 3 && rest.continuation == nil)
        pieced.append(rest)
        #expect(whole.iterations.count == 9 && whole.evaluations == 72)
        #expect(try WireFormat.encode(pieced) == WireFormat.encode(whole), "3 + 6 iterations differ from 9")
    }

    @Test func losersStopAtTheRungAndResultsDoNotDependOnJobs() async throws {
        let spec = try SpecLoader.parse(Self.text, fileName: "early.yaml")
        let one = ExperimentTests.temporaryFile("early-j1.h5"), three = ExperimentTests.temporaryFile("early-j3.h5")
        let summary = try await Experiment(spec: spec).run(options: RunOptions(jobs: 1, outputPath: one))
        _ = try await Experiment(spec: spec).run(options: RunOptions(jobs: 3, outputPath: three))
        #expect(try ExperimentTests.sameDatasets(one, three), "h5diff found differences between --jobs 1 and --jobs 3")
        // Per generation: 6 sets × 2 tasks run 3 iterations of 8; ⌈6/3⌉ = 2 sets go on for 6 more.
        #expect(summary.evaluations == 2 * (6 * 2 * 3 * 8 + 2 * 2 * 6 * 8))

        let file = try HDF5File.open(one)
        defer { file.close() }
        let runs = try file.root.openGroup("runs")
        let fitness = try file.root.openGroup("outer").openDataset("fitness").read(as: Double.self)
        let phase = try runs.openDataset("phase").readStrings()
        let generations = try runs.openDataset("generation").read(as: Int64.self)
        let individuals = try runs.openDataset("individual").read(as: Int64.self)
        let status = try runs.openDataset("status").readStrings()
        let rung = try runs.openDataset("stopped_at_iteration").read(as: Int64.self)
        let evaluations = try runs.openDataset("evaluations").read(as: Int64.self)
        for generation in 0..<2 {
            var stopped: [Int] = [], completed: [Int] = []
            for row in phase.indices where phase[row] == "train" && generations[row] == Int64(generation) {
                if status[row] == "stopped" {
                    #expect(rung[row] == 3 && evaluations[row] == 24)
                    stopped.append(Int(individuals[row]))
                } else {
                    #expect(status[row] == "completed" && evaluations[row] == 72)
                    #expect(rung[row] == 0)
                    completed.append(Int(individuals[row]))
                }
            }
            #expect(Set(stopped).count == 4 && stopped.count == 8 && Set(completed).count == 2 && completed.count == 4)
            // The outer fitness of a stopped set is its value at the rung; the best-so-far only improves
            // after it, so every survivor ends at least as high as every stopped set.
            let row = Array(fitness[(generation * 6)..<(generation * 6 + 6)])
            let worstSurvivor = Set(completed).map { row[$0] }.min()!, bestStopped = Set(stopped).map { row[$0] }.max()!
            #expect(worstSurvivor >= bestStopped, "generation \(generation): \(row), stopped \(Set(stopped))")
        }
    }

    @Test func hyperbandBracketsRotateOverIndividualsAndGenerations() {
        let stopping = EarlyStoppingSpec(rule: .hyperband, minIterations: 2, reductionFactor: 3)
        // Rungs 2, 6, 18 below 50; 2·3 and 6·3 fit in 50, 18·3 does not: s_max = 2, brackets 2, 1, 0.
        #expect(stopping.largestBracket(below: 50) == 2)
        #expect((0..<4).map { stopping.bracket(individual: $0, generation: 0, below: 50) } == [2, 1, 0, 2])
        #expect((0..<4).map { stopping.bracket(individual: $0, generation: 1, below: 50) } == [1, 0, 2, 1])
        #expect(stopping.decisionRungs(individual: 0, generation: 0, below: 50) == [2, 6])
        #expect(stopping.decisionRungs(individual: 1, generation: 0, below: 50) == [6])
        #expect(stopping.decisionRungs(individual: 2, generation: 0, below: 50) == [])
        // Successive halving within a bracket: the best ⌈n/η⌉.
        #expect(stopping.survivors([1, 4, 2, 3]) == [1, 3])
        // The other rules compare every set at every rung, in one bracket.
        let halving = EarlyStoppingSpec(rule: .successiveHalving, minIterations: 2, reductionFactor: 3)
        #expect(halving.bracket(individual: 5, generation: 3, below: 50) == 0)
        #expect(halving.decisionRungs(individual: 5, generation: 3, below: 50) == [2, 6, 18])
    }

    @Test func hyperbandStopsWithinEachBracketOnly() async throws {
        // Rung 3 of 9 inner iterations, η 3: s_max = 1. Bracket 1 (individuals 0, 2, 4 in generation 0;
        // 1, 3, 5 in generation 1) keeps ⌈3/3⌉ = 1 set at rung 3; bracket 0 runs its three sets to the end.
        let text = Self.text.replacingOccurrences(of: "rule: successive_halving", with: "rule: hyperband")
        let spec = try SpecLoader.parse(text, fileName: "early.yaml")
        let one = ExperimentTests.temporaryFile("hyperband-j1.h5"), three = ExperimentTests.temporaryFile("hyperband-j3.h5")
        let summary = try await Experiment(spec: spec).run(options: RunOptions(jobs: 1, outputPath: one))
        _ = try await Experiment(spec: spec).run(options: RunOptions(jobs: 3, outputPath: three))
        #expect(try ExperimentTests.sameDatasets(one, three), "h5diff found differences between --jobs 1 and --jobs 3")
        // Per generation and task: bracket 1, 3 sets × 3 iterations + 1 set × 6 more; bracket 0, 3 sets × 9; 8 evaluations each.
        #expect(summary.evaluations == 2 * 2 * 8 * (3 * 3 + 6 + 3 * 9))

        let file = try HDF5File.open(one)
        defer { file.close() }
        let runs = try file.root.openGroup("runs")
        let fitness = try file.root.openGroup("outer").openDataset("fitness").read(as: Double.self)
        let phase = try runs.openDataset("phase").readStrings()
        let generations = try runs.openDataset("generation").read(as: Int64.self)
        let individuals = try runs.openDataset("individual").read(as: Int64.self)
        let status = try runs.openDataset("status").readStrings()
        for generation in 0..<2 {
            let bracket = Set((0..<6).filter { ($0 + generation) % 2 == 0 })
            var stopped = Set<Int>()
            for row in phase.indices where phase[row] == "train" && generations[row] == Int64(generation) && status[row] == "stopped" {
                stopped.insert(Int(individuals[row]))
            }
            #expect(stopped.count == 2 && stopped.isSubset(of: bracket), "generation \(generation): stopped \(stopped)")
            let survivor = bracket.subtracting(stopped).first!
            let row = Array(fitness[(generation * 6)..<(generation * 6 + 6)])
            #expect(stopped.allSatisfy { row[$0] <= row[survivor] }, "generation \(generation): \(row)")
        }
    }

    @Test func aRungAtOrAboveTheInnerIterationsIsAnError() throws {
        let text = Self.text.replacingOccurrences(of: "min_iterations: 3", with: "min_iterations: 9")
        #expect {
            try SpecLoader.parse(text, fileName: "early.yaml")
        } throws: { error in
            "\(error)".contains("early.yaml:9:") && "\(error)".contains("outer.early_stopping.min_iterations (9) must be less than inner.iterations (9)")
        }
        let single = Self.text.replacingOccurrences(of: "rule: successive_halving, min_iterations: 3, reduction_factor: 3",
                                                    with: "rule: hyperband, min_iterations: 4, reduction_factor: 3")
        #expect {
            try SpecLoader.parse(single, fileName: "early.yaml")
        } throws: { error in
            "\(error)".contains("early.yaml:9:") && "\(error)".contains("hyperband needs min_iterations · reduction_factor (4 · 3) ≤ inner.iterations (9)")
        }
    }
}
