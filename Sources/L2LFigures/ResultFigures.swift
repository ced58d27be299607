import Foundation
import HDF5
import L2L
import L2LPlot
import L2LOptimizees

/// The quick figures `l2l plot` draws from a result file, read through the documented
/// HDF5 layout: the outer loop's fitness per generation, the hyperparameter landscape it
/// explored, and the inner learning curves of the tuned and baseline runs on held-out tasks.
public enum ResultFigures {
    /// A figure and the file name (without directory) it is written under.
    public struct Named: Sendable {
        public var fileName: String
        public var figure: Figure
    }

    /// Every figure the file has data for (the held-out curves only once the run is complete).
    ///
    /// - Throws: ``ResultFileError`` for a missing or foreign file, ``DamagedResultFile`` naming
    ///   the object whose shape or type is not as l2l writes it.
    public static func read(path: String) throws -> [Named] {
        let file = try ResultFile.openForReading(path)
        defer { file.close() }
        do {
            return try read(file, path: path)
        } catch let error as HDF5Error {
            throw DamagedResultFile(path: path, object: error.object, expected: "readable as l2l writes it", found: error.description)
        }
    }

    private static func read(_ file: HDF5File, path: String) throws -> [Named] {
        let checks = ResultFileChecks(path: path)
        guard case .string("l2l")? = try file.root.attribute("format") else { throw ResultFileError.notAnL2LFile(path: path) }
        var name = ""
        if case .string(let value)? = try file.root.attribute("name") { name = value }
        var figures: [Named] = []
        guard file.root.contains("outer"), file.root.isGroup("outer") else {
            throw checks.damaged("/outer", expected: "a group", found: file.root.contains("outer") ? "a dataset" : "missing")
        }
        let outer = try file.root.openGroup("outer")
        if outer.contains("fitness") {
            figures.append(Named(fileName: "outer.png", figure: Figure(charts: [try outerChart(outer, name: name, checks: checks)])))
            let landscape = try landscapeCharts(outer, checks: checks)
            if !landscape.isEmpty {
                figures.append(Named(
                    fileName: "hyperparameters.png",
                    figure: Figure(charts: landscape, columns: 2, panelWidth: 600, panelHeight: 420)))
            }
        }
        if file.root.contains("test") {
            guard file.root.isGroup("test") else { throw checks.damaged("/test", expected: "a group", found: "a dataset") }
            let test = try file.root.openGroup("test")
            if test.contains("best_curve") {
                figures.append(Named(fileName: "test.png", figure: Figure(charts: [try testChart(test, name: name, checks: checks)])))
            }
        }
        return figures
    }

    /// Best so far, best and mean of each generation, and every individual as a faint point.
    static func outerChart(_ outer: HDF5Group, name: String, checks: ResultFileChecks) throws -> Chart {
        let (fitness, shape) = try checks.dataset(outer, "fitness", rank: 2)
        let (generations, population) = (shape[0], max(1, shape[1]))
        let values = try fitness.read(as: Double.self)
        let generation = (0..<generations).map(Double.init)
        func column(_ name: String) throws -> [Double] {
            try checks.dataset(outer, name, rank: 1, dimensions: [0: generations]).0.read(as: Double.self)
        }
        var chart = Chart(title: "\(name): outer loop", xLabel: "generation", yLabel: "outer fitness")
        chart.series.append(Chart.Series(
            name: "individuals", x: (0..<values.count).map { Double($0 / population) }, y: values,
            color: Color.palette[7], alpha: 0.35, style: .points(radius: 2.5)))
        chart.series.append(Chart.Series(
            name: "generation mean", x: generation, y: try column("mean_fitness"),
            color: Color.palette[1]))
        chart.series.append(Chart.Series(
            name: "generation best", x: generation,
            y: try column("generation_best_fitness"), color: Color.palette[2]))
        chart.series.append(Chart.Series(
            name: "best so far", x: generation, y: try column("best_fitness"),
            color: Color.palette[0], style: .line(width: 3)))
        return chart
    }

    /// One panel per tuned hyperparameter (at most six): each individual's value against its
    /// outer fitness, the last generation highlighted; log-uniform ones on a log10 axis.
    static func landscapeCharts(_ outer: HDF5Group, checks: ResultFileChecks) throws -> [Chart] {
        let (nameSet, nameShape) = try checks.dataset(outer, "hyperparameter_name", rank: 1)
        let h = nameShape[0]
        let names = try nameSet.readStrings()
        guard !names.isEmpty, names.count == h else { return [] }
        let kinds = try checks.dataset(outer, "hyperparameter_kind", rank: 1, dimensions: [0: h]).0.readStrings()
        let (fitnessSet, shape) = try checks.dataset(outer, "fitness", rank: 2)
        let fitness = try fitnessSet.read(as: Double.self)
        let values = try checks.dataset(outer, "hyperparameters", rank: 3, dimensions: [0: shape[0], 1: shape[1], 2: h]).0
            .read(as: Double.self)
        let count = fitness.count
        let population = max(1, shape[1])
        let lastGeneration = (count - 1) / max(1, population)
        return names.prefix(6).enumerated().map { index, name in
            let logScale = kinds[index] == "log_uniform"
            let x = (0..<count).map { logScale ? log10(values[$0 * h + index]) : values[$0 * h + index] }
            let last = (0..<count).map { $0 / population == lastGeneration }
            var chart = Chart(
                title: name, xLabel: logScale ? "log10 \(name)" : name + (kinds[index] == "choice" ? " (choice index)" : ""),
                yLabel: "outer fitness")
            chart.series.append(Chart.Series(
                name: "earlier generations", x: zip(x, last).filter { !$0.1 }.map(\.0),
                y: zip(fitness, last).filter { !$0.1 }.map(\.0), color: Color.palette[7], alpha: 0.5,
                style: .points(radius: 3)))
            chart.series.append(Chart.Series(
                name: "last generation", x: zip(x, last).filter(\.1).map(\.0), y: zip(fitness, last).filter(\.1).map(\.0),
                color: Color.palette[0], alpha: 0.9, style: .points(radius: 3.5)))
            return chart
        }
    }

    /// Every held-out run's best-so-far curve, faint, and the mean over runs, bold; tuned
    /// hyperparameters against the spec's own.
    static func testChart(_ test: HDF5Group, name: String, checks: ResultFileChecks) throws -> Chart {
        var chart = Chart(title: "\(name): held-out tasks", xLabel: "inner iteration", yLabel: "best fitness so far")
        for (prefix, label, color) in [("baseline_", "spec's own", Color.palette[1]), ("", "tuned", Color.palette[0])] {
            guard test.contains("\(prefix)best_curve") else { continue }
            let (dataset, shape) = try checks.dataset(test, "\(prefix)best_curve", rank: 3)
            let iterations = shape[2]
            guard iterations > 0 else { continue }
            let curves = try dataset.read(as: Double.self)
            let runs = curves.count / iterations
            let x = (0..<iterations).map(Double.init)
            for run in 0..<runs {
                chart.series.append(Chart.Series(
                    name: "", x: x, y: Array(curves[(run * iterations)..<((run + 1) * iterations)]), color: color, alpha: 0.3,
                    style: .line(width: 1.5)))
            }
            let mean = (0..<iterations).map { i in
                let column = (0..<runs).map { curves[$0 * iterations + i] }.filter(\.isFinite)
                return column.isEmpty ? Double.nan : column.reduce(0, +) / Double(column.count)
            }
            chart.series.append(Chart.Series(name: "\(label), mean of \(runs)", x: x, y: mean, color: color, style: .line(width: 3)))
        }
        return chart
    }
}
