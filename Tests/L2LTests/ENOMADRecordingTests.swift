import Foundation
import HDF5
import Testing
@testable import L2L
@testable import L2LOptimizees

/// ENOMAD's per-generation record reaches the HDF5 file as sparse state arrays
/// (`state/<name>` (R, …) with `state/<name>_iteration`), beside the dense per-iteration ones.
@Suite struct ENOMADRecordingTests {
    static let spec = """
        name: enomad-recording
        seed: 3
        outer:
          optimizer: ga
          iterations: 1
          population: 2
          search_space:
            - {path: inner.box, kind: uniform, low: 0.5, high: 1}
        inner:
          optimizer: enomad
          iterations: 40
          population: 4
          subset_size: 2
          evaluations_per_call: 6
          start: center
          mads: {poll_block_size: 1}
        optimizee:
          function: {name: sphere, dimension: 3, shift: 1.0}
        tasks:
          train: {count: 1}
          test: {count: 1}
        record: {state: true}
        """

    @Test func generationRecordIsSparse() async throws {
        let path = ExperimentTests.temporaryFile("enomad.h5")
        let spec = try SpecLoader.parse(Self.spec, fileName: "enomad.yaml")
        _ = try await Experiment(spec: spec).run(options: RunOptions(jobs: 1, outputPath: path))
        let file = try HDF5File.open(path)
        defer { file.close() }
        let state = "runs/g0000_i0000_t0000_r00/state/"
        let generation = try file.root.openDataset(state + "generation")
        #expect(generation.shape == [40])
        let curves = try file.root.openDataset(state + "call_fitness")
        let at = try file.root.openDataset(state + "call_fitness_iteration").read(as: Int64.self)
        let r = at.count
        #expect(r >= 2 && curves.shape == [r, 4, 6], "\(curves.shape)")
        #expect(at == at.sorted() && Set(at).count == r)
        // The generation index counts up once per record, and each record sits where `generation` steps.
        let index = try file.root.openDataset(state + "generation_index").read(as: Double.self)
        #expect(index == (0..<r).map(Double.init))
        let completed = try generation.read(as: Double.self)
        for (k, i) in at.enumerated() { #expect(completed[Int(i)] == Double(k + 1)) }
        let population = try file.root.openDataset(state + "generation_population")
        #expect(population.shape == [r, 4, 3])
    }
}
