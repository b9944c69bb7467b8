#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a whole regular file into memory: one `read(2)` loop into an array that is not zero-filled
/// first, used by MedImage's `ImageDecoder.decode(contentsOf:options:)` and by MedShards' input reader.
///
/// Never blocks on something that is not a regular file: the path is checked with `stat` before it
/// is opened (opening a device can have effects), opened with `O_NONBLOCK` (opening a FIFO for
/// reading otherwise waits for a writer), and checked again with `fstat` on the open descriptor, in
/// case a FIFO, socket or device took the file's place in between. `O_NONBLOCK` changes nothing for a
/// regular file.
public enum WholeFile {
    /// Why a file could not be read.
    public struct ReadFailure: Error, Sendable {
        /// The system call that failed (`open`, `fstat`, `read`); empty for a file that is not regular.
        public var call: String
        /// The system's reason (`strerror`), or "not a regular file: a FIFO (named pipe)".
        public var reason: String
        /// Bytes read before the failure.
        public var offset: Int

        /// `read failed: Input/output error`, or `not a regular file: a folder`.
        public var message: String { call.isEmpty ? reason : "\(call) failed: \(reason)" }
    }

    /// The file's bytes.
    ///
    /// Only bytes actually read become the array: a file that shrank since `fstat` comes back
    /// short, never with uninitialized memory.
    ///
    /// - Throws: ``ReadFailure`` naming the failing call and the system's reason, or the kind of a
    ///   file that is not regular.
    public static func contents(of path: String) throws(ReadFailure) -> [UInt8] {
        // withCString rethrows as `any Error`; carry the typed failure out through a Result.
        try path.withCString { cPath in Result { () throws(ReadFailure) in try contents(atPath: cPath) } }.get()
    }

    /// The bytes of the file at `path`, a NUL-terminated path of any bytes (names need not be UTF-8).
    ///
    /// - Throws: ``ReadFailure``, as ``contents(of:)``.
    public static func contents(atPath path: UnsafePointer<CChar>) throws(ReadFailure) -> [UInt8] {
        let fd = try openRegular(path)
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("fstat", offset: 0) }
        return try readUpTo(fd, count: Int(info.st_size))
    }

    /// Reads a whole file as ``contents(atPath:)`` does, `chunkSize` bytes per `read`, calling
    /// `observe` with each piece as soon as it is read, while it is still in the CPU's cache (the
    /// converter hashes files this way instead of reading them from memory a second time).
    ///
    /// - Throws: ``ReadFailure`` as ``contents(atPath:)``.
    public static func contents(
        atPath path: UnsafePointer<CChar>, chunkSize: Int, observe: (UnsafeRawBufferPointer) -> Void
    ) throws(ReadFailure) -> [UInt8] {
        let fd = try openRegular(path)
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("fstat", offset: 0) }
        return try readUpTo(fd, count: Int(info.st_size), chunkSize: max(chunkSize, 1), observe: observe)
    }

    /// Up to `count` first bytes of the regular file at `path`, for sniffing its format.
    ///
    /// - Throws: ``ReadFailure``, as ``contents(of:)``.
    public static func head(atPath path: UnsafePointer<CChar>, count: Int) throws(ReadFailure) -> [UInt8] {
        let fd = try openRegular(path)
        defer { close(fd) }
        return try readUpTo(fd, count: count)
    }

    /// What a file that is not regular is, in words: "a FIFO (named pipe)", "a folder".
    public static func kindDescription(mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a folder"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFLNK: "a symbolic link"
        default: "not a file of a known kind"
        }
    }

    /// Opens a regular file for reading without ever blocking; refuses anything else.
    private static func openRegular(_ path: UnsafePointer<CChar>) throws(ReadFailure) -> Int32 {
        var info = stat()
        // Reported as `open`: to the user this is opening the file.
        guard stat(path, &info) == 0 else { throw failure("open", offset: 0) }
        try requireRegular(info)
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw failure("open", offset: 0) }
        var opened = stat()
        guard fstat(fd, &opened) == 0 else {
            let error = failure("fstat", offset: 0)
            close(fd)
            throw error
        }
        do throws(ReadFailure) {
            try requireRegular(opened)
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    private static func requireRegular(_ info: stat) throws(ReadFailure) {
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ReadFailure(
                call: "", reason: "not a regular file: " + kindDescription(mode: info.st_mode), offset: 0)
        }
    }

    /// Reads up to `count` bytes; only bytes actually read become the array.
    private static func readUpTo(
        _ fd: Int32, count: Int, chunkSize: Int = .max, observe: (UnsafeRawBufferPointer) -> Void = { _ in }
    ) throws(ReadFailure) -> [UInt8] {
        var error: ReadFailure?
        let bytes = [UInt8](unsafeUninitializedCapacity: max(count, 0)) { buffer, initialized in
            var filled = 0
            while filled < buffer.count {
                let n = read(fd, buffer.baseAddress.map { $0 + filled }, min(buffer.count - filled, chunkSize))
                if n < 0 {
                    if errno == EINTR { continue }
                    error = failure("read", offset: filled)
                    break
                }
                if n == 0 { break }
                observe(UnsafeRawBufferPointer(start: buffer.baseAddress.map { $0 + filled }, count: n))
                filled += n
            }
            initialized = filled
        }
        if let error { throw error }
        return bytes
    }

    private static func failure(_ call: String, offset: Int) -> ReadFailure {
        ReadFailure(call: call, reason: String(cString: strerror(errno)), offset: offset)
    }
}
