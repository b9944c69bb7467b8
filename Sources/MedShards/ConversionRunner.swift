import Crypto
import Foundation
import MedCore

/// One input of a conversion, after listing, keying, partitioning and split assignment.
public struct ConversionInput: Sendable, Equatable {
    /// The caller's index for this input (into its own label table, for instance).
    public var index: Int
    /// The sample key; augmented copies add their own suffix.
    public var key: String
    /// The file.
    public var file: InputFile
    /// The split name, which is also the shard prefix: `train`, `val` or `test`
    /// (``OutputFolder/shardPrefixes``; the runner refuses others, which it could not clean up).
    public var split: String
    /// How the output names the input (manifest `source`, `errors.jsonl` `path`, the input digest):
    /// its relative path, or a pseudonym of it when paths may hold identifiers.
    public var source: String

    /// Creates an input; `source` defaults to the file's relative path.
    public init(index: Int, key: String, file: InputFile, split: String, source: String? = nil) {
        self.index = index
        self.key = key
        self.file = file
        self.split = split
        self.source = source ?? file.relativePath
    }
}

/// An input file's bytes and their digest, hashed once by the runner for the manifest and the pipeline.
public struct SourceData: Sendable {
    /// The whole file.
    public var bytes: [UInt8]
    /// The digest of ``bytes`` (BLAKE3 unless the run asked for SHA-256).
    public var digest: SourceDigest

    /// Creates source data.
    public init(bytes: [UInt8], digest: SourceDigest) {
        self.bytes = bytes
        self.digest = digest
    }
}

/// How a conversion writes its folder.
public struct ConversionOptions: Sendable {
    /// The output folder.
    public var folder: String
    /// What to do with a non-empty folder.
    public var mode: OutputFolder.Mode
    /// Shard size limits.
    public var limits: ShardWriter.Limits
    /// Worker threads running the pipeline, at least 1.
    public var jobs: Int
    /// Most inputs in flight (being processed or waiting to be written); bounds memory.
    public var window: Int
    /// Recorded in the manifest; a resumed run must match it.
    public var toolVersion: String
    /// The full pipeline description; a resumed run must match it.
    public var pipeline: ManifestValue
    /// The worker subset, when scaled out.
    public var worker: Manifest.Worker?
    /// The hash of the inputs; `nil` means BLAKE3 for a new folder and, on resume, the hash the
    /// folder's manifest names (SHA-256 when it names none). A resume with another hash is refused.
    public var sourceHash: SourceHash?
    /// `convert --dedupe`: near-duplicate checks in key order; `nil` for none.
    public var duplicateGate: DuplicateGate?

    /// Creates options; `window` defaults to twice the jobs.
    public init(
        folder: String, mode: OutputFolder.Mode = .fresh, limits: ShardWriter.Limits, jobs: Int = 1,
        window: Int? = nil, toolVersion: String, pipeline: ManifestValue, worker: Manifest.Worker? = nil,
        sourceHash: SourceHash? = nil
    ) {
        self.sourceHash = sourceHash
        precondition(jobs >= 1, "at least one job")
        self.folder = folder
        self.mode = mode
        self.limits = limits
        self.jobs = jobs
        self.window = window ?? max(2 * jobs, 2)
        self.toolVersion = toolVersion
        self.pipeline = pipeline
        self.worker = worker
    }
}

/// Counters of a running or finished conversion.
public struct ConversionProgress: Sendable, Codable, Equatable {
    /// Inputs in this run (after partitioning), including those already done by a resumed run.
    public var total = 0
    /// Inputs already written or skipped by an earlier, interrupted run.
    public var resumed = 0
    /// Inputs processed by this run.
    public var processed = 0
    /// Samples written by this run.
    public var samples = 0
    /// Inputs skipped (in errors.jsonl), in this run and before.
    public var skipped = 0
    /// Input bytes read by this run.
    public var bytesRead = 0
    /// Shard bytes completed by this run.
    public var bytesWritten = 0
    /// Shards completed by this run.
    public var shards = 0

    /// Inputs done, resumed ones included.
    public var done: Int { resumed + processed }
}

/// Converts a list of inputs into a shard folder: the parallel, ordered, resumable batch runner.
///
/// The caller supplies the pipeline as a pure function of (input, bytes): decode, normalize, resize,
/// augment, encode. The runner reads each file, hashes it, runs the pipeline on `jobs` threads with
/// at most `window` inputs in flight, and writes results in sorted-key order through one
/// ``ShardWriter`` per split, so shards are byte-identical whatever `jobs` is. A failing input
/// becomes an ``ErrorRecord`` and the batch goes on.
///
/// After a completed shard, `manifest.json` (listing only complete shards) and `errors.jsonl` are
/// rewritten atomically: after the first shard, then at most every few seconds, and at the end.
/// Rewriting after every shard would cost O(shards x samples) on a large archive; a shard finished
/// but not yet listed is simply written again, to the same bytes, by `resume`. `resume` mode reprocesses exactly the inputs whose samples are not in a
/// listed shard and ends with the bytes an uninterrupted run writes.
public struct ConversionRunner: Sendable {
    /// The pipeline: the samples to write for one input (an image, and its augmented copies), or an error.
    public typealias Transform = @Sendable (ConversionInput, SourceData) throws -> [ShardSample]

    /// The options.
    public let options: ConversionOptions

    /// Creates a runner.
    public init(options: ConversionOptions) {
        self.options = options
    }

