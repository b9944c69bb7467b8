/// Pairs of 64-bit hashes within a Hamming distance, found by multi-index hashing (Norouzi, Punjani
/// and Fleet, CVPR 2012) rather than by comparing all pairs.
///
/// The 64 bits are cut into four 16-bit blocks. By the pigeonhole principle two hashes at distance
/// at most `t` agree to within `t / 4` bits (rounded down) in at least one block. For each block
/// the index keeps the items sorted by that block's value; a query probes every block value within
/// that radius (1, 17 or 137 values for radius 0, 1, 2) by binary search and checks each candidate's
/// full distance. A pair is reported by the first block in which it is within the radius only, so
/// each pair comes once, without a set of seen pairs.
///
/// Memory: 8 bytes per hash plus 4 x 6 bytes per item for the sorted blocks. Time: for hashes
/// spread over the space, O(n x probes x n / 65536) candidate checks — sub-quadratic; near-equal
/// hashes in bulk (a thousand blank images) make one block value crowded, which costs what their
/// pairs cost.
public struct NearDuplicateIndex: Sendable {
    /// One reported pair: indices into the hashes given (`first < second`) and their distance.
    public struct Pair: Sendable, Equatable, Hashable {
        public var first: Int
        public var second: Int
        public var distance: Int
    }

    /// Largest supported threshold (radius 2 per block).
    public static let maximumThreshold = 11

    private let hashes: [UInt64]
    /// Per block: (block value << 32 | item index), sorted.
    private let blocks: [[UInt64]]

    /// Builds the index.
    ///
    /// - Precondition: fewer than 2^32 hashes.
    /// - Complexity: O(n log n).
    public init(hashes: [UInt64]) {
        precondition(hashes.count < 1 << 32, "at most 2^32 hashes")
        self.hashes = hashes
        blocks = (0..<4).map { b in
            var entries = hashes.enumerated().map { (Self.block($0.element, b) << 32) | UInt64($0.offset) }
            entries.sort()
            return entries
        }
    }

    /// Block `b` (0...3) of a hash: bits `16b ..< 16b + 16`.
    @inline(__always) public static func block(_ hash: UInt64, _ b: Int) -> UInt64 { (hash >> UInt64(16 * b)) & 0xFFFF }

    /// Every pair at distance `threshold` or less, in order of (first, second).
    ///
    /// - Parameters:
    ///   - threshold: 0...``maximumThreshold`` bits.
    ///   - include: items to search; others are neither queried nor returned (blank images, say).
    ///   - accept: a pair filter applied before the pair is kept (same source file, say).
    public func pairs(
        within threshold: Int, including include: (Int) -> Bool = { _ in true },
        accepting accept: (Int, Int) -> Bool = { _, _ in true }
    ) -> [Pair] {
        precondition((0...Self.maximumThreshold).contains(threshold), "threshold out of 0...\(Self.maximumThreshold)")
        let radius = threshold / 4
        let probes = Self.probes(radius: radius)
        var found: [Pair] = []
        for i in hashes.indices where include(i) {
            let h = hashes[i]
            for b in 0..<4 {
                let value = Self.block(h, b)
                for mask in probes {
                    let key = value ^ mask
                    var k = lowerBound(blocks[b], key << 32)
                    while k < blocks[b].count, blocks[b][k] >> 32 == key {
                        let j = Int(blocks[b][k] & 0xFFFF_FFFF)
                        k += 1
                        guard j > i, include(j) else { continue }
                        let other = hashes[j]
                        let d = (h ^ other).nonzeroBitCount
                        guard d <= threshold else { continue }
                        // Reported by the first block within the radius only.
                        var earlier = false
                        for e in 0..<b where (Self.block(h, e) ^ Self.block(other, e)).nonzeroBitCount <= radius {
                            earlier = true
                            break
                        }
                        if !earlier, accept(i, j) { found.append(Pair(first: i, second: j, distance: d)) }
                    }
                }
            }
        }
        found.sort { ($0.first, $0.second) < ($1.first, $1.second) }
        return found
    }

    /// All 16-bit masks with at most `radius` bits set, in increasing order.
    public static func probes(radius: Int) -> [UInt64] {
        (0..<UInt64(1 << 16)).filter { $0.nonzeroBitCount <= radius }
    }

    private func lowerBound(_ array: [UInt64], _ value: UInt64) -> Int {
        var low = 0, high = array.count
        while low < high {
            let mid = (low + high) / 2
            if array[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
