/// The time step of `LIFSimulator`: neuron update (exact propagators, Rotter & Diesmann
/// 1999), spike delivery through the delay ring buffer (Morrison et al. 2005), inputs,
/// recording and divergence checks.
extension LIFSimulator {
    func advance() {
        let ringE = ring + current * n
        let ringI = ring + (slots + current) * n
        spikeCount = 0
        var newlyDiverged = false
        for k in network.populations.indices {
            let range = network.populationRange(k)
            let lo = range.lowerBound, hi = range.upperBound
            let p = network.populations[k].parameters
            let prop = propagators[k]
            let bad: Bool
            switch p.synapse {
            case .delta: bad = updateDelta(lo, hi, p, prop, ringE, twoRings ? ringI : nil)
            case .exponential: bad = updateExponential(lo, hi, p, prop, ringE, ringI)
            case .alpha: bad = updateAlpha(lo, hi, p, prop, ringE, ringI)
            }
            newlyDiverged = newlyDiverged || bad
        }
        if newlyDiverged { silence() }
        deliverNeuronSpikes()
        deliverSourceSpikes()
        record()
        current += 1
        if current == slots { current = 0 }
        step += 1
    }

    /// Flags the network as diverged (the first time); returns true.
    @inline(never)
    func flagDivergence() -> Bool {
        if divergedAtStep == nil { divergedAtStep = step }
        return true
    }

    /// Sets the state of a diverged network to NaN.
    func silence() {
        for i in 0..<n { u[i] = .nan; iEx[i] = .nan; iIn[i] = .nan; dEx[i] = .nan; dIn[i] = .nan }
    }

    /// V ≥ V_th: spike (V ← V_reset, refractory until step `step + nRef`); +∞ or a new NaN/−∞: divergence.
    @inline(__always)
    func threshold(_ v: inout Double, _ k: Int, _ theta: Double, _ resetU: Double, _ nRef: Int32,
                   _ bad: inout Bool) {
        if v >= theta {
            if v == .infinity {
                bad = flagDivergence()
                v = .nan
            } else {
                v = resetU
                freeFrom[k] = Int64(step) + Int64(nRef) + 1
                spikeBuffer[spikeCount] = Int32(truncatingIfNeeded: k)
                spikeCount &+= 1
            }
        } else if !(v > -.infinity) {
            if !v.isNaN || divergedAtStep == nil { bad = flagDivergence() }
        }
    }

    /// Delta synapses: 8 neurons at a time without branches (V propagated where the neuron is
    /// free, i.e. `step ≥ freeFrom`), noting each block in which some V reached threshold or is
    /// not finite; then the scalar threshold test for the noted blocks only (a few per step) and
    /// the scalar tail. The block loop calls nothing, so its constants stay in registers. Each lane
    /// does the scalar loop's arithmetic, `(P22·V + drive) + input`; spikes are filed in neuron
    /// order. A refractory neuron's input is read and dropped, as in NEST's `iaf_psc_delta`.
    func updateDelta(_ lo: Int, _ hi: Int, _ p: LIFParameters, _ prop: LIFPropagators,
                     _ ringE: UnsafeMutablePointer<Double>, _ ringI: UnsafeMutablePointer<Double>?) -> Bool {
        if let ringI { return updateDelta(lo, hi, p, prop, ringE, ringI, TwoRings.self) }
        return updateDelta(lo, hi, p, prop, ringE, ringE, OneRing.self)
    }

