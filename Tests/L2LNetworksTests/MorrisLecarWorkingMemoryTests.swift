import Foundation
import Testing
import L2LNumerics
@testable import L2LNetworks

/// The pulse-integration / working-memory task and its Morris–Lecar optimizee.
@Suite struct MorrisLecarWorkingMemoryTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func taskTrialsRespectTheirConstraints(seed: UInt64) {
        let task = PulseIntegrationTask(seed: seed, trialCount: 6, minimumPulses: 1, maximumPulses: 5)
        #expect(task.trials.count == 6)
        #expect(task.sampleTimes.count == 100, "1,000 ms at 10 ms")
        for (i, trial) in task.trials.enumerated() {
            #expect((1...5).contains(trial.count), "seed \(seed) trial \(i): \(trial.count) pulses")
            for (a, b) in zip(trial.onsets, trial.onsets.dropFirst()) { #expect(b - a >= task.minimumGap - 1e-9) }
            #expect(trial.onsets.allSatisfy { $0 >= 0 && $0 + task.pulseWidth <= task.stimulusWindow + 1e-9 })
            let target = task.targetTrace(trial: i)
            #expect(target.count == task.sampleTimes.count)
            for (a, b) in zip(target, target.dropFirst()) { #expect(b >= a, "target must not decrease") }
            let delaySamples = zip(task.sampleTimes, target).filter { $0.0 >= task.stimulusWindow }.map(\.1)
            #expect(Set(delaySamples) == [Double(trial.count) * task.targetScale], "count held through the delay")
            #expect(target.first == 0 || trial.onsets[0] + task.pulseWidth <= 10)
        }
        #expect(task == PulseIntegrationTask(seed: seed, trialCount: 6, minimumPulses: 1, maximumPulses: 5))
        #expect(task != PulseIntegrationTask(seed: seed + 100, trialCount: 6, minimumPulses: 1, maximumPulses: 5))
    }

    @Test func parameterLayoutIsContiguousAndBounded() {
        let wm = MorrisLecarWorkingMemory(neuronCount: 5)
        #expect(wm.parameterCount == 25 + 10 + 1)
        var next = 0
        for block in MorrisLecarWorkingMemory.Block.allCases {
            let r = wm.range(of: block)
            #expect(r.lowerBound == next)
            next = r.upperBound
        }
        #expect(next == wm.parameterCount)
        let theta = wm.initialParameters(seed: 4)
        #expect(zip(theta, wm.upperBounds).allSatisfy { abs($0) <= $1 })
        let clipped = wm.clipped([Double](repeating: 1e6, count: wm.parameterCount))
        #expect(clipped == wm.upperBounds)
        let net = wm.network(parameters: theta)
        #expect(net.recurrentWeights == Array(theta[0..<25]))
        #expect(net.inputWeights == Array(theta[25..<30]))
    }

    @Test func evaluationShapesAndFitness() {
        let wm = MorrisLecarWorkingMemory(neuronCount: 6)
        let task = PulseIntegrationTask(seed: 11, trialCount: 2)
        let e = wm.evaluate(parameters: wm.initialParameters(seed: 1), task: task)
        #expect(e.failure == nil)
        #expect(e.outputs.count == 2 * task.sampleTimes.count)
        #expect(e.targets == task.targetTrace(trial: 0) + task.targetTrace(trial: 1))
        let mse = zip(e.outputs, e.targets).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(e.outputs.count)
        #expect(abs(e.fitness + mse) < 1e-12)
        #expect(e.spikeCounts.reduce(0, +) > 0, "pulses should make the network spike")
        #expect(wm.evaluate(parameters: wm.initialParameters(seed: 1), task: task) == e, "deterministic")
    }

    @Test func divergedEvaluationIsAFailedFitnessNotACrash() {
        let wm = MorrisLecarWorkingMemory(neuronCount: 3)
        let task = PulseIntegrationTask(seed: 2, trialCount: 2)
        var theta = wm.initialParameters(seed: 1)
        theta[0] = .nan
        let e = wm.evaluate(parameters: theta, task: task)
        #expect(e.failure != nil)
        #expect(e.fitness == -.infinity)
        #expect(e.outputs.count == e.targets.count && e.outputs.allSatisfy(\.isNaN))

        var stiff = MorrisLecarWorkingMemory(neuronCount: 3, options: AdaptiveIntegratorOptions(maximumSteps: 5_000))
        stiff.neuron.capacitance = 1e-4
        let s = stiff.evaluate(parameters: stiff.initialParameters(seed: 1), task: task)
        #expect(s.failure != nil && s.fitness == -.infinity && s.outputs.count == s.targets.count)
    }

    /// A readout fitted by ridge regression on the rates beats the random initial readout: the
    /// readout error is a meaningful training signal (the optimizer-side "trained beats untrained"
    /// check lives with the optimizers).
    @Test func fittedReadoutBeatsRandomReadout() throws {
        let wm = MorrisLecarWorkingMemory(neuronCount: 8)
        let task = PulseIntegrationTask(seed: 21, trialCount: 3)
        var theta = wm.initialParameters(seed: 2)
        let untrained = wm.evaluate(parameters: theta, task: task)
        // Collect rates per sample and solve (RᵀR + λI) c = Rᵀ y for [c; b].
        let net = wm.network(parameters: theta)
        let rest = wm.neuron.restingPotential(current: wm.biasCurrent) ?? -60
        var rows: [[Double]] = []
        for i in task.trials.indices {
            let trace = net.simulate(duration: task.trialDuration, pulses: task.pulses(trial: i),
                                     sampleInterval: task.sampleInterval, initialState: net.initialState(voltage: rest),
                                     options: wm.options)
            rows += trace.rates.map { $0 + [1] }
        }
        let r = Matrix(rows)
        let gram = r.transposed * r + 1e-6 * Matrix.identity(r.columns)
        let rhs = r.multiplied(by: untrained.targets, transposingSelf: true)
        let solution = try gram.positiveDefiniteSolution(for: rhs)
        for (k, i) in wm.range(of: .readout).enumerated() { theta[i] = solution[k] }
        theta[wm.range(of: .readoutBias).lowerBound] = solution[wm.neuronCount]
        var wide = wm
        wide.readoutBound = 1e6
        wide.readoutBiasBound = 1e6
        let trained = wide.evaluate(parameters: theta, task: task)
        #expect(trained.fitness > untrained.fitness, "fitted \(trained.fitness) vs random \(untrained.fitness)")
    }
}
