#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import MedCore
import MedImage

/// One input file found by ``InputCatalog``.
///
/// A file is named two ways: by the bytes the system knows it by, which are what it is opened
/// with, and by its ``relativePath``, the printed text (``PathText``) that manifests, errors, keys and
/// label joins use. The two differ only for names that are not UTF-8 or hold control characters.
///
/// Files of one walk share their folder's bytes, so an entry costs its relative path and little more.
public struct InputFile: Sendable, Hashable {
    /// The path relative to its input root, printed (``PathText``): what manifests, errors and label joins use.
    public var relativePath: String
    /// The bytes before the rest of the path: the walked root's parent folder with its `/`, or empty.
    let folder: [UInt8]
    /// The bytes after ``folder`` when they are not `relativePath`'s UTF-8: a listed path as given, or
    /// a name that prints differently from its bytes.
    let rest: [UInt8]?

    /// Creates an entry for a path given as text (a listed file, a table, a shard).
    public init(path: String, relativePath: String) {
        self.relativePath = relativePath
        self.folder = []
        self.rest = path == relativePath ? nil : Array(path.utf8)
    }

    /// Creates an entry from the bytes of its path: `folder` followed by `rest`.
    init(folder: [UInt8], rest: [UInt8]?, relativePath: String) {
        self.relativePath = relativePath
        self.folder = folder
        self.rest = rest
    }

    /// The bytes of the path to open, without a terminating NUL.
    public var pathBytes: [UInt8] {
        if let rest { return folder + rest }
        return folder + Array(relativePath.utf8)
    }

    /// The path to open, printed (``PathText``): for messages, never for opening.
    public var path: String { PathText.printed(pathBytes) }

    /// Calls `body` with the path as a NUL-terminated C string, for system calls.
    public func withPath<R, E: Error>(_ body: (UnsafePointer<CChar>) throws(E) -> R) throws(E) -> R {
        var bytes = pathBytes
        bytes.append(0)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(E) -> R in
            try buffer.withMemoryRebound(to: CChar.self) { (chars) throws(E) -> R in
                // A buffer of at least one byte always has an address; the fallback is never used.
                try body(chars.baseAddress ?? emptyCString)
            }
        }
    }

    /// The file's bytes, read in one pass with `read(2)` (``WholeFile``); a FIFO, socket or device
    /// is refused without blocking.
    ///
    /// - Throws: ``ShardError`` `io` naming the relative path and the system's reason.
    public func contents() throws(ShardError) -> [UInt8] {
        do {
            return try withPath { (path) throws(WholeFile.ReadFailure) in try WholeFile.contents(atPath: path) }
        } catch {
            throw ShardError(.io, path: relativePath, reason: error.message)
        }
    }

    /// The whole file and its digest under `hash`, hashed piece by piece as it is read (while each
    /// piece is still in cache), as ``ConversionRunner`` reads every input.
    ///
    /// - Throws: ``ShardError`` `io` when the file cannot be read.
    public func contents(hashedWith hash: SourceHash) throws(ShardError) -> SourceData {
        var hasher = SourceHasher(hash)
        do {
            let bytes = try withPath { (path) throws(WholeFile.ReadFailure) in
                try WholeFile.contents(atPath: path, chunkSize: 256 << 10) { hasher.update($0) }
            }
            return SourceData(bytes: bytes, digest: hasher.finalize())
        } catch {
            throw ShardError(.io, path: relativePath, reason: error.message)
        }
    }

    /// Up to `count` first bytes of the file, read without blocking (for sniffing its format).
    ///
    /// - Returns: the bytes, or `nil` when the file cannot be opened or is not a regular file.
    public func head(_ count: Int) -> [UInt8]? {
        withPath { path in try? WholeFile.head(atPath: path, count: count) }
    }
}

/// An empty C string, the never-used fallback of ``InputFile/withPath(_:)``.
nonisolated(unsafe) private let emptyCString: UnsafePointer<CChar> = {
    let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return UnsafePointer(pointer)
}()

extension InputFile {
    /// The raw bytes of the relative path (the rest of the path after ``folder``).
    var relativeBytes: [UInt8] { rest ?? Array(relativePath.utf8) }

    /// Calls `body` with the raw bytes of the relative path, without copying them when possible.
    func withRelativeBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let rest { return rest.withUnsafeBufferPointer(body) }
        if let result = relativePath.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(relativePath.utf8).withUnsafeBufferPointer(body)
    }

    /// Compares two byte strings as `memcmp` then length: negative, zero or positive.
    static func compareBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        if common > 0, let x = a.baseAddress, let y = b.baseAddress {
            let order = memcmp(x, y, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }

    /// Compares `file`'s relative path bytes with `bytes`.
    static func compareRelative(_ file: InputFile, _ bytes: [UInt8]) -> Int {
        file.withRelativeBytes { a in bytes.withUnsafeBufferPointer { b in compareBytes(a, b) } }
    }

    /// Whether `a`'s relative path precedes `b`'s in byte order.
    static func relativeOrder(_ a: InputFile, _ b: InputFile) -> Bool {
        a.withRelativeBytes { x in b.withRelativeBytes { y in compareBytes(x, y) < 0 } }
    }
}
