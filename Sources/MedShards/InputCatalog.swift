#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lists the input files of a conversion: folders walked recursively, single files, or a list file.
///
/// - Hidden files and folders (names starting with `.`) are skipped.
/// - Symbolic links to files are followed only when their target lies inside the root; symbolic
///   links to folders are never followed (they would list files twice or leave the root).
/// - Several roots: each relative path starts with its root's last component, so they stay distinct.
/// - The output folder, when it lies inside a root, is not walked: a run's own shards and manifest
///   are not inputs of the next run.
/// - The result is sorted by relative path and free of duplicates; unreadable folders become
///   ``ErrorRecord``s rather than stopping the walk.
///
/// Does not look inside files: formats are sniffed from bytes later, by the decoders.
public enum InputCatalog {
    /// The files under `roots` (folders or files) and in `listFile` (one path per line, `#` comments).
    ///
    /// - Parameter output: the conversion's output folder, skipped when a walk meets it.
    /// - Returns: the files sorted by relative path, and a record per folder or listed path that could not be read.
    public static func files(roots: [String], listFile: String? = nil, output: String? = nil)
        -> (files: [InputFile], errors: [ErrorRecord])
    {
        var files: [InputFile] = []
        var errors: [ErrorRecord] = []
        let excluded = output.flatMap(FolderIdentity.init(path:))
        let prefixRoots = roots.count + (listFile == nil ? 0 : 1) > 1
        for root in roots {
            let trimmed = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
            var info = stat()
            guard stat(trimmed, &info) == 0 else {
                errors.append(ErrorRecord(path: root, code: "unreadable", reason: systemReason()))
                continue
            }
            let base = AtomicFile.splitPath(trimmed).name
            if (info.st_mode & S_IFMT) == S_IFDIR {
                if FolderIdentity(info) == excluded { continue }
                let realRoot = realPath(trimmed) ?? trimmed
                walk(
                    folder: trimmed, relative: prefixRoots ? base : "", realRoot: realRoot, excluded: excluded,
                    into: &files, errors: &errors)
            } else {
                files.append(InputFile(path: trimmed, relativePath: base))
            }
        }
        if let listFile {
            switch readLines(listFile) {
            case .success(let lines):
                for line in lines {
                    let path = line.trimmingSpaces
                    guard !path.isEmpty, !path.hasPrefix("#") else { continue }
                    let relative = String(path.drop { $0 == "/" }).replacingDotSlash
                    files.append(InputFile(path: path, relativePath: relative))
                }
            case .failure(let reason):
                errors.append(ErrorRecord(path: listFile, code: "unreadable", reason: reason.text))
            }
        }
        var seen = Set<String>()
        files = files.sorted { $0.relativePath < $1.relativePath }.filter { seen.insert($0.path).inserted }
        return (files, errors.sorted())
    }

    private static func walk(
        folder: String, relative: String, realRoot: String, excluded: FolderIdentity?, into files: inout [InputFile],
        errors: inout [ErrorRecord]
    ) {
        guard let directory = opendir(folder) else {
            errors.append(
                ErrorRecord(path: relative.isEmpty ? folder : relative, code: "unreadable", reason: systemReason()))
            return
        }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        closedir(directory)
        for name in names.sorted() {
            let path = folder + "/" + name
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else {
                errors.append(ErrorRecord(path: childRelative, code: "unreadable", reason: systemReason()))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                if FolderIdentity(info) == excluded { continue }
                walk(
                    folder: path, relative: childRelative, realRoot: realRoot, excluded: excluded, into: &files,
                    errors: &errors)
            case S_IFREG:
                files.append(InputFile(path: path, relativePath: childRelative))
            case S_IFLNK:
                var target = stat()
                guard let real = realPath(path), stat(path, &target) == 0, (target.st_mode & S_IFMT) == S_IFREG,
                    real.hasPrefix(realRoot + "/")
                else { continue }
                files.append(InputFile(path: path, relativePath: childRelative))
            default:
                continue
            }
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func readLines(_ path: String) -> Result<[Substring], ListError> {
        guard let file = fopen(path == "-" ? "/dev/stdin" : path, "r") else {
            return .failure(ListError(text: systemReason()))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return .success(text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }))
    }

    private struct ListError: Error { var text: String }
}

private func systemReason() -> String { String(cString: strerror(errno)) }

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

extension String {
    fileprivate var replacingDotSlash: String {
        var text = self
        while text.hasPrefix("./") { text.removeFirst(2) }
        return text
    }
}
