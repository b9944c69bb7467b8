#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Dispatch

/// Prepares the folder a conversion writes to, and is the only code that deletes anything in it.
///
/// It only ever removes files this package writes: `manifest.json`, `errors.jsonl`, shards named
/// `SPLIT-NNNNNN.tar` (`train`, `val` or `test`, six or more digits), and the hidden
/// `.NAME.partial` temporaries of those names. Anything else (`backup-20240101.tar`, a user's
/// `.notes.partial`) is left alone.
public enum OutputFolder {
    /// What to do with a folder that already holds files.
    public enum Mode: String, Sendable, Codable {
        /// Refuse a non-empty folder.
        case fresh
        /// Continue the run recorded in the folder's manifest.
        case resume
        /// Delete the previous run's files and start again.
        case overwrite
    }

    /// The file name of the error log.
    public static let errorLogName = "errors.jsonl"

    /// The shard name prefixes this package writes: the split names.
    public static let shardPrefixes: Set<Substring> = ["train", "val", "test"]

    /// Creates the folder if needed and applies `mode`.
    ///
    /// `resume` deletes nothing here: it reads and checks the manifest, and the caller removes what
    /// the manifest does not list (``removeUnlisted(_:keeping:)``) only once it has accepted the
    /// manifest, so a resume refused for different parameters leaves the folder as it was.
    /// `overwrite` deletes the manifest first, so a kill during the deletion leaves a folder that
    /// resumes as a fresh run.
    ///
    /// - Parameter resumable: whether the refusal of a non-empty folder may suggest `--resume`
    ///   (`merge` has no such flag).
    /// - Returns: the manifest to resume from (`resume` mode with a manifest present), else `nil`.
    /// - Throws: ``ShardError`` `outputNotEmpty` for a non-empty folder in `fresh` mode; `io` on file-system failures;
    ///   `corruptManifest` / `missingShard` / `hashMismatch` when the folder cannot be resumed.
    public static func prepare(_ folder: String, mode: Mode, resumable: Bool = true) throws(ShardError) -> Manifest? {
        try makeFolders(folder)
        return try prepare(folder, entries: try list(folder), mode: mode, resumable: resumable)
    }

    /// ``prepare(_:mode:resumable:)`` once the folder exists and holds `entries`.
    private static func prepare(_ folder: String, entries: [String], mode: Mode, resumable: Bool)
        throws(ShardError) -> Manifest?
    {
        guard !entries.isEmpty else { return nil }
        switch mode {
        case .fresh:
            let examples = entries.sorted().prefix(3).map { "'\($0)'" }.joined(separator: ", ")
            throw ShardError(
                .outputNotEmpty, path: folder,
                reason:
                    "the output folder is not empty (\(entries.count) entries, such as \(examples)); "
                    + (resumable ? "pass --resume to continue an interrupted run or --overwrite to replace it"
                        : "pass --overwrite to replace it")
            )
        case .overwrite:
            if entries.contains(Manifest.fileName) {
                try remove(folder + "/" + Manifest.fileName)
                try AtomicFile.syncFolder(of: folder + "/" + Manifest.fileName)
            }
            for name in entries where isOurs(name) && name != Manifest.fileName { try remove(folder + "/" + name) }
            try AtomicFile.syncFolder(of: folder + "/" + Manifest.fileName)
            return nil
        case .resume:
            let manifest: Manifest? = entries.contains(Manifest.fileName) ? try Manifest.read(folder: folder) : nil
            for shard in manifest?.shards ?? [] {
                var info = stat()
                let path = folder + "/" + shard.name
                guard stat(path, &info) == 0 else {
                    throw ShardError(
                        .missingShard, path: path, shard: shard.name,
                        reason: "listed in the manifest but missing; cannot resume (use --overwrite)")
                }
                guard Int(info.st_size) == shard.bytes else {
                    throw ShardError(
                        .hashMismatch, path: path, shard: shard.name,
                        reason:
                            "has \(info.st_size) bytes, the manifest says \(shard.bytes); cannot resume (use --overwrite)"
                    )
                }
            }
            return manifest
        }
    }

