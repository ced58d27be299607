import Foundation
import HDF5
import Testing
@testable import L2L
@testable import L2LOptimizees

/// ENOMAD's per-generation record reaches the HDF5 file as sparse state arrays
/// (`/runs/state_<name>` (run, occurrence, …) with `state_<name>_iteration`), beside the dense
/// per-iteration ones (run, iteration, …).
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
        let row = try RunRows.row(file, individual: 0)
        let generation = try RunRows.slice(file, "state_generation", row: row)
        #expect(generation.shape == [40])
        let curves = try RunRows.slice(file, "state_call_fitness", row: row)
        // Occurrences are padded to the most any run of the file has: −1 marks padding.
        let at = try RunRows.slice(file, "state_call_fitness_iteration", row: row).values.filter { $0 >= 0 }.map { Int64($0) }
        let r = at.count
        #expect(r >= 2 && curves.shape.count == 3 && curves.shape[0] >= r && curves.shape.dropFirst() == [4, 6], "\(curves.shape)")
        #expect(at == at.sorted() && Set(at).count == r)
        // The generation index counts up once per record, and each record sits where `generation` steps.
        let index = try RunRows.slice(file, "state_generation_index", row: row).values.prefix(r)
        #expect(Array(index) == (0..<r).map(Double.init))
        let completed = generation.values
        for (k, i) in at.enumerated() { #expect(completed[Int(i)] == Double(k + 1)) }
        let population = try RunRows.slice(file, "state_generation_population", row: row)
        #expect(population.shape.dropFirst() == [4, 3])
    }
}
