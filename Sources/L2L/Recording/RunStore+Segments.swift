import Foundation
import HDF5

/// Segments: the views of every run of a long study would otherwise need one mapping per part
/// and array, rebuilt at every commit, so a commit's cost would grow with the generations before
/// it. Each time ``segmentSpan`` consecutive parts are complete, a small *segment* file
/// `<file>.parts/sGGGG.h5` (GGGG its first generation) presents them as one virtual array per
/// column, written once and never changed; the result file then maps the segment instead of
/// its parts (a view of a view, which HDF5 resolves when read). A commit maps at most
/// generations / ``segmentSpan`` segments plus ``segmentSpan`` parts. A segment holds no data, only
/// mappings, so writing one costs about what a commit does.
extension RunStore {
    /// Parts per segment.
    static let segmentSpan = 16

    /// The name of the segment whose first generation is `generation` (without `.h5`).
    static func segmentName(firstGeneration generation: Int) -> String { "s" + String(format: "%04d", generation) }

    /// What the result file's views map, in run order: each complete segment, and the parts no
    /// segment covers (then `test.h5` of an older writer).
    static func mappedNames(path: String) -> [String] {
        let names = Set((try? FileManager.default.contentsOfDirectory(atPath: GenerationParts.directory(for: path))) ?? [])
        var mapped: [String] = []
        var covered = -1  // the last generation the segments so far cover
        for part in partNames(path: path) {
            guard let generation = generation(ofPart: part) else {
                mapped.append(part)
                continue
            }
            if generation <= covered { continue }
            let first = generation - generation % segmentSpan
            let segment = segmentName(firstGeneration: first) + ".h5"
            if generation == first, names.contains(segment) {
                mapped.append(segment)
                covered = first + segmentSpan - 1
            } else {
                mapped.append(part)
            }
        }
        return mapped
    }

    /// The generation of a part file name (`g0012.h5` → 12), nil for another name.
    static func generation(ofPart name: String) -> Int? {
        guard name.hasPrefix("g"), name.hasSuffix(".h5") else { return nil }
        return Int(name.dropFirst().dropLast(3))
    }

    /// Writes the segment of the ``segmentSpan`` parts that end with generation `last`, if
    /// `last` completes one and all its parts are there (a resumed run may miss none: parts
    /// are kept until the run finishes).
    static func writeSegment(endingWith last: Int, path: String) throws {
        guard (last + 1) % segmentSpan == 0 else { return }
        let first = last + 1 - segmentSpan
        let parts = (first...last).map { GenerationParts.partName(generation: $0) + ".h5" }
        let present = Set(partNames(path: path))
        guard parts.allSatisfy(present.contains) else { return }
        var arrays: [String: (array: PartCatalog.Array, sources: [HDF5VirtualSource], trailing: [Int])] = [:]
        var order: [String] = []
        var offset = 0
        for name in parts {
            let part = try PartCatalog.of(GenerationParts.partPath(for: path, name: name))
            for array in part.arrays where !array.shape.isEmpty {
                if arrays[array.name] == nil {
                    arrays[array.name] = (array, [], Array(array.shape.dropFirst()))
                    order.append(array.name)
                }
                guard arrays[array.name]!.trailing.count == array.shape.count - 1 else {
                    throw ResultFileError.damaged(path: GenerationParts.partPath(for: path, name: name), object: "/" + array.name,
                                                  reason: "its rank differs from the same array's in the part before")
                }
                for (d, n) in array.shape.dropFirst().enumerated() { arrays[array.name]!.trailing[d] = max(arrays[array.name]!.trailing[d], n) }
                arrays[array.name]!.sources.append(HDF5VirtualSource(
                    file: name, dataset: "/" + array.name, start: [offset] + Array(repeating: 0, count: array.shape.count - 1),
                    shape: array.shape))
            }
            offset += part.runs
        }
        try GenerationParts.write(path: path, name: segmentName(firstGeneration: first)) { root in
            let cube = try RunCube(root)
            try cube.grow(axis: "run", to: offset)
            for name in order {
                let (array, sources, trailing) = arrays[name]!
                let shape = [offset] + trailing
                try cube.createVirtual(name, type: array.type, axes: array.axes, shape: shape, sources: sources,
                                       description: array.description, units: array.units)
            }
        }
    }
}
