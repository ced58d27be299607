import HDF5

extension RunStore {
    /// Whether `runs` holds its (run, iteration, …) arrays itself, as a finished file does.
    static func isMaterialized(_ runs: HDF5Group) throws -> Bool {
        let cube = try RunCube(runs)
        for name in try cube.arrayNames() {
            let dataset = try runs.openDataset(name)
            if dataset.shape.count >= 2, try !dataset.isVirtual() { return true }
        }
        return false
    }

    /// Turns a finished file's `/runs` back into part files, one per generation of the first
    /// `generations`, and the result file's share (growable scales, virtual arrays), so a run can go on from a checkpoint of a file that was finished (a held-out phase
    /// done again, or a file edited by hand). Runs after those generations are dropped.
    static func split(_ root: HDF5Group, generations: Int, path: String) throws {
        let runs = try root.openGroup("runs")
        let phase = runs.contains("phase") ? try runs.openDataset("phase").readStrings() : []
        let generation = runs.contains("generation") ? try runs.openDataset("generation").read(as: Int64.self) : []
        var blocks: [(name: String, block: RunBlock)] = []
        var row = 0
        for g in 0..<generations {
            let start = row
            while row < min(phase.count, generation.count), phase[row] == "train", generation[row] == g { row += 1 }
            blocks.append((GenerationParts.partName(generation: g), try rows(start..<row, of: runs)))
        }
        GenerationParts.removeAll(path: path)
        for (name, block) in blocks where block.runs > 0 {
            try GenerationParts.write(path: path, name: name) { part in try RunCube(part).append(block) }
        }
        try root.removeMember("runs")
        let fresh = try root.createGroup("runs")
        try RunCube(fresh).grow(axis: "run", to: blocks.reduce(0) { $0 + $1.block.runs })
        try rebuildVirtual(fresh, path: path)
    }

    /// Rows `range` of every array of `runs`, as a block (trailing axes at their full length).
    static func rows(_ range: Range<Int>, of runs: HDF5Group) throws -> RunBlock {
        let cube = try RunCube(runs)
        var columns: [RunBlock.Column] = []
        for name in try cube.arrayNames() {
            let dataset = try runs.openDataset(name)
            let shape = dataset.shape
            guard !shape.isEmpty else { continue }
            let count = [range.count] + shape.dropFirst()
            let start = [range.lowerBound] + shape.dropFirst().map { _ in 0 }
            let values: RunBlock.Values
            switch try dataset.storedType() {
            case .string: values = .string(Array(try dataset.readStrings()[range]))
            case .uint8: values = .uint8(range.isEmpty ? [] : try dataset.read(as: UInt8.self, start: start, count: count))
            case .integer: values = .int64(range.isEmpty ? [] : try dataset.read(as: Int64.self, start: start, count: count))
            default: values = .double(range.isEmpty ? [] : try dataset.read(as: Double.self, start: start, count: count))
            }
            var description = "", units = "1"
            if case .string(let s)? = try dataset.attribute("description") { description = s }
            if case .string(let s)? = try dataset.attribute("units") { units = s }
            columns.append(RunBlock.Column(name: name, axes: try RunCube.axes(of: dataset), shape: count, values: values,
                                           description: description, units: units))
        }
        return RunBlock(runs: range.count, columns: columns)
    }
}
