#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One input file found by ``InputCatalog``.
public struct InputFile: Sendable, Hashable {
    /// The path to open (as given, joined with the walked folders).
    public var path: String
    /// The path relative to its input root: what manifests, errors and label joins use.
    public var relativePath: String

    /// Creates an entry.
    public init(path: String, relativePath: String) {
        self.path = path
        self.relativePath = relativePath
    }

    /// The file's bytes, read in one pass with `read(2)`.
    ///
    /// - Throws: ``ShardError`` `io` naming the relative path and the system's reason.
    public func contents() throws(ShardError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system("open", path: relativePath) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .system("fstat", path: relativePath) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ShardError(.io, path: relativePath, reason: "not a regular file")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw in
                read(fd, raw.baseAddress.map { $0 + filled }, raw.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .system("read", path: relativePath)
            }
            if n == 0 { break }
            filled += n
        }
        if filled < bytes.count { bytes.removeLast(bytes.count - filled) }
        return bytes
    }
}