    private func updateDelta<R: LIFRingCount>(_ lo: Int, _ hi: Int, _ p: LIFParameters, _ prop: LIFPropagators,
                                              _ ringE: UnsafeMutablePointer<Double>,
                                              _ ringI: UnsafeMutablePointer<Double>, _: R.Type) -> Bool {
        let p22 = prop.p22, drive = prop.p20 * p.externalCurrent, nRef = prop.refractorySteps
        let theta = p.threshold - p.restingPotential, resetU = p.reset - p.restingPotential
        let vP22 = SIMD8<Double>(repeating: p22), vDrive = SIMD8<Double>(repeating: drive)
        let vTheta = SIMD8<Double>(repeating: theta), now = Int64(step), vNow = SIMD8<Int64>(repeating: now)
        let blocked = lo &+ (hi &- lo) / 8 &* 8
        let u = u, freeFrom = freeFrom, noted = notedBlocks
        var count = 0
        var k = lo
        while k < blocked {
            let e = UnsafeMutableRawPointer(ringE + k)
            var input = e.loadUnaligned(as: SIMD8<Double>.self)
            e.storeBytes(of: SIMD8<Double>(repeating: 0), as: SIMD8<Double>.self)
            if R.two {
                let i = UnsafeMutableRawPointer(ringI + k)
                input = input + i.loadUnaligned(as: SIMD8<Double>.self)
                i.storeBytes(of: SIMD8<Double>(repeating: 0), as: SIMD8<Double>.self)
            }
            let vp = UnsafeMutableRawPointer(u + k)
            var v = vp.loadUnaligned(as: SIMD8<Double>.self)
            let free = UnsafeRawPointer(freeFrom + k).loadUnaligned(as: SIMD8<Int64>.self) .<= vNow
            v.replace(with: vP22 * v + vDrive + input, where: free)
            vp.storeBytes(of: v, as: SIMD8<Double>.self)
            noted[count] = Int32(truncatingIfNeeded: k)
            count &+= any((v .>= vTheta) .| .!(v .> -.infinity)) ? 1 : 0
            k &+= 8
        }
        var bad = false
        for b in 0..<count {
            let first = Int(noted[b])
            for q in first..<(first + 8) {
                var x = u[q]
                threshold(&x, q, theta, resetU, nRef, &bad)
                u[q] = x
            }
        }
        while k < hi {
            var input = ringE[k]
            ringE[k] = 0
            if R.two {
                input += ringI[k]
                ringI[k] = 0
            }
            var v = u[k]
            if freeFrom[k] <= now { v = p22 * v + drive + input }
            threshold(&v, k, theta, resetU, nRef, &bad)
            u[k] = v
            k += 1
        }
        return bad
    }

    func updateExponential(_ lo: Int, _ hi: Int, _ p: LIFParameters, _ prop: LIFPropagators,
                           _ ringE: UnsafeMutablePointer<Double>, _ ringI: UnsafeMutablePointer<Double>) -> Bool {
        let p22 = prop.p22, drive = prop.p20 * p.externalCurrent, nRef = prop.refractorySteps
        let (p21e, p21i) = prop.p21, (p11e, p11i) = prop.p11
        let theta = p.threshold - p.restingPotential, resetU = p.reset - p.restingPotential
        var bad = false
        let now = Int64(step)
        for k in lo..<hi {
            var v = u[k]
            let ie = iEx[k], ii = iIn[k]
            if freeFrom[k] <= now { v = p22 * v + drive + p21e * ie + p21i * ii }
            iEx[k] = p11e * ie + ringE[k]
            iIn[k] = p11i * ii + ringI[k]
            ringE[k] = 0
            ringI[k] = 0
            threshold(&v, k, theta, resetU, nRef, &bad)
            u[k] = v
        }
        return bad
    }

    func updateAlpha(_ lo: Int, _ hi: Int, _ p: LIFParameters, _ prop: LIFPropagators,
                     _ ringE: UnsafeMutablePointer<Double>, _ ringI: UnsafeMutablePointer<Double>) -> Bool {
        let p22 = prop.p22, drive = prop.p20 * p.externalCurrent, nRef = prop.refractorySteps
        let (p21e, p21i) = prop.p21, (p31e, p31i) = prop.p31, (p11e, p11i) = prop.p11
        let (hde, hdi) = prop.pIdI, (ne, ni) = prop.alphaNorm
        let theta = p.threshold - p.restingPotential, resetU = p.reset - p.restingPotential
        var bad = false
        let now = Int64(step)
        for k in lo..<hi {
            var v = u[k]
            let ie = iEx[k], ii = iIn[k], de = dEx[k], di = dIn[k]
            if freeFrom[k] <= now { v = p22 * v + drive + p31e * de + p21e * ie + p31i * di + p21i * ii }
            iEx[k] = hde * de + p11e * ie
            iIn[k] = hdi * di + p11i * ii
            dEx[k] = p11e * de + ne * ringE[k]
            dIn[k] = p11i * di + ni * ringI[k]
            ringE[k] = 0
            ringI[k] = 0
            threshold(&v, k, theta, resetU, nRef, &bad)
            u[k] = v
        }
        return bad
    }

    // MARK: Delivery

    /// Adds this step's neuron spikes into the ring, spike by spike in neuron order.
    func deliverNeuronSpikes() {
        for q in 0..<spikeCount { deliver(row: Int(spikeBuffer[q]), count: 1, scaled: false) }
    }