    /// SHA-256 over `key \t split \t source \n` of every input in key order: the identity of an input set.
    /// `source` is ``ConversionInput/source``, so the digest holds no path when paths are pseudonymized.
    public static func inputDigest(_ inputs: [ConversionInput]) -> String {
        var hasher = SHA256()
        for input in inputs.sorted(by: { $0.key < $1.key }) {
            hasher.update(data: Array("\(input.key)\t\(input.split)\t\(input.source)\n".utf8))
        }
        return Hex.lowercase(hasher.finalize())
    }

    /// Runs the conversion.
    ///
    /// - Parameters:
    ///   - inputs: the inputs; keys must be unique (see ``SampleKey/ensureUnique(_:)``).
    ///   - skipped: inputs already rejected before the pipeline (unreadable folders, no label row).
    ///   - ignored: how the output names the files beside the inputs that are not images; the
    ///     manifest lists them (``Manifest/ignored``).
    ///   - transform: the pipeline.
    ///   - progress: called on the calling thread after every input.
    /// - Returns: the final counters.
    /// - Throws: ``ShardError`` for problems with the output folder (never for a bad input).
    @discardableResult
    public func run(
        inputs: [ConversionInput], skipped: [ErrorRecord] = [], ignored: [String] = [], transform: @escaping Transform,
        progress: (ConversionProgress) -> Void = { _ in }
    ) throws(ShardError) -> ConversionSummary {
        let started = DispatchTime.now().uptimeNanoseconds
        if let odd = inputs.first(where: { !OutputFolder.shardPrefixes.contains(Substring($0.split)) }) {
            throw ShardError(
                .invalidArgument, path: odd.source,
                reason: "split '\(odd.split)' is not one of \(OutputFolder.shardPrefixes.sorted().joined(separator: ", "))")
        }
        let ordered = inputs.sorted { $0.key < $1.key }
        let digest = Self.inputDigest(ordered)
        // Overwriting deletes the previous run's files while the first images convert; the writer
        // waits for it before it creates or renames anything in the folder.
        let removal = options.mode == .overwrite ? try OutputFolder.overwriteInBackground(options.folder) : nil
        defer { _ = try? removal?.wait() }
        let previous = options.mode == .overwrite ? nil : try OutputFolder.prepare(options.folder, mode: options.mode)
        var state = try RunState(
            options: options, inputs: ordered, digest: digest, preSkipped: skipped, ignored: ignored,
            previous: previous, pendingRemoval: removal)
        if options.mode == .resume { try OutputFolder.removeUnlisted(options.folder, keeping: previous) }
        var counters = ConversionProgress()
        counters.total = ordered.count
        counters.resumed = ordered.count - state.work.count
        counters.skipped = state.committedErrors.count
        progress(counters)

        let work = state.work
        let hash = state.sourceHash
        let outcomes: @Sendable (Int) -> Outcome = { [transform] index in
            Self.process(work[index], hash: hash, transform: transform)
        }
        let executing = DispatchTime.now().uptimeNanoseconds
        var finishing = executing
        do {
            try OrderedExecutor.run(count: work.count, jobs: options.jobs, window: options.window, work: outcomes) {
                index, outcome in
                try state.consume(outcome, input: work[index], counters: &counters)
                counters.processed += 1
                progress(counters)
            }
            finishing = DispatchTime.now().uptimeNanoseconds
            try state.finish(counters: &counters)
        } catch let error as ShardError {
            throw error
        } catch {
            throw ShardError(.io, path: options.folder, reason: "\(error)")
        }
        progress(counters)
        let ended = DispatchTime.now().uptimeNanoseconds
        let seconds = Double(ended - started) / 1e9
        if ThreadTimes.enabled {
            let ms = { (ns: UInt64) in String(format: "%.1f", Double(ns) / 1e6) }
            FileHandle.standardError.write(Data(
                ("medprep run: before the workers \(ms(executing - started)) ms, workers \(ms(finishing - executing)) ms, "
                    + "finish (last shards, errors.jsonl, manifest) \(ms(ended - finishing)) ms\n").utf8))
        }
        return ConversionSummary(progress: counters, seconds: seconds, manifest: state.manifest)
    }

    /// The result of the pipeline for one input.
    enum Outcome: Sendable {
        case samples([ShardSample], digest: SourceDigest, bytesRead: Int)
        case skipped(ErrorRecord, bytesRead: Int)
    }

    static func process(_ input: ConversionInput, hash: SourceHash, transform: Transform) -> Outcome {
        let source: SourceData
        do {
            source = try input.file.contents(hashedWith: hash)
        } catch {
            return .skipped(ErrorRecord(path: input.source, error: error), bytesRead: 0)
        }
        let bytes = source.bytes
        do {
            let samples = try transform(input, source)
            return .samples(samples, digest: source.digest, bytesRead: bytes.count)
        } catch {
            return .skipped(ErrorRecord(path: input.source, error: error), bytesRead: bytes.count)
        }
    }
}

/// What a conversion did.
public struct ConversionSummary: Sendable {
    /// The counters.
    public var progress: ConversionProgress
    /// Wall-clock duration of the run, in seconds.
    public var seconds: Double
    /// The final manifest.
    public var manifest: Manifest

    /// Inputs processed by this run per second of wall-clock time.
    public var imagesPerSecond: Double { seconds > 0 ? Double(progress.processed) / seconds : 0 }
}
