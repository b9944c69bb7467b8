import Foundation
import MedShards

/// The shard folders a report reads: their manifests, and each sample reduced to what the report uses.
struct ReportInput {
    /// One sample as the report sees it.
    struct Sample {
        var folder: Int
        var key: String
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
    /// - Throws: `ShardError` when a manifest is missing or does not decode.
    init(paths: [String]) throws {
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
            var seenSources = Set<String>()
            samples.reserveCapacity(samples.count + manifest.samples.count)
            for s in manifest.samples {
                let original = seenSources.insert(s.source).inserted
                samples.append(
                    Sample(
                        folder: index, key: s.key, source: s.source, split: s.split, shard: s.shard, members: s.members,
                        profile: s.profile, isOriginal: original))
            }
            skipped += manifest.skipped
            ignored += manifest.ignored?.count ?? 0
        }
    }
}
