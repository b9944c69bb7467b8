import Foundation
import MedShards

/// The shard folders a report reads: their manifests, and each sample reduced to what the report uses.
struct ReportInput {
    /// One sample as the report sees it.
    struct Sample {
        var folder: Int
        var key: String
        /// What the report calls the sample: its key when the folder's paths were pseudonymized or
        /// with `--show-source-paths`, else ``ReportInput/hiddenName(prefix:of:)`` of the key (keys
        /// repeat input paths, which often carry patient names, ids or accession numbers).
        var name: String
        var source: String
        var split: String
        var shard: String
        var members: [String]
        var profile: SampleProfile?
        /// `false` for an augmented copy (a later sample of the same source in the same folder).
        var isOriginal: Bool
    }

    var folders: [ReportData.Folder]
    var paths: [String]
    var samples: [Sample]
    var skipped: [ErrorRecord]
    var ignored: Int
    /// The label vocabulary of the first folder that records one.
    var vocabulary: [String]?

    /// Reads the manifests of `paths`.
    ///
    /// - Parameters:
    ///   - paths: The shard folders.
    ///   - showsSourcePaths: Whether samples keep their keys and skipped inputs their paths whatever
    ///     the manifest says (`--show-source-paths`).
    /// - Throws: `ShardError` when a manifest is missing or does not decode.
    init(paths: [String], showsSourcePaths: Bool = false) throws {
        self.paths = paths
        folders = []
        samples = []
        skipped = []
        ignored = 0
        for (index, path) in paths.enumerated() {
            let manifestPath = path + "/" + Manifest.fileName
            guard let data = FileManager.default.contents(atPath: manifestPath) else {
                throw ShardError(.io, path: manifestPath, reason: "cannot read the manifest")
            }
            let manifest: Manifest
            do {
                manifest = try ManifestCoding.decoder().decode(Manifest.self, from: data)
            } catch {
                throw ShardError(.corruptManifest, path: manifestPath, reason: "does not decode: \(error)")
            }
            let shardLines = manifest.shards.flatMap { Array("\($0.name) \($0.sha256)\n".utf8) }
            folders.append(
                ReportData.Folder(
                    path: path, toolVersion: manifest.toolVersion, complete: manifest.complete,
                    inputDigest: manifest.inputDigest, manifestSHA256: ContentHash.sha256(Array(data)),
                    shards: manifest.shards.count, shardBytes: manifest.shards.reduce(0) { $0 + $1.bytes },
                    shardDigest: ContentHash.sha256(shardLines), worker: manifest.worker,
                    pipeline: manifest.pipeline))
            if vocabulary == nil, case .array(let names)? = manifest.pipeline["labels"]?["vocabulary"] {
                vocabulary = names.compactMap { if case .string(let s) = $0 { s } else { nil } }
            }
            let keysShown = showsSourcePaths || manifest.pipeline["pathsPseudonymized"] == .bool(true)
            var seenSources = Set<String>()
            samples.reserveCapacity(samples.count + manifest.samples.count)
            for s in manifest.samples {
                let original = seenSources.insert(s.source).inserted
                samples.append(
                    Sample(
                        folder: index, key: s.key,
                        name: keysShown ? s.key : Self.hiddenName(prefix: "sample", of: s.key), source: s.source,
                        split: s.split, shard: s.shard, members: s.members, profile: s.profile, isOriginal: original))
            }
            if keysShown {
                skipped += manifest.skipped
            } else {
                let keys = Set(manifest.samples.map(\.key))
                skipped += manifest.skipped.map { Self.hidingPath($0, keys: keys) }
            }
            ignored += manifest.ignored?.count ?? 0
        }
    }

    /// `PREFIX-` and the first 16 hex digits of the SHA-256 of `text`: a name that says nothing of
    /// the path it stands for, yet finds it again (hash the manifest's keys or errors.jsonl's paths).
    static func hiddenName(prefix: String, of text: String) -> String {
        prefix + "-" + ContentHash.sha256(Array(text.utf8)).prefix(16)
    }

    /// A skipped input named by ``hiddenName(prefix:of:)``; its path and file name are also cut out
    /// of the reason, and so is any sample key it quotes ("near-duplicate of KEY in train"), as its
    /// ``hiddenName(prefix:of:)``.
    ///
    /// - Parameters:
    ///   - record: The manifest's record.
    ///   - keys: The sample keys of the record's folder.
    static func hidingPath(_ record: ErrorRecord, keys: Set<String>) -> ErrorRecord {
        let name = hiddenName(prefix: "input", of: record.path)
        var reason = record.reason
        let file = (record.path as NSString).lastPathComponent
        for text in [record.path, file] where !text.isEmpty {
            reason = reason.replacingOccurrences(of: text, with: name)
        }
        // Keys are runs of [A-Za-z0-9_-] (SampleKey): each such run of the reason that is a key is replaced.
        var result = "", token = ""
        func flush() {
            result += keys.contains(token) ? hiddenName(prefix: "sample", of: token) : token
            token = ""
        }
        for character in reason {
            if character.isASCII && (character.isLetter || character.isNumber || character == "_" || character == "-") {
                token.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return ErrorRecord(path: name, code: record.code, location: record.location, reason: result)
    }
}
