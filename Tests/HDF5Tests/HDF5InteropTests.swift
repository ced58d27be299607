import Foundation
import Testing

@testable import HDF5

@Suite("Interoperability with h5py")
struct HDF5InteropTests {
    @Test("h5py reads a file written by the wrapper", .enabled(if: TestSupport.h5pyAvailable))
    func h5pyReads() throws {
        let path = TestSupport.temporaryPath("h5py")
        defer { TestSupport.remove(path) }
        do {
            let file = try HDF5File.create(path)
            try file.root.setAttribute("title", .string("μ-Kalman ✓"))
            let run = try file.root.createGroup("runs/run_0000")
            try run.setAttribute("sigma0", .double(0.25))
            let fitness = try run.createExtendibleDataset("best_fitness", of: Double.self, rowShape: [])
            try fitness.append([3.5, 2.25, 1.125], rows: 3)
            _ = try run.createDataset("cube", shape: [2, 3, 4], values: (0..<24).map { Int32($0) })
            _ = try run.createStringDataset("names", values: ["a", "μ"])
        }
        let script = """
            import sys, h5py
            with h5py.File(sys.argv[1], "r") as f:
                run = f["runs/run_0000"]
                print(f.attrs["title"])
                print(run.attrs["sigma0"])
                print(run["best_fitness"].shape, [float(v) for v in run["best_fitness"][:]])
                print(run["best_fitness"].compression, run["best_fitness"].shuffle, run["best_fitness"].maxshape)
                print(int(run["cube"][1, 2, 3]), run["cube"].dtype)
                print(run["names"].asstr()[:].tolist())
            """
        let result = try #require(TestSupport.python(script, path))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines == [
            "μ-Kalman ✓",
            "0.25",
            "(3,) [3.5, 2.25, 1.125]",
            "gzip True (None,)",
            "23 int32",
            "['a', 'μ']",
        ], "\(result.stdout)")
    }

    @Test("an h5py SWMR reader sees rows flushed by a SWMR writer", .enabled(if: TestSupport.h5pyAvailable))
    func swmr() throws {
        let path = TestSupport.temporaryPath("swmr")
        defer { TestSupport.remove(path) }
        let file = try HDF5File.create(path)
        let dataset = try file.root.createExtendibleDataset("x", of: Double.self, rowShape: [2], chunkRows: 4)
        try file.root.setAttribute("note", .string("created before SWMR"))
        try file.startSWMRWrite()
        let script = """
            import sys, h5py
            with h5py.File(sys.argv[1], "r", libver="latest", swmr=True) as f:
                d = f["x"]
                d.refresh()
                print(d.shape[0], float(d[:].sum()))
            """
        for row in 1...3 {
            try dataset.append([Double(row), Double(row) * 10])
            try dataset.flush()
            let result = try #require(TestSupport.python(script, path))
            #expect(result.status == 0, "\(result.stderr)")
            let total = (1...row).reduce(0.0) { $0 + Double($1) * 11 }
            #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(row) \(total)")
        }
        file.close()
        // After a clean close the file opens normally, also as a SWMR reader.
        let reader = try HDF5File.open(path, swmr: true)
        let x = try reader.root.openDataset("x")
        try x.refresh()
        #expect(x.shape == [3, 2])
        #expect(try x.read(as: Double.self) == [1, 10, 2, 20, 3, 30])
    }

    @Test("SWMR writing can start on a reopened file, and open(swmr:) writes")
    func swmrOnReopenedFile() throws {
        let path = TestSupport.temporaryPath("swmr-reopen")
        defer { TestSupport.remove(path) }
        do {
            let file = try HDF5File.create(path)
            _ = try file.root.createExtendibleDataset("x", of: Int64.self, rowShape: [])
        }
        do {
            let file = try HDF5File.open(path, mode: .readWrite)
            let dataset = try file.root.openDataset("x")
            try file.startSWMRWrite()
            try dataset.append([Int64(1)])
            try dataset.flush()
        }
        do {
            let file = try HDF5File.open(path, mode: .readWrite, swmr: true)
            let dataset = try file.root.openDataset("x")
            try dataset.append([Int64(2), 3], rows: 2)
            try dataset.flush()
        }
        let file = try HDF5File.open(path)
        #expect(try file.root.openDataset("x").read(as: Int64.self) == [1, 2, 3])
    }
}
