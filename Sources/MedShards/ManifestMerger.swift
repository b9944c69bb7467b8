#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Crypto
import MedCore

/// Joins the folders of a scaled-out run (`--worker-index I --worker-count N`) into one folder.
///
/// Every input folder must hold a complete manifest from the same tool version and pipeline, and
/// together the workers must be `0..<N` exactly once. Shards are renumbered per split in worker
/// order (`train-000000.tar` ...), so one brace pattern reads them all; they are hard-linked when
/// the folders share a file system and copied atomically otherwise. Tar contents are never
/// rewritten, so their SHA-256 carries over. The merged manifest has no worker and an input digest
/// over the workers' digests.
public enum ManifestMerger {
    /// Merges `folders` into `output`.
    ///
    /// - Parameters:
    ///   - folders: the workers' output folders, in any order.
    ///   - output: the merged folder; prepared like a conversion's (`mode`).
    ///   - mode: what to do when `output` is not empty (`resume` behaves as `fresh`).
    /// - Returns: the merged manifest.
    /// - Throws: ``ShardError`` `incompatibleManifests` naming the folder that does not fit; `io`.
    @discardableResult
    public static func merge(
        folders: [String], into output: String,
        mode: OutputFolder.Mode = .fresh
    ) throws(ShardError) -> Manifest {
        guard !folders.isEmpty else {
            throw ShardError(.invalidArgument, path: output, reason: "no folders to merge")
        }
        for folder in folders where OutputFolder.isSameFolder(folder, output) {
            throw ShardError(
                .invalidArgument, path: output,
                reason: "the merged folder is \(folder), one of the folders being merged; choose another --out")
        }
        var parts: [(folder: String, manifest: Manifest)] = []
        for folder in folders { parts.append((folder, try Manifest.read(folder: folder))) }
        parts.sort { ($0.manifest.worker?.index ?? 0) < ($1.manifest.worker?.index ?? 0) }
        let first = parts[0].manifest
        let count = first.worker?.count ?? 1
        for (folder, manifest) in parts {
            func refuse(_ reason: String) -> ShardError {
                ShardError(.incompatibleManifests, path: folder + "/" + Manifest.fileName, reason: reason)
            }
            guard manifest.complete else { throw refuse("the run did not finish; resume it first") }
            guard manifest.toolVersion == first.toolVersion else {
                throw refuse(
                    "tool version \(manifest.toolVersion) differs from \(first.toolVersion) in \(parts[0].folder)")
            }
            guard manifest.sourceHash ?? .sha256 == first.sourceHash ?? .sha256 else {
                throw refuse("inputs were hashed with another algorithm than in \(parts[0].folder)")
            }
            guard manifest.pipeline == first.pipeline else {
                throw refuse("pipeline parameters differ from those in \(parts[0].folder)")
            }
            guard (manifest.worker?.count ?? 1) == count else { throw refuse("worker count differs from \(count)") }
            guard manifest.worker?.inputSetDigest == first.worker?.inputSetDigest else {
                throw refuse(
                    "this worker split a different set of inputs from \(parts[0].folder) (other roots, files or "
                        + "options that choose inputs)")
            }
        }
        let indices = parts.map { $0.manifest.worker?.index ?? 0 }
        guard indices == Array(0..<count) else {
            throw ShardError(
                .incompatibleManifests, path: output,
                reason:
                    "expected workers 0..<\(count) once each, got \(indices.map(String.init).joined(separator: ", "))")
        }
        let mode: OutputFolder.Mode = mode == .resume ? .fresh : mode
        _ = try OutputFolder.prepare(output, mode: mode, resumable: false)

        var merged = Manifest(toolVersion: first.toolVersion, pipeline: first.pipeline, inputDigest: "", complete: true)
        merged.sourceHash = first.sourceHash
        var hasher = SHA256()
        var next: [String: Int] = [:]
        var seenKeys: [String: String] = [:]
        for (folder, manifest) in parts {
            hasher.update(data: Array((manifest.inputDigest + "\n").utf8))
            var renamed: [String: String] = [:]
            for shard in manifest.shards {
                let name = ShardWriter.shardName(split: shard.split, index: next[shard.split, default: 0])
                next[shard.split, default: 0] += 1
                renamed[shard.name] = name
                try place(folder + "/" + shard.name, at: output + "/" + name)
                var entry = shard
                entry.name = name
                merged.shards.append(entry)
            }
            for sample in manifest.samples {
                if let other = seenKeys[sample.key] {
                    throw ShardError(
                        .incompatibleManifests, path: folder + "/" + Manifest.fileName,
                        reason: "sample key \(sample.key) is also in \(other)")
                }
                seenKeys[sample.key] = folder
                var entry = sample
                entry.shard = renamed[sample.shard] ?? sample.shard
                merged.samples.append(entry)
            }
            merged.skipped += manifest.skipped
        }
        merged.skipped = Array(Set(merged.skipped)).sorted()
        // Workers split the ignored files as they split inputs: each is listed by one worker.
        let ignored = parts.flatMap { $0.manifest.ignored ?? [] }.sorted()
        merged.ignored = ignored.isEmpty ? nil : ignored
        merged.inputDigest = Hex.lowercase(hasher.finalize())
        try AtomicFile.write(ErrorRecord.jsonLines(merged.skipped), to: output + "/" + OutputFolder.errorLogName)
        try merged.write(folder: output)
        return merged
    }

    /// Hard-links `source` to `destination`, or copies it atomically when linking is not possible.
    private static func place(_ source: String, at destination: String) throws(ShardError) {
        if link(source, destination) == 0 { return }
        let file = InputFile(path: source, relativePath: source)
        try AtomicFile.write(try file.contents(), to: destination)
    }
}
