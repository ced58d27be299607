import Foundation
import L2L

// One registration line; then the optimizee is `optimizee: {fitzhugh_nagumo: {...}}` in any spec,
// validated with file:line:column like the built-in ones, and its keys are searchable by path.
try OptimizeeRegistry.register(FitzHughNagumoPeriod.descriptor)

let arguments = CommandLine.arguments.dropFirst()
let specPath = arguments.first ?? "fitzhugh-nagumo.yaml"
let spec: ExperimentSpec
do {
    spec = try SpecLoader.load(contentsOf: specPath)
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(65)
}
let output = arguments.dropFirst().first ?? spec.defaultOutputPath
try FileManager.default.createDirectory(
    at: URL(fileURLWithPath: output).deletingLastPathComponent(), withIntermediateDirectories: true)
let summary = try await Experiment(spec: spec).run(options: RunOptions(jobs: 2, outputPath: output))
print("wrote \(output): best outer fitness \(summary.bestFitness)")
print("held-out mean fitness: tuned \(summary.testMean), spec's own \(summary.baselineTestMean)")
guard summary.testMean.isFinite, summary.testMean >= summary.baselineTestMean else {
    print("error: tuning did not help on the held-out tasks")
    exit(1)
}