    /// Adds row `p`'s weights (times `count` when `scaled`) into the ring slots of their delays,
    /// synapse by synapse in row order, along the row's path (`LIFDeliveryRows.Kind`).
    @inline(__always)
    func deliver(row p: Int, count c: Double, scaled: Bool) {
        let r = rows, ring = ring, n = n, D = slots
        let lo = Int(r.rowStart[p]), hi = Int(r.rowStart[p + 1])
        let target = r.target, weight = r.weight
        switch r.kind[p] {
        case .sharedSlotAndWeight:
            var slot = current &+ Int(r.rowDelay[p])
            if slot >= D { slot &-= D }
            let dst = ring + (r.rowOffset[p] &+ slot &* n)
            let w = scaled ? c * r.rowWeight[p] : r.rowWeight[p]
            for s in lo..<hi { dst[Int(target[s])] += w }
        case .sharedSlot:
            var slot = current &+ Int(r.rowDelay[p])
            if slot >= D { slot &-= D }
            let dst = ring + (r.rowOffset[p] &+ slot &* n)
            for s in lo..<hi { dst[Int(target[s])] += scaled ? c * weight[s] : weight[s] }
        case .general:
            let delay = r.delay, offset = r.receptorOffset
            for s in lo..<hi {
                var slot = current &+ Int(delay[s])
                if slot >= D { slot &-= D }
                ring[offset[s] &+ slot &* n &+ Int(target[s])] += scaled ? c * weight[s] : weight[s]
            }
        }
    }

    /// Counts this step's source spikes: Poisson sources with a rate (in source order, so the
    /// random stream is drawn as before) and the spike-train events filed for this step.
    func deliverSourceSpikes() {
        let m = network.sources.count
        guard m > 0 else { return }
        sourcesFiring.removeAll(keepingCapacity: true)
        if !poissonList.isEmpty {
            if !poissonListSorted {
                poissonList.sort()
                poissonListSorted = true
            }
            let horizon = Double(step + 1)
            for j32 in poissonList {
                let j = Int(j32)
                if nextEvent[j] < horizon {
                    let rate = poissonRate[j]
                    var c: Int32 = 0
                    while nextEvent[j] < horizon {
                        c += 1
                        nextEvent[j] += random.nextExponential() / rate
                    }
                    sourceCounts[j] = c
                    sourcesFiring.append(j32)
                }
            }
        }
        if !trainStaged.isEmpty { fileStagedTrains() }
        if trainCursor < trainEvents.count {
            let poissonFiring = sourcesFiring.count
            let upper = LIFSpikeSchedule.key(step: step + 1, source: 0)
            while trainCursor < trainEvents.count {
                let e = trainEvents[trainCursor]
                if e >= upper { break }
                trainCursor += 1
                if LIFSpikeSchedule.step(e) != step { continue }
                let j = LIFSpikeSchedule.source(e)
                if sourceCounts[j] == 0 { sourcesFiring.append(Int32(j)) }
                sourceCounts[j] += 1
            }
            if poissonFiring > 0 && sourcesFiring.count > poissonFiring { sourcesFiring.sort() }
        }
        if !sourcesFiring.isEmpty && divergedAtStep == nil {
            // A source's spikes reach its targets `count` times the weight.
            for j in sourcesFiring { deliver(row: n + Int(j), count: Double(sourceCounts[Int(j)]), scaled: true) }
        }
        for j in sourcesFiring { sourceCounts[Int(j)] = 0 }
    }

    // MARK: Recording

    /// Counts this step's spikes into `recording` with one mutating call (one exclusivity check per
    /// step, not one per spike), then the population bins.
    func record() {
        recording.add(spikes: UnsafeBufferPointer(start: spikeBuffer, count: spikeCount), step: step,
                      window: recordingOptions.spikes)
        guard let w = binSteps else { return }
        for q in 0..<spikeCount { binAccumulator[Int(populationOf[Int(spikeBuffer[q])])] += 1 }
        if recording.steps % w == 0 {
            recording.binnedCounts.append(contentsOf: binAccumulator)
            for q in binAccumulator.indices { binAccumulator[q] = 0 }
        }
    }
}

/// Whether a delta-synapse update reads one ring (excitatory and inhibitory input together) or
/// two; a type parameter, so that each case is compiled without the other's branch.
protocol LIFRingCount { static var two: Bool { get } }
/// Delta synapses only: one ring.
enum OneRing: LIFRingCount { static var two: Bool { false } }
/// Some population with currents: two rings.
enum TwoRings: LIFRingCount { static var two: Bool { true } }
