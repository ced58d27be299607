import Foundation
import Testing
@testable import L2L
@testable import L2LFigures
import L2LPlot
@testable import L2LOptimizees

/// `l2l plot` reads a result file through its documented layout.
@Suite struct ResultFiguresTests {
    @Test func figuresFollowTheFileContents() async throws {
        let spec = try ExperimentTests.tinySpec()
        let path = ExperimentTests.temporaryFile("plot.h5")
        _ = try await Experiment(spec: spec).run(options: RunOptions(jobs: 2, outputPath: path))
        let figures = try ResultFigures.read(path: path)
        #expect(figures.map(\.fileName) == ["outer.png", "hyperparameters.png", "test.png"])

        let outer = figures[0].figure.charts[0]
        let best = try #require(outer.series.first { $0.name == "best so far" })
        #expect(best.x == [0, 1, 2], "one point per generation")
        #expect(zip(best.y, best.y.dropFirst()).allSatisfy { $0 <= $1 }, "best so far never falls")
        #expect(outer.series[0].y.count == 3 * 4, "every individual of every generation")

        let landscape = figures[1].figure.charts
        #expect(landscape.count == min(6, spec.outer.searchSpace.count))
        #expect(landscape.allSatisfy { $0.series.reduce(0) { $0 + $1.x.count } == 12 })

        let test = figures[2].figure.charts[0]
        let means = test.series.filter { !$0.name.isEmpty }
        #expect(means.count == 2, "tuned and baseline means")
        let png = try PNGEncoder.encode(figures[2].figure.render())
        #expect(png.count > 1000)
    }

    @Test func aFileThatIsNotAResultFileIsRefused() throws {
        let path = ExperimentTests.temporaryFile("not.h5")
        #expect(FileManager.default.createFile(atPath: path, contents: Data("hello".utf8)))
        #expect(throws: (any Error).self) { try ResultFigures.read(path: path) }
    }
}
