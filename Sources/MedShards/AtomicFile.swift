#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Crypto
import Foundation
import MedCore

/// A file that appears under its final name complete or not at all.
///
/// Bytes go to a hidden temporary file in the same folder (`.NAME.partial`), are fsynced, and the
/// file is renamed into place; the folder is fsynced too, so the rename survives a power cut
/// (POSIX `rename(2)` is atomic within one file system). A process killed before ``commit()``
/// leaves only the temporary file, which ``OutputFolder`` removes on the next run. The SHA-256
/// and size of everything written are computed on the way, so a shard is never read back to hash it.
///
/// Not thread-safe: one writer owns it.
public final class AtomicFile {
    /// The final path.
    public let path: String
    /// The temporary path bytes go to until ``commit()``.
    public let temporaryPath: String
    /// Bytes written so far.
    public private(set) var count = 0

    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var hasher = SHA256()
    /// Bytes handed to `write(2)` so far (``count`` less what is still buffered).
    private var written = 0
    private static let bufferCapacity = 1 << 20

    /// Creates (or truncates) the temporary file for `path`.
    ///
    /// - Throws: ``ShardError`` `io` when the temporary file cannot be created.
    public init(path: String) throws(ShardError) {
        self.path = path
        self.temporaryPath = Self.temporaryPath(for: path)
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .system("open", path: temporaryPath) }
        buffer.reserveCapacity(Self.bufferCapacity)
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    /// The hidden temporary name used for `path`: `.NAME.partial` in the same folder.
    public static func temporaryPath(for path: String) -> String {
        let (folder, name) = splitPath(path)
        return folder + "." + name + ".partial"
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(ShardError) {
        hasher.update(bufferPointer: bytes)
        count += bytes.count
        if buffer.count + bytes.count > Self.bufferCapacity { try flush() }
        if bytes.count >= Self.bufferCapacity {
            try writeAll(bytes)
            startWriteback(from: written, count: bytes.count)
            written += bytes.count
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws(ShardError) {
        let result: Result<Void, ShardError> = bytes.withUnsafeBytes { raw in
            do throws(ShardError) { try write(raw) } catch { return .failure(error) }
            return .success(())
        }
        try result.get()
    }

    /// Flushes, fsyncs, closes and renames the file into place, then fsyncs the folder.
    ///
    /// - Returns: the lowercase hex SHA-256 of the file's bytes.
    /// - Throws: ``ShardError`` `io` naming the failed call.
    @discardableResult
    public func commit() throws(ShardError) -> String {
        try flush()
        guard fsync(descriptor) == 0 else { throw .system("fsync", path: temporaryPath) }
        try closeAndRename()
        try Self.syncFolder(of: path)
        return Hex.lowercase(hasher.finalize())
    }

    /// Writes out the buffered bytes and returns the lowercase hex SHA-256 of everything written,
    /// leaving the file open for ``commit()`` or ``commit(_:then:)``; nothing may be written after.
    public func finishWriting() throws(ShardError) -> String {
        try flush()
        return Hex.lowercase(hasher.finalize())
    }

    /// Commits several files of one folder, and then `last`, with as few waits for the disk as the
    /// order allows: the bytes of all of them are fsynced at once (in parallel, so the file system
    /// can commit them together), every file of `files` is renamed into place and the folder
    /// fsynced, and only then `last` is renamed and the folder fsynced again.
    ///
    /// The guarantee is ``commit()``'s for each file, and `last` appears under its name only once
    /// every file of `files` is durable under its own: the manifest, which lists shards and errors,
    /// goes last. Committing them one after the other waits for six disk flushes; this waits for
    /// three.
    ///
    /// - Throws: ``ShardError`` `io` naming the first failed call and its file; files not yet
    ///   renamed stay under their temporary names (removed by the next run).
    public static func commit(_ files: [AtomicFile], then last: AtomicFile) throws(ShardError) {
        let all = files + [last]
        for file in all { try file.flush() }
        let failures = SyncFailures(count: all.count)
        let descriptors = all.map(\.descriptor)
        DispatchQueue.concurrentPerform(iterations: descriptors.count) { index in
            if fsync(descriptors[index]) != 0 { failures.record(errno, at: index) }
        }
        for (index, file) in all.enumerated() {
            if let code = failures.code(at: index) {
                errno = code
                throw .system("fsync", path: file.temporaryPath)
            }
        }
        for file in files { try file.closeAndRename() }
        if !files.isEmpty { try syncFolder(of: files[0].path) }
        try last.closeAndRename()
        try syncFolder(of: last.path)
    }

    /// Writes `bytes` to `path` atomically in one call.
    ///
    /// - Returns: the lowercase hex SHA-256 of `bytes`.
    @discardableResult
    public static func write(_ bytes: [UInt8], to path: String) throws(ShardError) -> String {
        let file = try AtomicFile(path: path)
        try file.write(bytes)
        return try file.commit()
    }

    /// fsyncs the folder holding `path`, so a rename or unlink in it is durable.
    public static func syncFolder(of path: String) throws(ShardError) {
        let folder = splitPath(path).folder
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .system("open", path: folder) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .system("fsync", path: folder) }
    }

    /// The folder (with its trailing slash, or empty) and the last component.
    static func splitPath(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[...slash]), String(path[path.index(after: slash)...]))
    }

