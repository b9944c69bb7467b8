import Crypto

/// Deterministic subsets of samples, from the sample key alone.
///
/// `--worker-index I --worker-count N` keeps the keys whose stable hash falls in bucket `I`, so N
/// copies of one command (a Slurm job array, a Kubernetes Indexed Job) cover every input exactly
/// once with no coordinator. The hash is the first 8 bytes of SHA-256 of the key's UTF-8 bytes,
/// read big endian: it is the same on every machine, process and Swift version (unlike `Hasher`).
public struct Partition: Sendable, Hashable, Codable {
    /// Zero-based index of this worker.
    public var index: Int
    /// Number of workers, at least 1.
    public var count: Int

    /// The whole set: worker 0 of 1.
    public static let all = Partition(uncheckedIndex: 0, count: 1)

    /// Creates a partition.
    ///
    /// - Throws: ``ShardError`` `invalidArgument` unless `0 <= index < count`.
    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1, (0..<count).contains(index) else {
            throw ShardError(
                .invalidArgument, path: "--worker-index",
                reason: "worker index \(index) is not in 0..<\(count) (the worker count)")
        }
        self.init(uncheckedIndex: index, count: count)
    }

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Whether this worker handles `key`.
    public func contains(key: String) -> Bool {
        count == 1 || Int(Self.stableHash(key) % UInt64(count)) == index
    }

    /// The first 8 bytes of SHA-256(`key`), big endian.
    public static func stableHash(_ key: String) -> UInt64 {
        let digest = SHA256.hash(data: Array(key.utf8))
        return digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A value in [0, 1) for `key` under `seed`, used to draw a split per image when no patient ids are known.
    ///
    /// The top 53 bits of SHA-256(seed as 8 bytes big endian ‖ key), divided by 2^53.
    public static func unitValue(key: String, seed: UInt64) -> Double {
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: seed >> (56 - 8 * UInt64($0))) }
        bytes += Array(key.utf8)
        let hash = SHA256.hash(data: bytes).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Double(hash >> 11) * 0x1p-53
    }

    /// The split for a unit value under fractions `[train, val, test, ...]` and their names.
    ///
    /// - Precondition: `fractions` and `names` have the same non-zero count; fractions are non-negative.
    public static func split(forUnitValue value: Double, fractions: [Double], names: [String]) -> String {
        precondition(!fractions.isEmpty && fractions.count == names.count, "one name per split fraction")
        let total = fractions.reduce(0, +)
        var cumulative = 0.0
        for (fraction, name) in zip(fractions, names) {
            cumulative += fraction / total
            if value < cumulative { return name }
        }
        return names[names.indices.last { fractions[$0] > 0 } ?? 0]
    }
}