    /// ``prepare(_:mode:resumable:)`` in `overwrite` mode, with the deletion on another thread.
    ///
    /// Creates the folder and lists it here (so a path that is not a folder fails at once); then,
    /// on a background thread and in ``prepare(_:mode:resumable:)``'s order, removes the manifest,
    /// fsyncs the folder, removes the previous run's other files and fsyncs the folder again. That
    /// took 1.4-18 ms (unlinking a shard frees its blocks and page cache; each fsync waits for a
    /// journal commit), all before the first image, inside every `--overwrite` run's time. A run
    /// converts meanwhile and must call ``PendingRemoval/wait()`` before it creates or renames
    /// anything in the folder; the files a kill leaves behind are those a kill during
    /// ``prepare(_:mode:resumable:)`` leaves.
    ///
    /// - Returns: the deletion in progress, or `nil` when the folder held nothing.
    /// - Throws: ``ShardError`` `io` when the folder cannot be created or listed.
    public static func overwriteInBackground(_ folder: String) throws(ShardError) -> PendingRemoval? {
        try makeFolders(folder)
        let entries = try list(folder)
        guard !entries.isEmpty else { return nil }
        return PendingRemoval { () throws(ShardError) in
            _ = try prepare(folder, entries: entries, mode: .overwrite, resumable: true)
        }
    }

    /// A deletion running on another thread (``overwriteInBackground(_:)``).
    public final class PendingRemoval: @unchecked Sendable {
        // `failure` is written once by the background thread before `done` is signalled, and read
        // only after a wait on `done`.
        private let done = DispatchSemaphore(value: 0)
        private var failure: ShardError?
        private var finished = false

        init(_ work: @escaping @Sendable () throws(ShardError) -> Void) {
            DispatchQueue.global(qos: .userInitiated).async { [self] in
                do throws(ShardError) { try work() } catch { failure = error }
                done.signal()
            }
        }

        /// Blocks until the deletion is complete and durable.
        ///
        /// - Throws: the deletion's ``ShardError`` (every time it is called).
        public func wait() throws(ShardError) {
            if !finished {
                done.wait()
                finished = true
            }
            if let failure { throw failure }
        }
    }

    /// Removes, after a resume was accepted, what an interrupted run left that `manifest` does not
    /// list: temporaries, shards renamed into place just before a kill (they are redone), and the
    /// error log of a run that never wrote a manifest.
    public static func removeUnlisted(_ folder: String, keeping manifest: Manifest?) throws(ShardError) {
        let entries = try list(folder)
        let listed = Set(manifest?.shards.map(\.name) ?? [])
        for name in entries where isTemporary(name) || (isShardName(name) && !listed.contains(name)) {
            try remove(folder + "/" + name)
        }
        if manifest == nil, entries.contains(errorLogName) { try remove(folder + "/" + errorLogName) }
    }

    /// Whether `name` is a shard file name this package writes: `SPLIT-NNNNNN.tar`, with a split
    /// name of ``shardPrefixes`` and six or more digits.
    public static func isShardName(_ name: String) -> Bool {
        guard name.hasSuffix(".tar") else { return false }
        let stem = name.dropLast(4)
        guard let dash = stem.lastIndex(of: "-") else { return false }
        let digits = stem[stem.index(after: dash)...]
        return digits.count >= 6 && digits.allSatisfy { $0.isASCII && $0.isNumber }
            && shardPrefixes.contains(stem[..<dash])
    }

    /// Whether `name` is the temporary (`.NAME.partial`) of a file this package writes.
    static func isTemporary(_ name: String) -> Bool {
        guard name.hasPrefix("."), name.hasSuffix(".partial") else { return false }
        let target = String(name.dropFirst().dropLast(".partial".count))
        return target == Manifest.fileName || target == errorLogName || isShardName(target)
    }

    static func isOurs(_ name: String) -> Bool {
        name == Manifest.fileName || name == errorLogName || isShardName(name) || isTemporary(name)
    }

    /// Whether `a` and `b` name one existing folder (same device and inode), however spelled.
    public static func isSameFolder(_ a: String, _ b: String) -> Bool {
        guard let first = FolderIdentity(path: a) else { return false }
        return first == FolderIdentity(path: b)
    }

    /// `mkdir -p`.
    static func makeFolders(_ folder: String) throws(ShardError) {
        var path = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") {
            path += "/" + component
            if mkdir(path, 0o755) != 0 && errno != EEXIST { throw .system("mkdir", path: path) }
        }
        var info = stat()
        guard stat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw ShardError(.io, path: folder, reason: "is not a folder")
        }
    }

    static func list(_ folder: String) throws(ShardError) -> [String] {
        guard let directory = opendir(folder) else { throw .system("opendir", path: folder) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func remove(_ path: String) throws(ShardError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw .system("unlink", path: path) }
    }
}

/// A folder's device and inode: one folder however its path is spelled.
struct FolderIdentity: Equatable {
    var device: UInt64
    var inode: UInt64

    /// The identity of `info`, which `stat` filled for a folder.
    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    /// The identity of the folder at `path`; `nil` when it does not exist or is not a folder.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
        self.init(info)
    }
}
