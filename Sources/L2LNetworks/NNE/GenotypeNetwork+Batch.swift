import Dispatch
import Foundation
import L2LNumerics

extension GenotypeNetwork {
    /// Scores a population of genotypes on one mini-batch: all `W x` at once, then the
    /// forward passes, with BLAS.
    ///
    /// Genotypes are processed in blocks of `blockSize`. For a block of C genotypes:
    /// 1. `W X` (links × C) by one AXPY per nonzero of W over the block's genes
    ///    (``WeightGenerationMatrix/apply(genotypesByGene:count:rows:scale:into:)``);
    /// 2. hidden pre-activations: for each hidden unit j, one BLAS `dgemm` of the batch's
    ///    pixels on j's input links (`B × k_j`, gathered once per call) with the block's
    ///    weights of those links (`k_j × C`), then ReLU;
    /// 3. logits `Σ_j h[s, j, c] · w₂[k, j, c]`, a vectorized loop over the block;
    /// 4. per-sample cross-entropy (max-shifted log-sum-exp), accuracy and δₓ.
    ///
    /// Work per genotype is O(nnz(W) + B · links); memory O(links · C + B · hidden · C) per
    /// thread. Results do not depend on `threads`.
    ///
    /// - Parameters:
    ///   - genotypes: N genotypes of ``genes`` values (0/1, or any reals).
    ///   - inputs: `B × inputs` pixels.
    ///   - classIndices: class of each sample, in `0..<classes`.
    ///   - blockSize: genotypes per block (default 32).
    ///   - threads: blocks evaluated concurrently (default 1; BLAS calls are made from each).
    public func evaluate(
        genotypes: [[Double]], inputs batch: Matrix, classIndices: [Int], blockSize: Int = 32, threads: Int = 1
    ) -> [GenotypeEvaluation] {
        evaluate(genotypes: genotypes, gathered: gather(batch), classIndices: classIndices, blockSize: blockSize, threads: threads)
    }

    /// A mini-batch's pixels on each input link, `gathered[s, link] = batch[s, input(link)]`: the
    /// first step of every evaluation on that batch, worth keeping when genotypes come one by one.
    public struct GatheredBatch: Sendable {
        /// `B × hiddenLinkCount`, row-major.
        public let pixels: [Double]
        /// Samples B.
        public let rows: Int
    }

    /// Gathers the pixels of `batch` (`B × inputs`) on the input graph's links.
    /// - Complexity: O(B · links).
    public func gather(_ batch: Matrix) -> GatheredBatch {
        precondition(batch.columns == inputs, "GenotypeNetwork: batch has \(batch.columns) pixels, expected \(inputs)")
        let b = batch.rows, m1 = hiddenLinkCount, n = inputs
        var pixels = [Double](repeating: 0, count: b * m1)
        let pixelOfLink = inputMask.connections.map { $0 % n }   // once per call, not per sample
        batch.elements.withUnsafeBufferPointer { x in
            pixels.withUnsafeMutableBufferPointer { out in
                pixelOfLink.withUnsafeBufferPointer { column in
                    for s in 0..<b {
                        let row = x.baseAddress! + s * n, dst = out.baseAddress! + s * m1
                        for k in 0..<m1 { dst[k] = row[column[k]] }
                    }
                }
            }
        }
        return GatheredBatch(pixels: pixels, rows: b)
    }

    /// ``evaluate(genotypes:inputs:classIndices:blockSize:threads:)`` on an already gathered batch.
    public func evaluate(
        genotypes: [[Double]], gathered batch: GatheredBatch, classIndices: [Int], blockSize: Int = 32, threads: Int = 1
    ) -> [GenotypeEvaluation] {
        precondition(batch.pixels.count == batch.rows * hiddenLinkCount, "GenotypeNetwork: gathered batch of another network")
        precondition(classIndices.count == batch.rows, "GenotypeNetwork: \(classIndices.count) labels for \(batch.rows) samples")
        precondition(classIndices.allSatisfy { $0 >= 0 && $0 < classes }, "GenotypeNetwork: class index outside 0..<\(classes)")
        precondition(genotypes.allSatisfy { $0.count == genes }, "GenotypeNetwork: genotypes must have \(genes) genes")
        precondition(blockSize >= 1 && threads >= 1, "GenotypeNetwork: blockSize and threads must be ≥ 1")
        let b = batch.rows
        let gathered = batch.pixels
        let blocks = stride(from: 0, to: genotypes.count, by: blockSize).map { $0..<Swift.min($0 + blockSize, genotypes.count) }
        let results = UnsafeMutableBufferPointer<GenotypeEvaluation>.allocate(capacity: genotypes.count)
        defer { results.deallocate() }
        let resultsAddress = Int(bitPattern: results.baseAddress)
        let network = self
        let work: @Sendable (Int) -> Void = { blockIndex in
            let out = UnsafeMutablePointer<GenotypeEvaluation>(bitPattern: resultsAddress)!
            let block = blocks[blockIndex]
            let scores = network.evaluateBlock(Array(genotypes[block]), gathered: gathered, batch: b, classIndices: classIndices)
            for (k, score) in scores.enumerated() { (out + block.lowerBound + k).initialize(to: score) }
        }
        if threads == 1 {
            for i in blocks.indices { work(i) }
        } else {
            // Blocks are dealt out round-robin to `threads` workers.
            DispatchQueue.concurrentPerform(iterations: Swift.min(threads, blocks.count)) { worker in
                ThreadNice.followProcess()
                for i in stride(from: worker, to: blocks.count, by: threads) { work(i) }
            }
        }
        return Array(results)
    }

