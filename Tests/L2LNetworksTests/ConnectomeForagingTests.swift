import Foundation
import Testing
@testable import L2LNetworks

/// The worm's sensing and motor mapping (``ConnectomeForaging``).
@Suite struct ConnectomeForagingTests {
    static func worm(_ configure: (inout ForagingConfiguration) -> Void) throws -> ConnectomeForaging {
        var c = ForagingConfiguration()
        c.controlSteps = 10
        c.simulationStepsPerControl = 10
        configure(&c)
        let network = GradedPotentialNetwork(connectome: ConnectomeModelTests.worm, parameters: .kunert2014)
        return try ConnectomeForaging(network: network, configuration: c, method: .euler, dtMs: 0.1)
    }

    /// Without input the network stays at rest, so the worm neither turns nor changes speed: it
    /// crawls straight at `maximumSpeed · tanh(forwardBias)` along its start heading.
    @Test func withoutSensoryInputTheWormCrawlsStraight() throws {
        let task = try Self.worm { $0.arenaSize = 10 }
        var layout = ForagingLayout(seed: 3, configuration: task.configuration)
        layout.startX = 5
        layout.startY = 5
        let weights = task.network.priorWeights
        let silent = [Double](repeating: 0, count: ForagingConfiguration.odourNeurons.count)
        let outcome = task.run([(weights, layout)], gains: [silent], recordPath: true)[0]
        let c = task.configuration
        let step = c.maximumSpeed * tanh(c.forwardBias)
        for k in 0...c.controlSteps {
            let x = outcome.path[2 * k], y = outcome.path[2 * k + 1]
            #expect(abs(x - (5 + Double(k) * step * cos(layout.startHeading))) < 1e-9, "step \(k)")
            #expect(abs(y - (5 + Double(k) * step * sin(layout.startHeading))) < 1e-9, "step \(k)")
        }
        #expect(outcome.eatenAlongPath.count == c.controlSteps + 1)
    }

    /// The odour drive reaches the motor output: with the default gains the untrained connectome
    /// does not crawl straight near food (the 0.002 mV regression of the first drive).
    @Test func odourSteersTheUntrainedConnectome() throws {
        let task = try Self.worm { $0.controlSteps = 30; $0.simulationStepsPerControl = 50 }
        let layout = ForagingLayout(seed: 3, configuration: task.configuration)
        let outcome = task.run([(task.network.priorWeights, layout)], recordPath: true)[0]
        let p = outcome.path, n = p.count / 2
        let first = atan2(p[3] - p[1], p[2] - p[0]), last = atan2(p[2 * n - 1] - p[2 * n - 3], p[2 * n - 2] - p[2 * n - 4])
        let turned = abs(remainder(last - first, 2 * Double.pi))
        #expect(turned > 0.1, "heading changed by \(turned) rad")
    }

    @Test func chemotaxisLayoutIsOnePeakThatIsNotEaten() throws {
        let task = try Self.worm { $0 = .chemotaxis; $0.controlSteps = 5; $0.simulationStepsPerControl = 5 }
        let layout = ForagingLayout(seed: 9, configuration: task.configuration)
        #expect(layout.pattern == .peak && layout.foodX.count == 1)
        let outcome = task.run([(task.network.priorWeights, layout)])[0]
        #expect(outcome.foodEaten == 0 && outcome.finalDistance > 0)
    }
}
