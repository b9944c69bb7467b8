/// Pairs of 64-bit hashes within a Hamming distance, found by multi-index hashing (Norouzi, Punjani
/// and Fleet, CVPR 2012) rather than by comparing all pairs.
///
/// The 64 bits are cut into four 16-bit blocks. By the pigeonhole principle two hashes at distance
/// at most `t` agree to within `t / 4` bits (rounded down) in at least one block. For each block
/// the index groups the items by that block's value (a counting sort into 65536 buckets); a query
/// probes every block value within that radius (1, 17 or 137 values for radius 0, 1, 2) and checks
/// each candidate's full distance. A pair is reported by the first block in which it is within the radius only, so
/// each pair comes once, without a set of seen pairs.
///
/// Memory: 8 bytes per hash, 4 x 4 bytes per item for the grouped blocks, and 2 MB of bucket
/// starts. Time: for hashes spread over the space, O(n x probes x n / 65536) candidate checks —
/// sub-quadratic (a factor 65536 / 68 under all pairs at radius 1); near-equal
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
    /// Per block b: item indices grouped by that block's value (counting sort), at `b * n`.
    private let items: [UInt32]
    /// Per block b: where each of the 65536 block values starts in ``items``, at `b * 65537`.
    private let starts: [Int]

    /// Builds the index.
    ///
    /// - Precondition: fewer than 2^32 hashes.
    /// - Complexity: O(n) time (a counting sort per block); 8 + 16 bytes per hash plus 2 MB.
    public init(hashes: [UInt64]) {
        precondition(hashes.count < 1 << 32, "at most 2^32 hashes")
        self.hashes = hashes
        let n = hashes.count
        var items = [UInt32](repeating: 0, count: 4 * n)
        var starts = [Int](repeating: 0, count: 4 * 65537)
        for b in 0..<4 {
            let s0 = b * 65537
            for h in hashes { starts[s0 + Int(Self.block(h, b)) + 1] += 1 }
            for v in 0..<65536 { starts[s0 + v + 1] += starts[s0 + v] }
            var next = Array(starts[s0..<(s0 + 65536)])
            for (i, h) in hashes.enumerated() {
                let v = Int(Self.block(h, b))
                items[b * n + next[v]] = UInt32(i)
                next[v] += 1
            }
        }
        self.items = items
        self.starts = starts
    }

    /// Block `b` (0...3) of a hash: bits `16b ..< 16b + 16`.
    @inline(__always) public static func block(_ hash: UInt64, _ b: Int) -> UInt64 { (hash >> UInt64(16 * b)) & 0xFFFF }

    /// Every pair at distance `threshold` or less, in order of (first, second).
    ///
    /// - Parameters:
    ///   - threshold: 0...``maximumThreshold`` bits.
    ///   - include: items to search; others are neither queried nor returned (blank images, say).
    /// - Complexity: for n hashes spread over the space, O(n x 4 x probes x (1 + n / 65536)).
    public func pairs(within threshold: Int, including include: [Bool]? = nil) -> [Pair] {
        precondition((0...Self.maximumThreshold).contains(threshold), "threshold out of 0...\(Self.maximumThreshold)")
        precondition(include == nil || include!.count == hashes.count, "one flag per hash")
        let radius = threshold / 4
        let probes = Self.probes(radius: radius)
        let n = hashes.count
        var found: [Pair] = []
        hashes.withUnsafeBufferPointer { hashes in
            items.withUnsafeBufferPointer { items in
                starts.withUnsafeBufferPointer { starts in
                    for i in 0..<n where include?[i] ?? true {
                        let h = hashes[i]
                        for b in 0..<4 {
                            let value = Int(Self.block(h, b))
                            let s0 = b &* 65537, i0 = b &* n
                            for mask in probes {
                                let key = value ^ Int(mask)
                                var k = starts[s0 &+ key]
                                let end = starts[s0 &+ key &+ 1]
                                while k < end {
                                    let j = Int(items[i0 &+ k])
                                    k &+= 1
                                    guard j > i else { continue }
                                    let other = hashes[j]
                                    let d = (h ^ other).nonzeroBitCount
                                    guard d <= threshold, include?[j] ?? true else { continue }
                                    // Reported by the first block within the radius only.
                                    var earlier = false
                                    for e in 0..<b
                                    where (Self.block(h, e) ^ Self.block(other, e)).nonzeroBitCount <= radius {
                                        earlier = true
                                        break
                                    }
                                    if !earlier { found.append(Pair(first: i, second: j, distance: d)) }
                                }
                            }
                        }
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
}
