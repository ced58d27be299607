import HDF5

/// Reading one inner run's arrays out of `/runs` (layout v2) in tests.
enum RunRows {
    /// The row of `/runs` holding the run at these coordinates.
    static func row(_ file: HDF5File, phase: String = "train", generation: Int = 0, individual: Int, task: Int = 0, repeat: Int = 0) throws -> Int {
        let runs = try file.root.openGroup("runs")
        let phases = try runs.openDataset("phase").readStrings()
        let columns = try ["generation", "individual", "task", "repeat"].map { try runs.openDataset($0).read(as: Int64.self) }
        let wanted = [generation, individual, task, `repeat`].map(Int64.init)
        guard let row = phases.indices.first(where: { i in phases[i] == phase && columns.map { $0[i] } == wanted }) else {
            throw HDF5Error(operation: "RunRows.row", object: "/runs", messages: ["no \(phase) run at \(wanted)"])
        }
        return row
    }

    /// `/runs/<name>` of one run: its shape without the run axis, and its values (padding included).
    static func slice(_ file: HDF5File, _ name: String, row: Int) throws -> (shape: [Int], values: [Double]) {
        let dataset = try file.root.openDataset("runs/" + name)
        let shape = dataset.shape
        let values = try dataset.read(as: Double.self, start: [row] + shape.dropFirst().map { _ in 0 }, count: [1] + shape.dropFirst())
        return (Array(shape.dropFirst()), values)
    }

    /// How many runs of `phase` the file holds.
    static func count(_ file: HDF5File, phase: String) throws -> Int {
        try file.root.openDataset("runs/phase").readStrings().filter { $0 == phase }.count
    }
}
