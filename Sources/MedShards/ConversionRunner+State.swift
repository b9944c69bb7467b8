#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The ordered writer's state: open shard writers, the manifest so far, and what resume must skip.
///
/// Resume rests on one invariant: within a split, samples are written in key order, so the
/// shards listed in a manifest always hold a prefix of the split. The *watermark* of a split is the
/// position of the last input with a sample in a listed shard; inputs before it are done (written,
/// or skipped with their error recorded), the input at it may be partly written (augmented copies
/// straddling two shards), and everything after it is redone.
struct RunState {
    let options: ConversionOptions
    var manifest: Manifest
    /// Inputs this run still has to process, in key order.
    var work: [ConversionInput] = []
    /// Errors already committed (listed in the manifest), pre-pipeline ones included.
    var committedErrors: [ErrorRecord]
    /// The hash of this run's inputs: the options', or on resume the folder's.
    var sourceHash: SourceHash { manifest.sourceHash ?? .sha256 }

    private var writers: [String: ShardWriter] = [:]
    private var firstShardIndex: [String: Int] = [:]
    private var positions: [String: Int] = [:]  // input key -> position in its split
    private var watermark: [String: Int] = [:]
    private var committedKeys: Set<String> = []
    private var pendingErrors: [String: [(position: Int, record: ErrorRecord)]] = [:]
    /// The previous run's files being deleted (`overwrite`); waited for before the writer touches the folder.
    private var pendingRemoval: OutputFolder.PendingRemoval?
    /// When the manifest was last written by a shard commit; `nil` before the first.
    private var lastManifestWrite: ContinuousClock.Instant?
    /// The shortest time between two manifest rewrites while shards complete.
    private static let manifestWriteInterval: Duration = .seconds(5)

    init(
        options: ConversionOptions, inputs: [ConversionInput], digest: String, preSkipped: [ErrorRecord],
        ignored: [String] = [], previous: Manifest?, pendingRemoval: OutputFolder.PendingRemoval? = nil
    ) throws(ShardError) {
        self.options = options
        self.pendingRemoval = pendingRemoval
        var counts: [String: Int] = [:]
        for input in inputs {
            positions[input.key] = counts[input.split, default: 0]
            counts[input.split, default: 0] += 1
        }
        manifest = Manifest(
            toolVersion: options.toolVersion, pipeline: options.pipeline, inputDigest: digest,
            worker: options.worker, skipped: preSkipped.sorted())
        manifest.ignored = ignored.isEmpty ? nil : ignored.sorted()
        // A manifest without the field predates it and used SHA-256.
        manifest.sourceHash = previous.map { $0.sourceHash ?? .sha256 } ?? options.sourceHash ?? .blake3
        committedErrors = preSkipped
        guard let previous else {
            work = inputs
            return
        }
        try Self.checkCompatible(previous, with: manifest, folder: options.folder)
        if let asked = options.sourceHash, asked != manifest.sourceHash {
            throw ShardError(
                .manifestMismatch, path: options.folder + "/" + Manifest.fileName,
                reason: "cannot resume: the folder's inputs were hashed with \(sourceHash.rawValue), this run asks for \(asked.rawValue); use --overwrite to start again")
        }
        if previous.complete {
            manifest = previous
            committedErrors = previous.skipped
            return
        }
        manifest.shards = previous.shards
        manifest.samples = previous.samples
        options.duplicateGate?.seed(previous.samples)
        manifest.complete = previous.complete
        // Keyed by bytes: two sources that differ only in Unicode normalization (NFC and NFD "é") are
        // two files, which String keys would merge.
        var inputBySource: [[UInt8]: ConversionInput] = [:]
        for input in inputs { inputBySource[Array(input.source.utf8)] = input }
        for sample in previous.samples {
            committedKeys.insert(sample.key)
            guard let input = inputBySource[Array(sample.source.utf8)] else { continue }
            try Self.checkUnchanged(input, since: sample)
            if let position = positions[input.key] {
                watermark[input.split] = max(watermark[input.split] ?? -1, position)
            }
        }
        for shard in previous.shards { firstShardIndex[shard.split, default: 0] += 1 }
        let preSkippedSet = Set(preSkipped)
        for record in previous.skipped where !preSkippedSet.contains(record) {
            // Keep an earlier run's error only if its input lies before the watermark: it will not be redone.
            if let input = inputBySource[Array(record.path.utf8)], let position = positions[input.key],
                position < watermark[input.split] ?? -1
            {
                committedErrors.append(record)
            }
        }
        manifest.skipped = committedErrors.sorted()
        work = inputs.filter { positions[$0.key] ?? 0 >= watermark[$0.split] ?? -1 }
    }

    /// Refuses to resume when an input already converted is gone or has another size than the
    /// manifest records: its samples would no longer be what the file now holds. (Re-hashing every
    /// converted input would catch an edit that keeps the size, at the cost of reading it all again.)
    private static func checkUnchanged(_ input: ConversionInput, since sample: Manifest.Sample) throws(ShardError) {
        guard let recorded = sample.sourceBytes else { return }
        var info = stat()
        let size = input.file.withPath { stat($0, &info) } == 0 ? Int(info.st_size) : nil
        guard size != recorded else { return }
        throw ShardError(
            .manifestMismatch, path: input.source,
            reason: "cannot resume: "
                + (size.map { "the file has \($0) bytes, the manifest says \(recorded)" } ?? "the file is gone")
                + " since it was converted; use --overwrite to start again")
    }