    /// The four steps of ``evaluate(genotypes:inputs:classIndices:blockSize:threads:)`` for one block.
    func evaluateBlock(_ block: [[Double]], gathered: [Double], batch b: Int, classIndices: [Int]) -> [GenotypeEvaluation] {
        let c = block.count, n = genes, m1 = hiddenLinkCount, h = hidden, k = classes
        var byGene = [Double](repeating: 0, count: n * c)
        for (j, x) in block.enumerated() { for g in 0..<n { byGene[g * c + j] = x[g] } }
        var w1 = [Double](repeating: 0, count: m1 * c)
        var w2 = [Double](repeating: 0, count: h * k * c)
        var act = [Double](repeating: 0, count: b * h * c)
        var logits = [Double](repeating: 0, count: b * k * c)
        byGene.withUnsafeBufferPointer { g in
            w1.withUnsafeMutableBufferPointer { generator.apply(genotypesByGene: g.baseAddress!, count: c, rows: 0..<m1, scale: hiddenScale, into: $0.baseAddress!) }
            w2.withUnsafeMutableBufferPointer { generator.apply(genotypesByGene: g.baseAddress!, count: c, rows: m1..<linkCount, scale: outputScale, into: $0.baseAddress!) }
        }
        gathered.withUnsafeBufferPointer { y in
            w1.withUnsafeBufferPointer { w in
                act.withUnsafeMutableBufferPointer { a in
                    for j in 0..<h {
                        let start = unitStarts[j], fan = unitStarts[j + 1] - start
                        if fan == 0 { continue }
                        // act[s, j, :] = Σ_links y[s, link] · w1[link, :]
                        StridedProducts.multiply(
                            y.baseAddress! + start, lda: m1, w.baseAddress! + start * c, ldb: c,
                            into: a.baseAddress! + j * c, ldc: h * c, m: b, n: c, k: fan)
                    }
                    for i in 0..<a.count where !(a[i] > 0) { if !a[i].isNaN { a[i] = 0 } }
                }
            }
        }
        act.withUnsafeBufferPointer { a in
            w2.withUnsafeBufferPointer { w in
                logits.withUnsafeMutableBufferPointer { z in
                    // Each logit lane sums h·w over the hidden units from zero in unit order, in
                    // registers: 8 lanes at a time, then one at a time.
                    typealias V = SIMD8<Double>
                    for s in 0..<b {
                        for cls in 0..<k {
                            let out = z.baseAddress! + (s * k + cls) * c
                            let hRow = a.baseAddress! + s * h * c, wRow = w.baseAddress! + cls * h * c
                            var q = 0
                            while q + 8 <= c {
                                var sum = V()
                                for j in 0..<h {
                                    let hv = UnsafeRawPointer(hRow + (j * c + q)).loadUnaligned(as: V.self)
                                    sum = sum + hv * UnsafeRawPointer(wRow + (j * c + q)).loadUnaligned(as: V.self)
                                }
                                UnsafeMutableRawPointer(out + q).storeBytes(of: sum, as: V.self)
                                q += 8
                            }
                            while q < c {
                                var sum = 0.0
                                for j in 0..<h { sum += hRow[j * c + q] * wRow[j * c + q] }
                                out[q] = sum
                                q += 1
                            }
                        }
                    }
                }
            }
        }
        var scores: [GenotypeEvaluation] = []
        var losses = [Double](repeating: 0, count: b)
        for q in 0..<c {
            var correct = 0
            for s in 0..<b {
                var best = -Double.infinity, arg = 0, finite = true
                for cls in 0..<k {
                    let v = logits[(s * k + cls) * c + q]
                    if !v.isFinite { finite = false }
                    if v > best { best = v; arg = cls }
                }
                guard finite else { losses[s] = .nan; continue }
                var sum = 0.0
                for cls in 0..<k { sum += exp(logits[(s * k + cls) * c + q] - best) }
                losses[s] = best + log(sum) - logits[(s * k + classIndices[s]) * c + q]
                if arg == classIndices[s] { correct += 1 }
            }
            scores.append(
                GenotypeEvaluation(
                    loss: losses.reduce(0, +) / Double(Swift.max(b, 1)), correct: correct, count: b,
                    advantage: GenotypeEvaluation.advantage(losses: losses, classes: k)))
        }
        return scores
    }
}
