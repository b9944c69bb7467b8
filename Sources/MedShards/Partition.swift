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
}
