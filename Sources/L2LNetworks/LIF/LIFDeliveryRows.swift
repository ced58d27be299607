/// The synapse graph laid out for spike delivery: CSR rows by presynaptic node with resolved
/// weights, and each row classified once so that the common case reads as little as possible.
///
/// - `sharedSlotAndWeight`: every synapse of the row has the same delay, receptor and weight
///   (the benchmark network's rows): delivery reads only the targets.
/// - `sharedSlot`: same delay and receptor, weights differ (e.g. normally drawn weights):
///   delivery reads targets and weights.
/// - `general`: delay, receptor offset, target and weight per synapse.
///
/// All three add the same value to the same ring entry for each synapse, in row order, so the
/// sums (and thus the spike trains) are the same bits whichever path a row takes.
final class LIFDeliveryRows {
    /// How a row is delivered.
    enum Kind: UInt8 {
        case general = 0, sharedSlot = 1, sharedSlotAndWeight = 2
    }

    let rowStart: UnsafeMutablePointer<Int32>
    let target: UnsafeMutablePointer<Int32>
    let delay: UnsafeMutablePointer<Int32>
    let receptorOffset: UnsafeMutablePointer<Int>     // 0, or `slots · N` for the inhibitory ring
    let weight: UnsafeMutablePointer<Double>
    let kind: UnsafeMutablePointer<Kind>
    let rowDelay: UnsafeMutablePointer<Int32>         // the row's delay where it is shared
    let rowOffset: UnsafeMutablePointer<Int>          // the row's receptor offset where it is shared
    let rowWeight: UnsafeMutablePointer<Double>       // the row's weight where it is shared
    /// Rows of each kind (general, shared slot, shared slot and weight).
    let kindCounts: [Int]

    /// - Parameters:
    ///   - graph: the synapses.
    ///   - weights: resolved weight of every synapse, row order.
    ///   - inhibitoryOffset: ring offset of inhibitory synapses (0 when one ring serves both).
    ///   - classify: false marks every row `general` (tests compare the paths with it).
    init(graph g: SynapseGraph, weights w: [Double], inhibitoryOffset: Int, classify: Bool = true) {
        let s = g.synapseCount, rowCount = g.nodeCount
        func copy<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(values.count, 1))
            p.initialize(from: values, count: values.count)
            return p
        }
        rowStart = copy(g.rowStart)
        target = copy(g.target)
        delay = copy(g.delaySteps)
        weight = copy(w)
        let offsets = (0..<s).map { g.receptor[$0] == .inhibitory ? inhibitoryOffset : 0 }
        receptorOffset = copy(offsets)
        var kinds = [Kind](repeating: classify ? .sharedSlotAndWeight : .general, count: rowCount)
        var delays = [Int32](repeating: 0, count: rowCount)
        var rowOffsets = [Int](repeating: 0, count: rowCount)
        var rowWeights = [Double](repeating: 0, count: rowCount)
        var counts = [0, 0, 0]
        for p in 0..<rowCount {
            let lo = Int(g.rowStart[p]), hi = Int(g.rowStart[p + 1])
            if lo < hi {
                delays[p] = g.delaySteps[lo]
                rowOffsets[p] = offsets[lo]
                rowWeights[p] = w[lo]
                var sameSlot = true, sameWeight = true
                for q in lo..<hi {
                    sameSlot = sameSlot && g.delaySteps[q] == delays[p] && offsets[q] == rowOffsets[p]
                    sameWeight = sameWeight && w[q].bitPattern == rowWeights[p].bitPattern
                }
                kinds[p] = !classify || !sameSlot ? .general : (sameWeight ? .sharedSlotAndWeight : .sharedSlot)
            }
            counts[Int(kinds[p].rawValue)] += 1
        }
        kind = copy(kinds)
        rowDelay = copy(delays)
        rowOffset = copy(rowOffsets)
        rowWeight = copy(rowWeights)
        kindCounts = counts
    }

    deinit {
        rowStart.deallocate(); target.deallocate(); delay.deallocate(); receptorOffset.deallocate()
        weight.deallocate(); kind.deallocate(); rowDelay.deallocate(); rowOffset.deallocate()
        rowWeight.deallocate()
    }
}