    /// Closes the descriptor (forgetting it even when `close` fails: the descriptor is released
    /// either way, and closing it again could close another file's) and renames the file into place.
    private func closeAndRename() throws(ShardError) {
        guard close(descriptor) == 0 else {
            descriptor = -1
            throw .system("close", path: temporaryPath)
        }
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else { throw .system("rename", path: path) }
    }

    private func flush() throws(ShardError) {
        guard !buffer.isEmpty else { return }
        let result: Result<Void, ShardError> = buffer.withUnsafeBytes { raw in
            do throws(ShardError) { try writeAll(raw) } catch { return .failure(error) }
            return .success(())
        }
        try result.get()
        startWriteback(from: written, count: buffer.count)
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Asks the kernel to start writing `count` bytes at `offset` to disk now, without waiting
    /// (Linux `sync_file_range(SYNC_FILE_RANGE_WRITE)`), so that ``commit()`` waits only for the
    /// last megabyte and the metadata. A shard's bytes otherwise all stayed dirty until the fsync
    /// of the run's finish, a serial tail that no `--jobs` shortens. Advisory: a failure here is
    /// ignored (the fsync still writes everything and reports errors); elsewhere it does nothing.
    /// The call can block while the device's request queue is full, which on a saturated disk
    /// moves part of the finish's wait into the run (where a `--jobs 2` writer thread absorbs it).
    private func startWriteback(from offset: Int, count: Int) {
        #if os(Linux) && canImport(Glibc)
            let write: UInt32 = 2  // SYNC_FILE_RANGE_WRITE, from <fcntl.h>, which the Glibc module does not export
            _ = medprep_sync_file_range(descriptor, Int64(offset), Int64(count), write)
        #endif
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(ShardError) {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = Glibc.write(descriptor, base, remaining)
            if n < 0 {
                if errno == EINTR { continue }
                throw .system("write", path: temporaryPath)
            }
            base += n
            remaining -= n
        }
    }
}

#if os(Linux) && canImport(Glibc)
    // `int sync_file_range(int, off64_t, off64_t, unsigned int)`: the arguments in registers and an
    // `int` back, the same in the Swift and C conventions.
    @_silgen_name("sync_file_range")
    private func medprep_sync_file_range(_ fd: Int32, _ offset: Int64, _ count: Int64, _ flags: UInt32) -> Int32
#endif

/// Content hashes as written in manifests.
public enum ContentHash {
    /// The SHA-256 of `bytes` as 64 lowercase hex digits (FIPS 180-4).
    public static func sha256(_ bytes: [UInt8]) -> String {
        Hex.lowercase(SHA256.hash(data: bytes))
    }
}

/// The `errno` of each failed fsync of ``AtomicFile/commit(_:then:)``, one slot per file, each written
/// by one thread of `concurrentPerform` and read after it returns.
private final class SyncFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var codes: [Int32?]

    init(count: Int) { codes = Array(repeating: nil, count: count) }

    func record(_ code: Int32, at index: Int) {
        lock.lock()
        codes[index] = code
        lock.unlock()
    }

    func code(at index: Int) -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        return codes[index]
    }
}
