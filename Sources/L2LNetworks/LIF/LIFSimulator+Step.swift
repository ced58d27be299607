/// The time step of `LIFSimulator`: neuron update (exact propagators, Rotter & Diesmann
/// 1999), spike delivery through the delay ring buffer (Morrison et al. 2005), inputs,
/// recording and divergence checks.
extension LIFSimulator {
    func advance() {
        let nb = n * batch
        let ringE = ring + current * nb
        let ringI = ring + (slots + current) * nb
        spikeCount = 0
        var newlyDiverged = false
        for k in network.populations.indices {
            let range = network.populationRange(k)
            let lo = range.lowerBound * batch, hi = range.upperBound * batch
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
        if newlyDiverged { silenceDivergedMembers() }
        deliverNeuronSpikes()
        deliverSourceSpikes()
        record()
        current += 1
        if current == slots { current = 0 }
        step += 1
    }

    /// Marks member of flat index `k` as diverged; returns true.
    @inline(never)
    func flagDivergence(_ k: Int) -> Bool {
        let b = k % batch
        if divergedAtStep[b] == nil { divergedAtStep[b] = step }
        return true
    }

    func silenceDivergedMembers() {
        for b in 0..<batch where divergedAtStep[b] != nil {
            for i in 0..<n {
                let k = i * batch + b
                u[k] = .nan; iEx[k] = .nan; iIn[k] = .nan; dEx[k] = .nan; dIn[k] = .nan
            }
        }
    }

    @inline(__always)
    func threshold(_ v: inout Double, _ k: Int, _ theta: Double, _ resetU: Double, _ nRef: Int32,
                   _ bad: inout Bool) {
        if v >= theta {
            if v == .infinity {
                bad = flagDivergence(k)
                v = .nan
            } else {
                v = resetU
                refractory[k] = Int64(nRef)
                spikeBuffer[spikeCount] = Int32(truncatingIfNeeded: k)
                spikeCount &+= 1
            }
        } else if !(v > -.infinity) {
            if !v.isNaN || divergedAtStep[k % batch] == nil { bad = flagDivergence(k) }
        }
    }

    /// Delta synapses: 4 neurons at a time without branches (V propagated where not refractory,
    /// the refractory count stepped down), then the scalar threshold test only for a block in
    /// which some V reached threshold or is not finite (a few blocks per step). Each lane does the
    /// scalar loop's arithmetic, `(P22·V + drive) + input`, and spikes are filed in neuron order.
    func updateDelta(_ lo: Int, _ hi: Int, _ p: LIFParameters, _ prop: LIFPropagators,
                     _ ringE: UnsafeMutablePointer<Double>, _ ringI: UnsafeMutablePointer<Double>?) -> Bool {
        let p22 = prop.p22, drive = prop.p20 * p.externalCurrent, nRef = prop.refractorySteps
        let theta = p.threshold - p.restingPotential, resetU = p.reset - p.restingPotential
        var bad = false
        var k = lo
        let blocked = lo + (hi - lo) / 4 * 4
        let u = u, refractory = refractory
        while k < blocked {
            let e = UnsafeMutableRawPointer(ringE + k)
            var input = e.loadUnaligned(as: SIMD4<Double>.self)
            e.storeBytes(of: SIMD4<Double>(repeating: 0), as: SIMD4<Double>.self)
            if let ringI {
                let i = UnsafeMutableRawPointer(ringI + k)
                input = input + i.loadUnaligned(as: SIMD4<Double>.self)
                i.storeBytes(of: SIMD4<Double>(repeating: 0), as: SIMD4<Double>.self)
            }
            let vp = UnsafeMutableRawPointer(u + k), rp = UnsafeMutableRawPointer(refractory + k)
            var v = vp.loadUnaligned(as: SIMD4<Double>.self)
            let r = rp.loadUnaligned(as: SIMD4<Int64>.self)
            let free = r .== 0
            v.replace(with: p22 * v + drive + input, where: free)
            rp.storeBytes(of: (r &- 1).replacing(with: 0, where: free), as: SIMD4<Int64>.self)
            vp.storeBytes(of: v, as: SIMD4<Double>.self)
            if any((v .>= theta) .| .!(v .> -.infinity)) {
                for q in k..<(k + 4) {
                    var x = u[q]
                    threshold(&x, q, theta, resetU, nRef, &bad)
                    u[q] = x
                }
            }
            k += 4
        }
        while k < hi {
            var input = ringE[k]
            ringE[k] = 0
            if let ringI {
                input += ringI[k]
                ringI[k] = 0
            }
            var v = u[k]
            let r = refractory[k]
            if r == 0 {
                v = p22 * v + drive + input
            } else {
                refractory[k] = r &- 1
            }
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
        for k in lo..<hi {
            var v = u[k]
            let ie = iEx[k], ii = iIn[k]
            let r = refractory[k]
            if r == 0 {
                v = p22 * v + drive + p21e * ie + p21i * ii
            } else {
                refractory[k] = r &- 1
            }
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
        for k in lo..<hi {
            var v = u[k]
            let ie = iEx[k], ii = iIn[k], de = dEx[k], di = dIn[k]
            let r = refractory[k]
            if r == 0 {
                v = p22 * v + drive + p31e * de + p21e * ie + p31i * di + p21i * ii
            } else {
                refractory[k] = r &- 1
            }
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

    func deliverNeuronSpikes() {
        guard spikeCount > 0 else { return }
        switch weights {
        case .shared: deliverNeurons(SharedWeightLookup(base: baseWeight))
        case .groupScales:
            deliverNeurons(ScaledWeightLookup(base: baseWeight, group: group, scales: memberWeights!,
                                              groupCount: network.graph.groupCount))
        case .perSynapse:
            deliverNeurons(PerSynapseWeightLookup(weights: memberWeights!, synapseCount: network.graph.synapseCount))
        }
    }

    /// Walks each spiking neuron's row once for all its spiking members.
    @inline(__always)
    func deliverNeurons<W: LIFWeightLookup>(_ w: W) {
        let nb = n * batch, B = batch, D = slots
        var first = 0
        while first < spikeCount {
            let k0 = Int(spikeBuffer[first])
            let i = B == 1 ? k0 : k0 / B
            var last = first + 1
            while last < spikeCount && Int(spikeBuffer[last]) < (i + 1) * B { last += 1 }
            let rowLo = Int(rowStart[i]), rowHi = Int(rowStart[i + 1])
            if last - first == 1 {
                let b = k0 - i * B
                for s in rowLo..<rowHi {
                    var slot = current &+ Int(delay[s])
                    if slot >= D { slot &-= D }
                    let index = receptorOffset[s] &+ slot &* nb &+ Int(target[s]) &* B &+ b
                    ring[index] += w.weight(s, b)
                }
            } else {
                for s in rowLo..<rowHi {
                    var slot = current &+ Int(delay[s])
                    if slot >= D { slot &-= D }
                    let base = receptorOffset[s] &+ slot &* nb &+ Int(target[s]) &* B
                    for m in first..<last {
                        let b = Int(spikeBuffer[m]) &- i &* B
                        ring[base &+ b] += w.weight(s, b)
                    }
                }
            }
            first = last
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
        guard !sourcesFiring.isEmpty else { return }
        switch weights {
        case .shared: deliverSources(SharedWeightLookup(base: baseWeight))
        case .groupScales:
            deliverSources(ScaledWeightLookup(base: baseWeight, group: group, scales: memberWeights!,
                                              groupCount: network.graph.groupCount))
        case .perSynapse:
            deliverSources(PerSynapseWeightLookup(weights: memberWeights!, synapseCount: network.graph.synapseCount))
        }
        for j in sourcesFiring { sourceCounts[Int(j)] = 0 }
    }

    /// Source spikes reach every member (a shared input realization), `count` times the weight.
    @inline(__always)
    func deliverSources<W: LIFWeightLookup>(_ w: W) {
        let nb = n * batch, B = batch, D = slots
        for j32 in sourcesFiring {
            let j = Int(j32)
            let c = Double(sourceCounts[j])
            let node = n + j
            for s in Int(rowStart[node])..<Int(rowStart[node + 1]) {
                var slot = current &+ Int(delay[s])
                if slot >= D { slot &-= D }
                let base = receptorOffset[s] &+ slot &* nb &+ Int(target[s]) &* B
                for b in 0..<B where divergedAtStep[b] == nil {
                    ring[base &+ b] += c * w.weight(s, b)
                }
            }
        }
    }

    // MARK: Recording

    func record() {
        let B = batch
        let window = recordingOptions.spikes
        let binned = binSteps != nil
        for q in 0..<spikeCount {
            let k = Int(spikeBuffer[q])
            recording.counts[k] += 1
            let i = k / B
            if let window, window.contains(i) {
                recording.spikeSteps.append(Int32(truncatingIfNeeded: step))
                recording.senders.append(Int32(i))
                recording.members.append(Int32(k - i * B))
            }
            if binned { binAccumulator[(k - i * B) * network.populations.count + Int(populationOf[i])] += 1 }
        }
        recording.steps += 1
        if let w = binSteps, recording.steps % w == 0 {
            recording.binnedCounts.append(contentsOf: binAccumulator)
            for q in binAccumulator.indices { binAccumulator[q] = 0 }
        }
    }
}
