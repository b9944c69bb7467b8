#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a whole regular file into memory: one `read(2)` loop into an array that is not zero-filled
/// first, used by ``ImageDecoder/decode(contentsOf:options:)`` and by `convert`'s input reader.
public enum WholeFile {
    /// Why a file could not be read.
    public struct ReadFailure: Error, Sendable {
        /// The system call that failed (`open`, `fstat`, `read`); empty for a file that is not regular.
        public var call: String
        /// The system's reason (`strerror`), or "not a regular file".
        public var reason: String
        /// Bytes read before the failure.
        public var offset: Int

        /// `read failed: Input/output error`, or `not a regular file`.
        public var message: String { call.isEmpty ? reason : "\(call) failed: \(reason)" }
    }

    /// The file's bytes. Only bytes actually read become the array: a file that shrank since
    /// `fstat` comes back short, never with uninitialized memory.
    ///
    /// - Throws: ``ReadFailure`` naming the failing call and the system's reason.
    public static func contents(of path: String) throws(ReadFailure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open", offset: 0) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("fstat", offset: 0) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ReadFailure(call: "", reason: "not a regular file", offset: 0)
        }
        var error: ReadFailure?
        let bytes = [UInt8](unsafeUninitializedCapacity: Int(info.st_size)) { buffer, initialized in
            var filled = 0
            while filled < buffer.count {
                let n = read(fd, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
                if n < 0 {
                    if errno == EINTR { continue }
                    error = failure("read", offset: filled)
                    break
                }
                if n == 0 { break }
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