    private static func checkCompatible(
        _ previous: Manifest, with current: Manifest,
        folder: String
    ) throws(ShardError) {
        var differences: [String] = []
        if previous.toolVersion != current.toolVersion {
            differences.append("tool version \(previous.toolVersion) vs \(current.toolVersion)")
        }
        if previous.pipeline != current.pipeline { differences.append("pipeline parameters") }
        if previous.inputDigest != current.inputDigest { differences.append("the set of inputs or their splits") }
        if previous.worker?.index != current.worker?.index || previous.worker?.count != current.worker?.count {
            differences.append("worker index or count")
        } else if previous.worker?.inputSetDigest != current.worker?.inputSetDigest {
            differences.append("the whole input listing the workers split")
        }
        guard differences.isEmpty else {
            throw ShardError(
                .manifestMismatch, path: folder + "/" + Manifest.fileName,
                reason: "cannot resume: this run differs from the one in the folder in "
                    + differences.joined(separator: ", ") + "; use --overwrite to start again")
        }
    }

    mutating func consume(
        _ outcome: ConversionRunner.Outcome, input: ConversionInput,
        counters: inout ConversionProgress
    ) throws(ShardError) {
        try awaitRemoval()
        let position = positions[input.key] ?? 0
        switch outcome {
        case .skipped(let record, let bytesRead):
            counters.bytesRead += bytesRead
            counters.skipped += 1
            pendingErrors[input.split, default: []].append((position, record))
        case .samples(var samples, let digest, let bytesRead):
            counters.bytesRead += bytesRead
            if let gate = options.duplicateGate, !samples.contains(where: { committedKeys.contains($0.key) }) {
                switch gate.admit(samples, input: input) {
                case .write(let admitted): samples = admitted
                case .drop(let record):
                    counters.skipped += 1
                    pendingErrors[input.split, default: []].append((position, record))
                    return
                }
            }
            let writer = writer(for: input.split)
            let source = ShardWriter.Source(path: input.source, digest: digest, bytes: bytesRead, position: position)
            for sample in samples where !committedKeys.contains(sample.key) {
                counters.samples += 1
                for completed in try writer.add(sample, source: source) {
                    try commit(completed, counters: &counters)
                }
            }
        }
    }

    mutating func finish(counters: inout ConversionProgress) throws(ShardError) {
        try awaitRemoval()
        guard !manifest.complete else { return }
        var shardFiles: [AtomicFile] = []
        for split in writers.keys.sorted() {
            if let (completed, file) = try writers[split]?.finishWriting() {
                shardFiles.append(file)
                try commit(completed, counters: &counters, write: false)
            }
        }
        for (_, errors) in pendingErrors { committedErrors += errors.map(\.record) }
        pendingErrors = [:]
        manifest.skipped = committedErrors.sorted()
        manifest.complete = true
        // The last shards, errors.jsonl and the manifest committed together (the manifest last):
        // one after the other they waited for six disk flushes, a serial tail no --jobs shortens.
        let errorLog = try AtomicFile(path: options.folder + "/" + OutputFolder.errorLogName)
        try errorLog.write(ErrorRecord.jsonLines(manifest.skipped))
        let manifestFile = try AtomicFile(path: options.folder + "/" + Manifest.fileName)
        try manifestFile.write(try manifest.encoded())
        try AtomicFile.commit(shardFiles + [errorLog], then: manifestFile)
    }

    /// Waits, once, for the previous run's files to be gone (`overwrite`), rethrowing its failure.
    private mutating func awaitRemoval() throws(ShardError) {
        guard let removal = pendingRemoval else { return }
        try removal.wait()
        pendingRemoval = nil
    }

    private mutating func writer(for split: String) -> ShardWriter {
        if let writer = writers[split] { return writer }
        let writer = ShardWriter(
            folder: options.folder, split: split, limits: options.limits,
            firstIndex: firstShardIndex[split] ?? 0)
        writers[split] = writer
        return writer
    }

    private mutating func commit(
        _ completed: ShardWriter.CompletedShard, counters: inout ConversionProgress,
        write shouldWrite: Bool = true
    ) throws(ShardError) {
        let split = completed.shard.split
        manifest.shards.append(completed.shard)
        manifest.samples += completed.samples
        counters.shards += 1
        counters.bytesWritten += completed.shard.bytes
        watermark[split] = max(watermark[split] ?? -1, completed.lastPosition)
        let limit = watermark[split] ?? -1
        let errors = pendingErrors[split] ?? []
        committedErrors += errors.filter { $0.position < limit }.map(\.record)
        pendingErrors[split] = errors.filter { $0.position >= limit }
        manifest.skipped = committedErrors.sorted()
        let now = ContinuousClock.now
        if shouldWrite, lastManifestWrite.map({ now - $0 >= Self.manifestWriteInterval }) ?? true {
            try write()
            lastManifestWrite = now
        }
    }

    private func write() throws(ShardError) {
        // errors.jsonl first: a manifest never lists an error the log does not have.
        try AtomicFile.write(
            ErrorRecord.jsonLines(manifest.skipped), to: options.folder + "/" + OutputFolder.errorLogName)
        try manifest.write(folder: options.folder)
    }
}
