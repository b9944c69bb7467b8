import Foundation
internal import CZlib

/// Reads the bytes of a label table from wherever `--labels` points: a regular file, a pipe or a
/// process substitution (`<(zcat …)`), or standard input (`-`); gzip-compressed or not.
///
/// A table is recognized as gzip by its first two bytes (1F 8B), not by its name, and inflated whole
/// (concatenated members included). A folder is refused by name instead of read. Bytes that can be
/// read only once (pipes, standard input) are kept for the life of the process, so the header can be
/// sniffed, the table read and its bytes hashed for the manifest from the one read.
/// It does not decode text; ``TableEncoding`` does.
public enum TableFile {
    /// The name standing for standard input.
    public static let standardInput = "-"

    private final class Cache: @unchecked Sendable {
        // `streams` is only touched with `lock` held.
        let lock = NSLock()
        var streams: [String: [UInt8]] = [:]
    }

    private static let cache = Cache()

    /// The table's bytes as stored (still compressed if it is gzip): what the manifest hashes.
    ///
    /// - Parameter path: The file, a pipe, or `-` for standard input.
    /// - Returns: The bytes.
    /// - Throws: ``LabelError`` `.unreadable` for a folder, a missing or unreadable file.
    public static func storedBytes(_ path: String) throws(LabelError) -> [UInt8] {
        cache.lock.lock()
        let cached = cache.streams[path]
        cache.lock.unlock()
        if let cached { return cached }
        let (bytes, isStream) = try read(path)
        if isStream {
            cache.lock.lock()
            cache.streams[path] = bytes
            cache.lock.unlock()
        }
        return bytes
    }

    /// The table as UTF-8 bytes: inflated if it is gzip, converted from `encoding`.
    ///
    /// - Parameters:
    ///   - path: The file, a pipe, or `-`.
    ///   - encoding: The encoding the text is written in.
    /// - Returns: The text's UTF-8 bytes (a byte order mark is left for the parser to skip).
    /// - Throws: ``LabelError`` `.unreadable` for a folder, an unreadable file, a corrupt gzip stream, or a
    ///   byte the encoding has no character for.
    public static func text(_ path: String, encoding: TableEncoding = .utf8) throws(LabelError) -> [UInt8] {
        var bytes = try storedBytes(path)
        if isGzip(bytes) { bytes = try inflated(bytes, path: path) }
        return try encoding.utf8(bytes, path: path)
    }

    /// The first bytes of the text, at least through the first line when it is shorter than `limit`:
    /// enough to recognize a table by its header without reading a large regular file whole.
    static func head(_ path: String, encoding: TableEncoding, limit: Int = 65_536) throws(LabelError) -> [UInt8] {
        if path != standardInput, let prefix = regularFilePrefix(path, limit: limit), !isGzip(prefix) {
            return try encoding.utf8(prefix, path: path)
        }
        return try text(path, encoding: encoding)
    }

    static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B }

    /// Up to `limit` bytes of a regular file; `nil` for anything else (the caller reads it as a stream).
    private static func regularFilePrefix(_ path: String, limit: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return try? readAll(descriptor, expected: min(limit, Int(status.st_size)), limit: limit, path: path)
    }

    /// Reads a whole file or stream; says whether it was a stream (which cannot be read again).
    private static func read(_ path: String) throws(LabelError) -> (bytes: [UInt8], isStream: Bool) {
        let isStandardInput = path == standardInput
        // O_NONBLOCK only for the open: a FIFO with no writer yet must not hang the open forever
        // (it is cleared below, so reads wait for data as a pipe's reader should).
        let descriptor = isStandardInput ? 0 : open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw LabelError(
                .unreadable, path: path, reason: "cannot open the table: \(String(cString: strerror(errno)))")
        }
        defer { if !isStandardInput { close(descriptor) } }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw LabelError(
                .unreadable, path: path, reason: "cannot read the table: \(String(cString: strerror(errno)))")
        }
        switch status.st_mode & S_IFMT {
        case S_IFDIR:
            throw LabelError(
                .unreadable, path: path,
                reason: "is a folder, not a label table; give the table file itself (for example \(path)/labels.csv)")
        case S_IFREG:
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
            return (try readAll(descriptor, expected: Int(status.st_size), limit: nil, path: path), false)
        case S_IFIFO, S_IFCHR, S_IFSOCK:
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
            return (try readAll(descriptor, expected: 0, limit: nil, path: path), true)
        default:
            throw LabelError(.unreadable, path: path, reason: "is not a file, a pipe or standard input")
        }
    }

    /// Reads until end of file (or `limit` bytes); `expected` is the size to allocate first (a regular
    /// file's size), so a file that did not grow is read into one allocation of its own size.
    private static func readAll(_ descriptor: Int32, expected: Int, limit: Int?, path: String) throws(LabelError)
        -> [UInt8]
    {
        var bytes = [UInt8](repeating: 0, count: expected)
        var count = 0
        var spare = [UInt8](repeating: 0, count: 1 << 16)
        while limit.map({ count < $0 }) ?? true {
            let room = bytes.count - count
            // When the array is full, read into `spare`: end of file then costs no growth.
            let got =
                room > 0
                ? bytes.withUnsafeMutableBytes { raw in
                    Foundation.read(descriptor, raw.baseAddress.map { $0 + count }, min(room, limit ?? room))
                }
                : spare.withUnsafeMutableBytes { raw in Foundation.read(descriptor, raw.baseAddress, raw.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw LabelError(
                    .unreadable, path: path, reason: "cannot read the table: \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            if room > 0 {
                count += got
            } else {
                bytes.append(contentsOf: spare[..<got])
                count += got
            }
        }
        if count < bytes.count { bytes.removeSubrange(count...) }
        return bytes
    }

    /// Inflates a gzip (or zlib) stream whole.
    static func inflated(_ compressed: [UInt8], path: String) throws(LabelError) -> [UInt8] {
        guard let stream = CZlib_open() else {
            throw LabelError(.unreadable, path: path, reason: "cannot start the gzip inflater (out of memory)")
        }
        defer { CZlib_close(stream) }
        var output = [UInt8](repeating: 0, count: max(1 << 16, compressed.count * 4))
        var consumed = 0
        var produced = 0
        var status = CZlib_Status()
        while true {
            let result = compressed.withUnsafeBytes { input in
                output.withUnsafeMutableBytes { out in
                    CZlib_inflate(
                        stream, input.baseAddress, input.count, &consumed, out.baseAddress, out.count, &produced,
                        &status)
                }
            }
            if result == 1 { break }
            if result < 0 {
                let message = withUnsafeBytes(of: status.message) {
                    String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                }
                throw LabelError(
                    .unreadable, path: path,
                    reason: "the gzip stream is corrupt at compressed byte \(consumed): \(message)")
            }
            output.append(contentsOf: repeatElement(0, count: output.count))
        }
        output.removeSubrange(produced...)
        return output
    }
}
