import Foundation

/// `manifest.json`: what a shard folder holds and how it was made.
///
/// Written atomically after every completed shard (``complete`` is `false` until the run ends), so
/// it only ever lists shards that are whole on disk; `--resume` trusts nothing else. Holds no
/// times, host names or durations: the same inputs and parameters give the same bytes.
///
/// Samples are listed per key with the input's path relative to its root (or that path's keyed
/// pseudonym, ``ConversionInput/source``) and the input's SHA-256, so any sample can be traced to its
/// source without storing anything from inside the file.
public struct Manifest: Codable, Sendable, Equatable {
    /// The value of ``format``.
    public static let formatName = "medprep-shards"
    /// The file name in a shard folder.
    public static let fileName = "manifest.json"

    /// One tar shard.
    public struct Shard: Codable, Sendable, Equatable {
        /// File name in the folder, such as `train-000003.tar`.
        public var name: String
        /// The split it belongs to.
        public var split: String
        /// Number of samples (keys) in it.
        public var samples: Int
        /// Size in bytes.
        public var bytes: Int
        /// SHA-256 of the file, lowercase hex.
        public var sha256: String

        /// Creates a shard entry.
        public init(name: String, split: String, samples: Int, bytes: Int, sha256: String) {
            self.name = name
            self.split = split
            self.samples = samples
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    /// One sample (one key; an augmented copy is a sample of its own).
    public struct Sample: Codable, Sendable, Equatable {
        /// The sample key: the member names are `KEY.png`, `KEY.json`, ...
        public var key: String
        /// The input's path relative to its input root, or its pseudonym (``ConversionInput/source``).
        public var source: String
        /// SHA-256 of the input file, when the manifest's ``Manifest/sourceHash`` is `sha256` (or absent).
        public var sourceSHA256: String?
        /// BLAKE3 of the input file, when the manifest's ``Manifest/sourceHash`` is `blake3`.
        public var sourceBLAKE3: String?
        /// Size of the input file in bytes: `--resume` refuses to continue when a file it already
        /// converted now has another size. Absent in manifests of earlier versions.
        public var sourceBytes: Int?
        /// The split.
        public var split: String
        /// The shard file holding it.
        public var shard: String
        /// The member extensions written for it, such as `["cls", "json", "png"]`.
        public var members: [String]
        /// Quality measures, labels and demographics `medprep report` reads (``SampleProfile``);
        /// absent in manifests of earlier versions.
        public var profile: SampleProfile?

        /// Creates a sample entry.
        public init(
            key: String, source: String, sourceDigest: SourceDigest, sourceBytes: Int? = nil, split: String,
            shard: String, members: [String], profile: SampleProfile? = nil
        ) {
            self.profile = profile
            self.key = key
            self.source = source
            sourceSHA256 = sourceDigest.hash == .sha256 ? sourceDigest.hex : nil
            sourceBLAKE3 = sourceDigest.hash == .blake3 ? sourceDigest.hex : nil
            self.sourceBytes = sourceBytes
            self.split = split
            self.shard = shard
            self.members = members
        }
    }

    /// Which part of a scaled-out run this folder is.
    public struct Worker: Codable, Sendable, Equatable {
        /// Zero-based worker index.
        public var index: Int
        /// Number of workers.
        public var count: Int
        /// ``ConversionRunner/inputDigest(_:)`` of every worker's inputs together (the listing before
        /// partitioning): `merge` joins only workers that split the same input set.
        public var inputSetDigest: String?

        /// Creates a worker description.
        public init(index: Int, count: Int, inputSetDigest: String? = nil) {
            self.index = index
            self.count = count
            self.inputSetDigest = inputSetDigest
        }
    }

    /// Always ``formatName``.
    public var format: String = Manifest.formatName
    /// Version of this layout; 1.
    public var formatVersion: Int = 1
    /// The `medprep` version that wrote the folder.
    public var toolVersion: String
    /// The full pipeline description and every parameter that affects output bytes, as the tool encoded it.
    public var pipeline: ManifestValue
    /// SHA-256 over the sorted input listing (key, split, source path): what a resumed run must match.
    public var inputDigest: String
    /// The hash of the input files in ``Sample/sourceBLAKE3`` or ``Sample/sourceSHA256`` and each
    /// sample's `KEY.json`; absent in manifests written before it existed, which used SHA-256.
    public var sourceHash: SourceHash?
    /// The worker subset, or `nil` for a single-machine run or a merged folder.
    public var worker: Worker?
    /// `true` once every input has been written or skipped.
    public var complete: Bool
    /// Shards in write order (by split, then number).
    public var shards: [Shard]
    /// Samples in write order.
    public var samples: [Sample]
    /// Inputs that were skipped, sorted by path (the same records as `errors.jsonl`).
    public var skipped: [ErrorRecord]
    /// Files beside the inputs that are not images by name or first bytes (a README, a CSV), named as
    /// ``Sample/source`` names inputs, sorted; absent when there are none (``InputSelection``).
    public var ignored: [String]?

    /// Creates a manifest.
    public init(
        toolVersion: String, pipeline: ManifestValue, inputDigest: String, worker: Worker? = nil,
        complete: Bool = false, shards: [Shard] = [], samples: [Sample] = [], skipped: [ErrorRecord] = []
    ) {
        self.toolVersion = toolVersion
        self.pipeline = pipeline
        self.inputDigest = inputDigest
        self.worker = worker
        self.complete = complete
        self.shards = shards
        self.samples = samples
        self.skipped = skipped
    }

    /// The pretty-printed, key-sorted JSON bytes, ending with a newline.
    public func encoded() throws(ShardError) -> [UInt8] {
        do {
            return [UInt8](try ManifestCoding.encoder(pretty: true).encode(self)) + [UInt8(ascii: "\n")]
        } catch {
            throw ShardError(.corruptManifest, path: Self.fileName, reason: "cannot encode the manifest: \(error)")
        }
    }

    /// Reads `manifest.json` from a folder.
    ///
    /// - Throws: ``ShardError`` `io` when unreadable, `corruptManifest` when it does not decode.
    public static func read(folder: String) throws(ShardError) -> Manifest {
        let path = folder + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ShardError(.io, path: path, reason: "cannot read the manifest")
        }
        do {
            let manifest = try ManifestCoding.decoder().decode(Manifest.self, from: data)
            guard manifest.format == formatName else {
                throw ShardError(
                    .corruptManifest, path: path, reason: "format is '\(manifest.format)', not '\(formatName)'")
            }
            return manifest
        } catch let error as ShardError {
            throw error
        } catch {
            throw ShardError(.corruptManifest, path: path, reason: "does not decode: \(error)")
        }
    }

    /// Writes the manifest into `folder` atomically.
    public func write(folder: String) throws(ShardError) {
        try AtomicFile.write(try encoded(), to: folder + "/" + Self.fileName)
    }
}

extension Manifest.Sample {
    /// The input's digest, labelled with its hash; `nil` when the entry has neither field.
    public var sourceDigest: SourceDigest? {
        get {
            if let hex = sourceBLAKE3 { return SourceDigest(hash: .blake3, hex: hex) }
            return sourceSHA256.map { SourceDigest(hash: .sha256, hex: $0) }
        }
        set {
            sourceSHA256 = newValue?.hash == .sha256 ? newValue?.hex : nil
            sourceBLAKE3 = newValue?.hash == .blake3 ? newValue?.hex : nil
        }
    }
}
