import Foundation
import Testing
import L2LNumerics
@testable import L2LNetworks

/// The peers' exported benchmark network (`lif_benchmark.py --simulator numpy --export-network
/// PREFIX`, which needs NumPy) simulated by l2l: NEST and the NumPy version give 30,217 spikes at
/// 24 mV and 17,577 at 20.8 mV (100 ms warm-up, 1 s; peers/README.md). Runs only when
/// `L2L_LIF_EXPORT=PREFIX` names such an export (not in CI, which has no NumPy peers).
@Suite struct LIFExportedNetworkTests {
    static let prefix = ProcessInfo.processInfo.environment["L2L_LIF_EXPORT"]

    /// Rows of a CSV file after its header, split at commas.
    func rows(_ path: String) throws -> [[Double]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
    }

    @Test(.enabled(if: prefix != nil), arguments: [(24.0, 30_217), (20.8, 17_577)])
    func exportedNetworkGivesNESTsSpikeCount(drive: Double, spikes: Int) throws {
        let prefix = Self.prefix!
        var b = SynapseGraphBuilder(neuronCount: 1000, dt: 0.1)
        for r in try rows(prefix + "_synapses.csv") {
            b.connect(from: Int(r[0]), to: Int(r[1]), weight: r[2], delay: 1.5, group: r[2] > 0 ? 0 : 1)
        }
        let p = LIFParameters(tauM: 20, capacitance: 250, restingPotential: 0, threshold: 20, reset: 10,
                              refractoryPeriod: 2, externalCurrent: drive * 250 / 20, synapse: .delta)
        let net = LIFNetwork(populations: [LIFPopulation(name: "E", count: 800, parameters: p),
                                           LIFPopulation(name: "I", count: 200, parameters: p)],
                             graph: b.build(), dt: 0.1)
        let sim = LIFSimulator(network: net)
        sim.setPotentials(try rows(prefix + "_v0.csv").map { $0[0] })
        sim.run(durationMs: 100)
        sim.recording.reset()
        sim.run(durationMs: 1000)
        #expect(sim.recording.totalSpikes() == spikes, "drive \(drive) mV")
    }
}
