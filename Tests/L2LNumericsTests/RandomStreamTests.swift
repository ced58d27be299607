import Testing
@testable import L2LNumerics

@Suite struct RandomStreamTests {
    @Test func sameSeedSameSequence() {
        var a = RandomStream(seed: 7), b = RandomStream(seed: 7)
        #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
    }

    @Test func derivationIgnoresPosition() {
        var a = RandomStream(seed: 7)
        let before = a.derived(1, 2, 3)
        _ = (0..<10).map { _ in a.next() }
        #expect(a.derived(1, 2, 3) == before)
        #expect(a.derived(1, 2, 3) != a.derived(1, 2, 4))
        #expect(a.derived(1, 2) != a.derived(2, 1))
    }

    @Test func uniformAndGaussianMoments() {
        var r = RandomStream(seed: 123)
        let n = 200_000
        let u = (0..<n).map { _ in r.nextUniform() }
        let g = (0..<n).map { _ in r.nextGaussian() }
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(Statistics.mean(u) - 0.5) < 0.005)
        #expect(abs(Statistics.mean(g)) < 0.01)
        #expect(abs(Statistics.variance(g) - 1) < 0.01)
    }

    @Test func codableRoundTripContinuesSequence() throws {
        var a = RandomStream(seed: 99)
        _ = a.next()
        var b = RandomStream(words: a.words, origin: a.origin)
        #expect(a.next() == b.next())
    }

    @Test func permutationIsAPermutation() {
        var r = RandomStream(seed: 5)
        let p = r.permutation(50)
        #expect(p.sorted() == Array(0..<50))
        #expect(p != Array(0..<50))
    }

    @Test func centeredRanksOrderBestFirst() {
        #expect(Statistics.centeredRanks([3, 1, 2]) == [0.5, -0.5, 0])
        #expect(Statistics.descendingOrder([1, .nan, 5, 5]) == [2, 3, 0, 1])
        #expect(Statistics.median([3, 1, 2, 10]) == 2.5)
        #expect(Statistics.normalizedArea([1, 1, 1]) == 1)
    }
}
