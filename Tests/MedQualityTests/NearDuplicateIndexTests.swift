import MedCore
import Testing

@testable import MedQuality

/// The multi-index search against all pairs, on hashes with planted near neighbours.
@Suite("NearDuplicateIndex")
struct NearDuplicateIndexTests {
    /// 3000 random hashes plus, for every tenth, a copy with 0...11 random bits flipped.
    static func hashes() -> [UInt64] {
        var mix = SeededGenerator(seed: 7)  // SplitMix64, so the hashes are the same on every run
        var out: [UInt64] = (0..<3000).map { _ in mix.next() }
        for i in stride(from: 0, to: 3000, by: 10) {
            var h = out[i]
            let flips = Int(mix.next() % 12)
            var done = Set<UInt64>()
            while done.count < flips { done.insert(mix.next() % 64) }
            for bit in done { h ^= 1 << bit }
            out.append(h)
        }
        return out
    }

    @Test("finds exactly the pairs a comparison of all pairs finds", arguments: [0, 3, 4, 6, 8, 11])
    func matchesAllPairs(threshold: Int) {
        let hashes = Self.hashes()
        var expected: [NearDuplicateIndex.Pair] = []
        for i in hashes.indices {
            for j in (i + 1)..<hashes.count {
                let d = (hashes[i] ^ hashes[j]).nonzeroBitCount
                if d <= threshold { expected.append(.init(first: i, second: j, distance: d)) }
            }
        }
        let found = NearDuplicateIndex(hashes: hashes).pairs(within: threshold)
        #expect(found == expected)
        #expect(!expected.isEmpty)
    }

    @Test("excluded items are neither queried nor returned")
    func exclusion() {
        let hashes: [UInt64] = [0, 1, 3, 0xFFFF_0000_0000_0000]
        let found = NearDuplicateIndex(hashes: hashes).pairs(within: 2, including: [true, false, true, true])
        #expect(found == [.init(first: 0, second: 2, distance: 2)])
    }
}
