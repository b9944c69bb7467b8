#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lists the input files of a conversion: folders walked recursively, single files, or a list file.
///
/// - File names are bytes: a name that is not UTF-8 is listed, opened by its bytes and printed as
///   ``PathText`` describes (`caf\xe9.png`).
/// - Hidden files and folders (names starting with `.`) are not read; they are counted (``InputListing/hidden``).
/// - Symbolic links to files and folders are followed, inside and outside the root
///   (``LinkPolicy/withinRoot`` keeps to the root). A link cycle is reported, not followed; a file
///   or folder reached by several paths is listed once, under its first path in byte order, and the
///   other paths are reported (``LinkDuplicates``). Hard links are distinct files.
/// - A FIFO, socket, device, dangling link or link loop, met while walking or given by name, is
///   reported and never opened, so it cannot block the run. Every entry that is not listed gets an
///   ``ErrorRecord`` whose code is one of ``ListingIssue``, except hidden entries (counted) and the
///   output folder (a run's own shards and manifest are not inputs of the next run).
/// - Several roots: each relative path starts with its root's last component, so they stay distinct.
/// - The files are sorted by the bytes of their relative paths.
///
/// Does not look inside files: formats are sniffed from bytes later (``InputSelection``, the decoders).
public enum InputCatalog {
    /// The files under `roots` (folders or files) and in `listFile` (one path per line, `#` comments).
    ///
    /// - Parameter output: the conversion's output folder, skipped when a walk meets it.
    /// - Returns: the files sorted by relative path, and a record per entry not listed.
    public static func files(
        roots: [String], listFile: String? = nil, output: String? = nil, links: LinkPolicy = .follow
    ) -> (files: [InputFile], errors: [ErrorRecord]) {
        let listing = list(
            roots: roots.map { Array($0.utf8) }, listFile: listFile.map { Array($0.utf8) }, output: output,
            links: links)
        return (listing.files, listing.errors)
    }

