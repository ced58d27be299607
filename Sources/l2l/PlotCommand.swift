import ArgumentParser
import Foundation
import L2L
import L2LBenchmarks
import L2LFigures
import L2LPlot
import L2LOptimizees

/// `l2l plot FILE`: PNG figures of a result file's outer and inner curves, without Python.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw PNG figures of a result file: outer fitness, hyperparameter landscape, held-out learning curves.",
        discussion: "Writes outer.png, hyperparameters.png (when the outer loop tunes anything) and test.png (once the run is complete) into the output directory. The notebooks in notebooks-export/ draw the full set of figures.")

    @Argument(help: "An HDF5 result file written by `l2l run`.")
    var file: String

    @Option(name: .shortAndLong, help: "Directory for the PNG files (default: the file's name without .h5, plus -plots).")
    var output: String?

    func run() throws {
        try IsolatedReader.delegate(file: file)
        let directory = output ?? (file.hasSuffix(".h5") ? String(file.dropLast(3)) : file) + "-plots"
        let figures: [ResultFigures.Named]
        do {
            figures = try ResultFigures.read(path: file)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for named in figures {
                let path = (directory as NSString).appendingPathComponent(named.fileName)
                let bytes = try PNGEncoder.encode(named.figure.render())
                guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
                }
                print(path)
            }
        } catch {
            printError("error: cannot write the figures to \(directory): \(error)")
            throw ExitCode(1)
        }
    }
}
