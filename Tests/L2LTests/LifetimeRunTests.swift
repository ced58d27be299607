import Foundation
import HDF5
import L2LNetworks
import L2LNumerics
import Testing
@testable import L2L
@testable import L2LOptimizees

/// A lifetime learning rule as an inner run: same trajectory shape as an ask/tell run.
@Suite struct LifetimeRunTests {
    static func run(_ constants: NeuromodulationConstants, seed: UInt64) -> InnerRunResult {
        let coordinates = RunCoordinates(phase: .train, generation: 0, individual: 0, taskIndex: 0, taskSeed: seed, repeatIndex: 0)
        return InnerRun.executeLifetime(
            GoNoGoLifetime(constants: constants, trials: 400, reversalAt: 200), record: RecordSpec(),
            coordinates: coordinates, root: RandomStream(seed: 11))
    }

    @Test func goNoGoLifetimeRecordsEveryTrial() {
        let result = Self.run(NeuromodulationConstants(), seed: 3)
        #expect(result.kind == .lifetime)
        #expect(result.failure == nil)
        #expect(result.iterations.count == 400)
        #expect(result.bestCurve.count == 400)
        #expect(result.iterations.allSatisfy { $0.snapshot.map(\.name).contains("noradrenaline") })
        #expect(result.finalBest <= 0 && result.finalBest >= -200)
        #expect(result.metrics["relearned"] != nil)
        // Deterministic for the same coordinates.
        #expect(Self.run(NeuromodulationConstants(), seed: 3).bestCurve == result.bestCurve)
    }

    /// The outer loop's signal: noradrenaline shortens relearning after the reversal (mean over seeds).
    @Test func noradrenalineHelpsRelearning() {
        let seeds: [UInt64] = Array(0..<12)
        let withNA = seeds.map { Self.run(NeuromodulationConstants(), seed: $0).finalBest }
        let dopamineOnly = seeds.map { Self.run(NeuromodulationConstants().dopamineOnly, seed: $0).finalBest }
        #expect(Statistics.mean(withNA) > Statistics.mean(dopamineOnly),
                "mean score with NA \(Statistics.mean(withNA)), DA only \(Statistics.mean(dopamineOnly))")
    }

    @Test func lifetimeRunIsWrittenWithALearningCurve() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("l2l-lifetime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("l.h5").path
        let file = try HDF5File.create(path)
        try RunCube(file.root).append(RunBlock([Self.run(NeuromodulationConstants(), seed: 1)], recordCandidates: true))
        #expect(try file.root.openDataset("learning_curve").shape == [1, 400])
        #expect(try file.root.openDataset("state_dopamine").shape == [1, 400])
        #expect(try file.root.openDataset("kind").readStrings() == ["lifetime"])
        file.close()
    }
}
