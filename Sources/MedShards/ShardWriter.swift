/// Writes one split's samples into numbered tar shards `PREFIX-000000.tar`, `PREFIX-000001.tar`, ...
///
/// A shard is closed when it holds ``Limits/samples`` samples, or before a sample that would take it
/// past ``Limits/bytes`` (a single larger sample gets a shard of its own). Each shard is an
/// ``AtomicFile``: it exists under its name only once complete and fsynced, and ``add(_:source:)``
/// returns its manifest entries only then. The same samples in the same order give the same shards.
///
/// Not thread-safe: the ordered writer of ``ConversionRunner`` owns it.
public final class ShardWriter {
    /// When to start a new shard.
    public struct Limits: Sendable, Equatable {
        /// Most samples per shard, at least 1.
        public var samples: Int
        /// Most bytes per shard (a soft limit: one sample larger than this still gets written).
        public var bytes: Int

        /// Creates limits.
        public init(samples: Int, bytes: Int) {
            precondition(samples >= 1 && bytes >= 1, "shard limits must be positive")
            self.samples = samples
            self.bytes = bytes
        }
    }

    /// Where a sample came from, for its manifest entry.
    public struct Source: Sendable, Equatable {
        /// Input path relative to its root.
        public var path: String
        /// The input's digest.
        public var digest: SourceDigest
        /// Size of the input in bytes, when known.
        public var bytes: Int?
        /// Position of the input in its split's sorted order; used by resume.
        public var position: Int

        /// Creates a source.
        public init(path: String, digest: SourceDigest, bytes: Int? = nil, position: Int) {
            self.path = path
            self.digest = digest
            self.bytes = bytes
            self.position = position
        }
    }

    /// A shard that has been renamed into place, with its samples.
    public struct CompletedShard: Sendable, Equatable {
        /// The manifest entry.
        public var shard: Manifest.Shard
        /// The samples it holds, in order.
        public var samples: [Manifest.Sample]
        /// The split position of the last input with a sample in it.
        public var lastPosition: Int
    }

    /// The folder shards go to.
    public let folder: String
    /// The split name, used as the file prefix.
    public let split: String
    /// The limits.
    public let limits: Limits
    /// Number of the next shard to open.
    public private(set) var nextIndex: Int
    /// Bytes of shards completed by this writer.
    public private(set) var bytesCompleted = 0

    private var file: AtomicFile?
    private var tar: TarWriter?
    private var samples: [Manifest.Sample] = []
    private var lastPosition = -1

    /// A writer whose first shard will be number `firstIndex` (more than 0 when resuming).
    public init(folder: String, split: String, limits: Limits, firstIndex: Int = 0) {
        self.folder = folder
        self.split = split
        self.limits = limits
        self.nextIndex = firstIndex
    }

    /// `PREFIX-NNNNNN.tar`.
    public static func shardName(split: String, index: Int) -> String {
        let digits = String(index)
        return split + "-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".tar"
    }

    /// Appends a sample.
    ///
    /// - Returns: the shards completed by this call (zero, one, or two when a byte roll and a count roll coincide).
    /// - Throws: ``ShardError`` `io` when the file system fails.
    public func add(_ sample: ShardSample, source: Source) throws(ShardError) -> [CompletedShard] {
        var completed: [CompletedShard] = []
        let size = sample.encodedSize
        if let tar, !samples.isEmpty, tar.bytesWritten + size + 2 * TarWriter.blockSize > limits.bytes {
            if let shard = try finish() { completed.append(shard) }
        }
        if file == nil { try open() }
        let name = Self.shardName(split: split, index: nextIndex)
        do {
            for member in sample.members {
                try tar?.append(name: sample.key + "." + member.fileExtension, contents: member.contents)
            }
        } catch let error as ShardError {
            throw error
        } catch {
            throw ShardError(.io, path: folder + "/" + name, reason: "\(error)")
        }
        samples.append(
            Manifest.Sample(
                key: sample.key, source: source.path, sourceDigest: source.digest, sourceBytes: source.bytes, split: split,
                shard: name, members: sample.members.map(\.fileExtension), profile: sample.profile))
        lastPosition = max(lastPosition, source.position)
        if samples.count >= limits.samples, let shard = try finish() { completed.append(shard) }
        return completed
    }

    /// Completes the open shard, if any.
    ///
    /// - Returns: the completed shard, or `nil` when none was open.
    @discardableResult
    public func finish() throws(ShardError) -> CompletedShard? {
        guard let (completed, file) = try finishWriting() else { return nil }
        try file.commit()
        return completed
    }

    /// Completes the open shard's bytes, if one is open, without committing it: the caller commits
    /// the returned file (``AtomicFile/commit()`` or, with others, ``AtomicFile/commit(_:then:)``)
    /// before anything lists the shard.
    ///
    /// - Returns: the completed shard and its file, still under its temporary name; `nil` when none was open.
    public func finishWriting() throws(ShardError) -> (shard: CompletedShard, file: AtomicFile)? {
        guard let file, var tar else { return nil }
        let name = Self.shardName(split: split, index: nextIndex)
        do { try tar.finish() } catch let error as ShardError { throw error } catch {
            throw ShardError(.io, path: file.path, reason: "\(error)")
        }
        let sha = try file.finishWriting()
        let shard = Manifest.Shard(name: name, split: split, samples: samples.count, bytes: file.count, sha256: sha)
        let result = CompletedShard(shard: shard, samples: samples, lastPosition: lastPosition)
        bytesCompleted += file.count
        self.file = nil
        self.tar = nil
        samples = []
        lastPosition = -1
        nextIndex += 1
        return (result, file)
    }

    private func open() throws(ShardError) {
        let file = try AtomicFile(path: folder + "/" + Self.shardName(split: split, index: nextIndex))
        self.file = file
        tar = TarWriter { bytes in try file.write(bytes) }
    }
}