    /// The listing of `roots` and `listFile`, given as the bytes of their paths (names need not be UTF-8).
    ///
    /// - Parameters:
    ///   - output: the conversion's output folder, skipped when a walk meets it.
    ///   - links: which symbolic links to follow.
    ///   - naming: how records name a path, in their `path` and in reasons naming another entry
    ///     (`convert --pseudonymize-paths` passes the pseudonym); the printed path by default.
    public static func list(
        roots: [[UInt8]], listFile: [UInt8]? = nil, output: String? = nil, links: LinkPolicy = .follow,
        naming: @escaping (String) -> String = { $0 }
    ) -> InputListing {
        var walker = FolderWalker(
            policy: links, excluded: output.flatMap(FolderIdentity.init(path:)), naming: naming)
        var listed: [(file: InputFile, info: stat)] = []
        var records: [ErrorRecord] = []
        let prefixRoots = roots.count + (listFile == nil ? 0 : 1) > 1
        var folders: [(root: FolderWalker.Root, path: [UInt8])] = []
        for root in roots {
            var path = root
            while path.count > 1, path.last == 0x2F { path.removeLast() }
            let base = Array(path.split(separator: 0x2F, omittingEmptySubsequences: true).last ?? [])
            let display = PathText.printed(root)
            switch ListedPaths.kind(of: path) {
            case .issue(let code, let reason):
                records.append(ErrorRecord(path: naming(display), code: code, reason: reason))
            case .file(let info):
                let parent = Array(path.dropLast(base.count))
                let plain = base.withUnsafeBufferPointer { PathText.isPlain($0) }
                let file = InputFile(
                    folder: parent, rest: plain ? nil : base,
                    relativePath: plain ? String(decoding: base, as: UTF8.self) : PathText.printed(base))
                listed.append((file, info))
            case .folder:
                let inside = prefixRoots && !base.isEmpty
                folders.append(
                    (
                        FolderWalker.Root(
                            folder: inside ? Array(path.dropLast(base.count)) : path + (path == [0x2F] ? [] : [0x2F]),
                            prefix: inside ? base + [0x2F] : [], canonical: canonicalPath(path) ?? path,
                            display: display), path
                    ))
            }
        }
        // Walked in the byte order of their relative paths, so "first path" means the same everywhere.
        folders.sort { a, b in
            a.root.prefix == b.root.prefix
                ? a.path.lexicographicallyPrecedes(b.path) : a.root.prefix.lexicographicallyPrecedes(b.root.prefix)
        }
        for (root, path) in folders {
            let fd = withCString(path) { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
            var info = stat()
            guard fd >= 0, fstat(fd, &info) == 0 else {
                let reason = systemReason(errno)
                if fd >= 0 { close(fd) }
                records.append(ErrorRecord(path: naming(root.display), code: ListingIssue.unreadable, reason: reason))
                continue
            }
            if FolderIdentity(info) == walker.excluded {
                close(fd)
                continue
            }
            walker.walk(root, fd: fd, identity: FolderIdentity(info))
        }
        if let listFile {
            switch ListedPaths.lines(of: listFile) {
            case .success(let paths):
                for path in paths {
                    switch ListedPaths.kind(of: path) {
                    case .file(let info): listed.append((ListedPaths.entry(path), info))
                    case .folder:
                        records.append(
                            ErrorRecord(
                                path: naming(ListedPaths.entry(path).relativePath), code: ListingIssue.unreadable,
                                reason: "a folder, not a file: --files-from lists files (give folders as inputs)"))
                    case .issue(let code, let reason):
                        records.append(
                            ErrorRecord(path: naming(ListedPaths.entry(path).relativePath), code: code, reason: reason))
                    }
                }
            case .failure(let error):
                records.append(
                    ErrorRecord(
                        path: naming(PathText.printed(listFile)), code: ListingIssue.unreadable, reason: error.text))
            }
        }
        var files = walker.files, origins = walker.origins, links = walker.links
        records += walker.records
        add(listed, resolveAll: !folders.isEmpty, to: &files, origins: &origins, links: &links)
        // One walked root comes out of the walk in order; anything else is merged by a sort.
        if folders.count + listed.count > 1 { sortByRelativePath(&files, origins: &origins) }
        records += LinkDuplicates.remove(
            from: &files, origins: &origins, links: links,
            roots: folders.map { LinkDuplicates.Root(canonical: $0.root.canonical, prefix: $0.root.prefix) },
            naming: naming)
        return InputListing(files: files, errors: records.sorted(), hidden: walker.hidden)
    }

    /// Appends listed files; those that may be listed twice get their canonical path as an origin:
    /// all of them when folders were walked too, else those sharing a device and inode with another.
    private static func add(
        _ listed: [(file: InputFile, info: stat)], resolveAll: Bool, to files: inout [InputFile],
        origins: inout [Int32], links: inout [FolderWalker.LinkOrigin]
    ) {
        var counts: [FolderIdentity: Int] = [:]
        if !resolveAll {
            for entry in listed { counts[FolderIdentity(entry.info), default: 0] += 1 }
        }
        for entry in listed {
            files.append(entry.file)
            guard resolveAll || counts[FolderIdentity(entry.info), default: 0] > 1,
                let canonical = canonicalPath(entry.file.pathBytes)
            else {
                origins.append(-1)
                continue
            }
            links.append(FolderWalker.LinkOrigin(canonical: canonical, relativeLength: entry.file.relativeBytes.count))
            origins.append(Int32(links.count - 1))
        }
    }

    /// Sorts by relative path bytes, unless already sorted (one walked root, the usual case).
    private static func sortByRelativePath(_ files: inout [InputFile], origins: inout [Int32]) {
        let sorted = files.withUnsafeBufferPointer { files in
            files.indices.dropFirst().allSatisfy { !InputFile.relativeOrder(files[$0], files[$0 - 1]) }
        }
        guard !sorted else { return }
        let order = files.indices.sorted { a, b in
            InputFile.relativeOrder(files[a], files[b]) || (!InputFile.relativeOrder(files[b], files[a]) && a < b)
        }
        files = order.map { files[$0] }
        origins = order.map { origins[$0] }
    }
}

/// The result of listing inputs: the files, a record per entry not listed, and the hidden entries skipped.
public struct InputListing: Sendable {
    /// The files, sorted by the bytes of their relative paths.
    public var files: [InputFile]
    /// One record per entry met and not listed (``ListingIssue`` codes), sorted.
    public var errors: [ErrorRecord]
    /// Hidden entries (names starting with `.`) not read; a hidden folder counts once.
    public var hidden: Int
}
