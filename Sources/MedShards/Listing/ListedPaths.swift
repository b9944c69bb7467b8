#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import MedImage

/// Paths given one by one, on the command line or in a list file (`--files-from`), for ``InputCatalog``.
///
/// Each is checked with `stat` before anything opens it, so a FIFO, socket or device is reported
/// (``ListingIssue``) instead of blocking the run, and a missing file, a dangling link or a link loop
/// is reported at once with its own code.
enum ListedPaths {
    /// What a path given by name turned out to be.
    enum Kind {
        case file(stat)
        case folder
        case issue(code: String, reason: String)
    }

    /// Classifies the file at `path` (NUL-free bytes), following symbolic links.
    static func kind(of path: [UInt8]) -> Kind {
        var info = stat()
        let found = withCString(path) { stat($0, &info) } == 0
        guard found else {
            let error = errno
            var link = stat()
            if withCString(path, { lstat($0, &link) }) == 0, link.st_mode & S_IFMT == S_IFLNK {
                let issue = ListingIssue.brokenLink(errno: error)
                return .issue(code: issue.code, reason: issue.reason)
            }
            return .issue(code: ListingIssue.unreadable, reason: systemReason(error))
        }
        if info.st_mode & S_IFMT == S_IFDIR { return .folder }
        if let issue = ListingIssue.special(mode: info.st_mode, throughLink: false) {
            return .issue(code: issue.code, reason: issue.reason)
        }
        return .file(info)
    }

    /// The entry for a listed path: its relative path drops leading `/` and `./`, which stay in
    /// the bytes opened (``InputFile/folder``).
    static func entry(_ path: [UInt8]) -> InputFile {
        var start = 0
        while start < path.count {
            if path[start] == 0x2F {
                start += 1
            } else if path[start] == 0x2E, start + 1 < path.count, path[start + 1] == 0x2F {
                start += 2
            } else {
                break
            }
        }
        let rest = Array(path[start...])
        let plain = rest.withUnsafeBufferPointer { PathText.isPlain($0) }
        return InputFile(
            folder: Array(path[..<start]), rest: plain ? nil : rest,
            relativePath: plain ? String(decoding: rest, as: UTF8.self) : PathText.printed(rest))
    }

    /// The paths in a list file.
    ///
    /// One per line (LF or CRLF), spaces and tabs around a path trimmed, blank lines and lines
    /// starting with `#` skipped. `-` reads standard input. The list may be a
    /// pipe (`<(find ...)`): reading it waits for its writer, as any pipe does.
    ///
    /// - Returns: the raw paths, or a reason when the list cannot be read.
    static func lines(of list: [UInt8]) -> Result<[[UInt8]], ListError> {
        let fd = list == Array("-".utf8) ? dup(STDIN_FILENO) : withCString(list) { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { return .failure(ListError(text: systemReason(errno))) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            return .failure(ListError(text: "a folder, not a list of files"))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(ListError(text: "read failed: " + systemReason(errno)))
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        var paths: [[UInt8]] = []
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
            var text = line[...]
            while let last = text.last, last == 0x0D || last == 0x20 || last == 0x09 { text.removeLast() }
            while let first = text.first, first == 0x20 || first == 0x09 { text.removeFirst() }
            guard let first = text.first, first != 0x23, !text.contains(0) else { continue }
            paths.append(Array(text))
        }
        return .success(paths)
    }

    /// Why a list file could not be read.
    struct ListError: Error {
        var text: String
    }
}

/// Calls `body` with `bytes` as a NUL-terminated C string.
func withCString<R>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
    let terminated = bytes + [0]
    return terminated.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { chars in
            // Never empty (the NUL): the address is always there.
            guard let base = chars.baseAddress else { return body("") }
            return body(base)
        }
    }
}

/// `realpath` of `path`, or `nil`.
func canonicalPath(_ path: [UInt8]) -> [UInt8]? {
    guard let resolved = withCString(path, { realpath($0, nil) }) else { return nil }
    defer { free(resolved) }
    return Array(UnsafeRawBufferPointer(start: resolved, count: strlen(resolved)))
}
