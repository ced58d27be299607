import Foundation
import L2LNumerics
import Testing

@testable import L2LNetworks

/// Lifetime learning rules of Gorantla et al. (2019): SignSGD (eq. 4), the dopaminergic
/// rule (§3.2) and the Adam gradient baseline, on the 8×8 digits.
@Suite struct PlasticityRuleTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data", isDirectory: true)

    /// 40 training and 60 test images per digit, and a Kaiming-uniform network with 200 hidden units.
    static func setup(seed: UInt64) throws -> (train: DigitDataset, test: DigitDataset, net: TwoLayerClassifier) {
        var random = RandomStream(seed: seed)
        let digits = try DigitDataset.shipped(.digits8x8, dataDirectory: data).normalized()
        let (train, test) = try digits.split(trainPerClass: 40, testPerClass: 60, random: &random)
        let net = TwoLayerClassifier.kaimingUniform(inputs: 64, hidden: 200, classes: 10, random: &random)
        return (train, test, net)
    }

    @Test func signSGDLowersTheLossAndLearns() throws {
        let (train, test, net) = try Self.setup(seed: 1)
        var rule = SignSGDRule(network: net, learningRate: 2e-3)
        let before = rule.network.evaluate(on: train)
        var sampler = MiniBatchSampler(count: train.count, batchSize: 50, random: RandomStream(seed: 2))
        for _ in 0..<300 { rule.step(batch: sampler.nextBatch(of: train)) }
        let after = rule.network.evaluate(on: train)
        #expect(after.loss < before.loss / 2, "training loss \(before.loss) → \(after.loss)")
        #expect(rule.network.evaluate(on: test).accuracy > 0.6)
        #expect(rule.network.hiddenWeights == net.hiddenWeights)
        // Every output weight moved by a multiple of ε′ (sign updates).
        let steps = zip(rule.network.outputWeights.elements, net.outputWeights.elements).map { ($0 - $1) / 2e-3 }
        #expect(steps.allSatisfy { abs($0 - $0.rounded()) < 1e-6 })
    }

    /// The default (winner) reading with the paper's ε₀ = 0.75, ε₁ = 1 learns a 10-class
    /// digit task well above chance (10 %) from a fixed random hidden layer.
    @Test func dopaminergicRuleLearnsAboveChance() throws {
        let (train, test, net) = try Self.setup(seed: 3)
        var rule = DopaminergicRule(network: net)
        let before = rule.network.evaluate(on: test).accuracy
        var sampler = MiniBatchSampler(count: train.count, batchSize: 50, random: RandomStream(seed: 4))
        for _ in 0..<80 { rule.step(batch: sampler.nextBatch(of: train)) }  // 10 epochs
        let after = rule.network.evaluate(on: test).accuracy
        #expect(after > 0.6 && after > before + 0.3, "test accuracy \(before) → \(after)")
        #expect(rule.network.hiddenWeights == net.hiddenWeights)
    }

    /// A link changes only when both its neurons fired: the hidden unit was active and, in
    /// the winner reading, the output won; every change is a multiple of ε₁ of the gate.
    @Test func dopaminergicRuleOnlyChangesLinksThatFired() throws {
        let (train, _, drawn) = try Self.setup(seed: 5)
        // Saturated outputs (z_ĵ ≈ 1), so the winner reading moves the winner either way.
        let net = TwoLayerClassifier(
            hiddenWeights: drawn.hiddenWeights,
            outputWeights: Matrix(rows: 10, columns: 200, elements: drawn.outputWeights.elements.map { $0 * 1_000 }))
        let one = train.selecting([7])
        let hidden = net.hiddenActivity(one.images)
        let logits = net.probabilities(hidden: hidden).row(0)
        let winner = logits.indices.max { logits[$0] < logits[$1] }!
        for reading in DopaminergicRule.Reading.allCases {
            var rule = DopaminergicRule(network: net, lossThreshold: 0, reading: reading)  // every loss > ε₀
            rule.step(batch: one)
            let w0 = net.outputWeights, w1 = rule.network.outputWeights
            for j in 0..<10 {
                for i in 0..<200 where hidden[0, i] <= 0 || (reading == .winner && j != winner) {
                    #expect(w0[j, i] == w1[j, i], "\(reading): link \(i) → \(j) changed without firing")
                }
            }
            if reading != .rewarding { #expect(rule.changes > 0, "\(reading)") }
        }
        // The gates of the readings.
        let r = DopaminergicRule(network: net)
        #expect(r.gate(loss: 0.1, error: -0.1) == 0.25 - 0.01)  // confident and right: reward
        #expect(r.gate(loss: 2, error: 0.9) == 0.25 - 0.81)  // confidently wrong: punish
        #expect(r.gate(loss: 2, error: 0.1) == 0)  // d > 0 but L > ε₀: no reward
        let p = DopaminergicRule(network: net, reading: .punishing)
        #expect(p.gate(loss: 2, error: -0.1) == -1)
        #expect(p.gate(loss: 2, error: -0.9) == 0)
        #expect(p.gate(loss: 0.5, error: -0.1) == 0)
        #expect(DopaminergicRule(network: net, reading: .printed).gate(loss: 2, error: 0.1) == 1)
        #expect(DopaminergicRule(network: net, reading: .rewarding).gate(loss: 0.5, error: 0.1) == 1)
    }

    @Test func adamBaselineFitsTheTrainingSet() throws {
        let (train, test, net) = try Self.setup(seed: 6)
        var adam = AdamTrainer(network: net, learningRate: 3e-3)
        var sampler = MiniBatchSampler(count: train.count, batchSize: 50, random: RandomStream(seed: 7))
        for _ in 0..<300 { adam.step(batch: sampler.nextBatch(of: train)) }
        #expect(adam.network.evaluate(on: train).accuracy > 0.97)
        #expect(adam.network.evaluate(on: test).accuracy > 0.85)
    }

    @Test func adamKeepsMaskedLinksAtZero() {
        var random = RandomStream(seed: 8)
        let mask = SparseInputMask(inputs: 6, units: 4, connectionProbability: 0.5, random: &random)
        var w1 = Matrix(rows: 4, columns: 6)
        for c in mask.connections { w1.withUnsafeMutableBufferPointer { $0[c] = random.nextUniform(in: -1, 1) } }
        let net = TwoLayerClassifier(hiddenWeights: w1, outputWeights: Matrix(rows: 3, columns: 4, repeating: 0.1), inputMask: mask)
        var adam = AdamTrainer(network: net)
        let x = Matrix(rows: 5, columns: 6, elements: (0..<30).map { _ in random.nextUniform() })
        for _ in 0..<10 { adam.step(inputs: x, classIndices: [0, 1, 2, 0, 1]) }
        for index in 0..<24 where !mask.connections.contains(index) { #expect(adam.network.hiddenWeights.elements[index] == 0) }
    }
}
