#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Walks input folders depth first with `readdir`, for ``InputCatalog``.
///
/// Costs per entry one `readdir` step and, for a file, its relative path: the type comes from
/// `d_type`, so a regular file or folder is never `stat`ed (only links, and entries of file systems
/// that do not fill `d_type`). Names are kept in one buffer reused across folders. Each folder's
/// entries are sorted by name bytes, a folder's name compared as if it ended with `/`, so the walk
/// meets files in the byte order of their relative paths and the listing needs no sort of its own.
///
/// Symbolic links are followed (to files and folders, subject to ``LinkPolicy``); every folder
/// walked is remembered by device and inode, so a folder reached again is reported as a
/// ``ListingIssue/linkLoop`` when it contains itself (it is on the current path) and as a
/// ``ListingIssue/duplicate`` otherwise: each folder is walked once, under its first path in byte
/// order, and the walk ends even on hostile link graphs. Files reached through links carry their
/// canonical path (``LinkOrigin``) so ``LinkDuplicates`` can list a file reached twice once.
struct FolderWalker {
    /// A symbolic link the walk followed.
    ///
    /// Holds its target's canonical path (`realpath`) and how many bytes of the relative path lead to
    /// the link. Files under a followed folder share its origin.
    struct LinkOrigin {
        var canonical: [UInt8]
        var relativeLength: Int
    }

    /// One input root folder.
    struct Root {
        /// The bytes before the relative paths, shared by all of the root's files.
        ///
        /// The root's parent with its `/` when relative paths start with the root's name, else the
        /// root with a `/`.
        var folder: [UInt8]
        /// The raw relative path of the root itself: its name and a `/`, or empty.
        var prefix: [UInt8]
        /// `realpath` of the root, for ``LinkPolicy/withinRoot``.
        var canonical: [UInt8]
        /// How records name the root itself (the path as given).
        var display: String
    }

    private struct Entry {
        enum Kind: UInt8 { case file, folder, special, broken }
        var offset: Int
        var length: Int
        var kind: Kind
        var throughLink: Bool
        var plain: Bool
        var mode: mode_t = 0
        var error: Int32 = 0
    }

    let policy: LinkPolicy
    let excluded: FolderIdentity?
    /// How a record names a path (the identity, or a pseudonym).
    let naming: (String) -> String

    private(set) var files: [InputFile] = []
    /// Per file: the index of its ``LinkOrigin`` in ``links``, or -1 when no link leads to it.
    private(set) var origins: [Int32] = []
    private(set) var links: [LinkOrigin] = []
    private(set) var records: [ErrorRecord] = []
    /// Hidden entries (names starting with `.`) not read.
    private(set) var hidden = 0

    private var walked: [FolderIdentity: String] = [:]
    private var stack: [(identity: FolderIdentity, name: String)] = []
    private var names: [UInt8] = []
    private var entries: [Entry] = []
    private var relative: [UInt8] = []
    private var relativeIsPlain = true
    private var root = Root(folder: [], prefix: [], canonical: [], display: "")

    init(policy: LinkPolicy, excluded: FolderIdentity?, naming: @escaping (String) -> String) {
        self.policy = policy
        self.excluded = excluded
        self.naming = naming
    }

    /// Walks `root`, whose folder is open as `fd` (closed here); a folder already walked (another root
    /// holds it) is reported instead.
    mutating func walk(_ root: Root, fd: Int32, identity: FolderIdentity) {
        if let first = walked[identity] {
            close(fd)
            records.append(
                ErrorRecord(
                    path: naming(root.display), code: ListingIssue.duplicate,
                    reason: "the same folder as '\(naming(first))', listed under that name"))
            return
        }
        self.root = root
        relative = root.prefix
        relativeIsPlain = root.prefix.withUnsafeBufferPointer { PathText.isPlain($0) }
        let name = root.prefix.isEmpty ? root.display : PathText.printed(Array(root.prefix.dropLast()))
        walked[identity] = name
        stack = [(identity, name)]
        walkFolder(fd, origin: -1)
        stack = []
    }

    private mutating func walkFolder(_ fd: Int32, origin: Int32) {
        guard let directory = fdopendir(fd) else {
            close(fd)
            recordHere(ListingIssue.unreadable, systemReason(errno))
            return
        }
        defer { closedir(directory) }
        let start = entries.count, namesStart = names.count
        readEntries(directory)
        sortEntries(from: start)
        let end = entries.count
        let folderLength = relative.count, folderIsPlain = relativeIsPlain
        for index in start..<end {
            let entry = entries[index]
            relative.append(contentsOf: names[entry.offset..<entry.offset + entry.length])
            relativeIsPlain = folderIsPlain && entry.plain
            switch entry.kind {
            case .file: addFile(origin: origin, throughLink: entry.throughLink)
            case .folder: enterFolder(dirfd(directory), entry, origin: origin)
            case .special:
                if let issue = ListingIssue.special(mode: entry.mode, throughLink: entry.throughLink) {
                    recordHere(issue.code, issue.reason)
                }
            case .broken:
                let issue = ListingIssue.brokenLink(errno: entry.error)
                recordHere(issue.code, issue.reason)
            }
            relative.removeSubrange(folderLength...)
        }
        relativeIsPlain = folderIsPlain
        entries.removeSubrange(start...)
        names.removeSubrange(namesStart...)
    }

    /// Reads a folder's entries into ``entries`` and their NUL-terminated names into ``names``.
    private mutating func readEntries(_ directory: OpaquePointer) {
        let fd = dirfd(directory)
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 19
        while true {
            errno = 0
            guard let dirent = readdir(directory) else {
                if errno != 0 { recordHere(ListingIssue.unreadable, "readdir failed: " + systemReason(errno)) }
                return
            }
            let name = (UnsafeRawPointer(dirent) + nameOffset).assumingMemoryBound(to: CChar.self)
            let length = strlen(name)
            if name[0] == 0x2E {  // "."
                if length == 1 || (length == 2 && name[1] == 0x2E) { continue }
                hidden += 1
                continue
            }
            let bytes = UnsafeBufferPointer(
                start: UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self), count: length)
            var entry = Entry(
                offset: names.count, length: length, kind: .file, throughLink: false, plain: PathText.isPlain(bytes))
            switch Int32(dirent.pointee.d_type) {
            case Int32(DT_REG): entry.kind = .file
            case Int32(DT_DIR): entry.kind = .folder
            case Int32(DT_LNK): classifyLink(fd, name, &entry)
            case Int32(DT_UNKNOWN):
                var info = stat()
                if fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) != 0 {
                    entry.kind = .broken
                    entry.error = errno
                } else if info.st_mode & S_IFMT == S_IFLNK {
                    classifyLink(fd, name, &entry)
                } else {
                    classify(info.st_mode, &entry)
                }
            default: classify(mode_t(dirent.pointee.d_type) << 12, &entry)  // DTTOIF
            }
            names.append(contentsOf: bytes)
            names.append(0)
            entries.append(entry)
        }
    }

    private func classifyLink(_ fd: Int32, _ name: UnsafePointer<CChar>, _ entry: inout Entry) {
        entry.throughLink = true
        var info = stat()
        if fstatat(fd, name, &info, 0) != 0 {
            entry.kind = .broken
            entry.error = errno
        } else {
            classify(info.st_mode, &entry)
        }
    }

    private func classify(_ mode: mode_t, _ entry: inout Entry) {
        entry.mode = mode
        switch mode & S_IFMT {
        case S_IFREG: entry.kind = .file
        case S_IFDIR: entry.kind = .folder
        default: entry.kind = .special
        }
    }

    /// Sorts the entries from `start` by name bytes, a folder's name as if it ended with `/`.
    private mutating func sortEntries(from start: Int) {
        names.withUnsafeBufferPointer { names in
            guard let base = names.baseAddress else { return }
            entries[start...].sort { a, b in Self.precedes(a, b, names: base) }
        }
    }

    /// Whether `a`'s name sorts before `b`'s: eight bytes at a time (names in a folder often share a
    /// long prefix, and a `memcmp` call costs more than the comparison on such short names).
    @inline(__always)
    private static func precedes(_ a: Entry, _ b: Entry, names: UnsafePointer<UInt8>) -> Bool {
        let x = UnsafeRawPointer(names + a.offset), y = UnsafeRawPointer(names + b.offset)
        let common = min(a.length, b.length)
        var index = 0
        while index &+ 8 <= common {
            let left = x.loadUnaligned(fromByteOffset: index, as: UInt64.self).bigEndian
            let right = y.loadUnaligned(fromByteOffset: index, as: UInt64.self).bigEndian
            if left != right { return left < right }
            index &+= 8
        }
        if index < common && common >= 8 {
            // The last eight common bytes, overlapping bytes already found equal.
            let left = x.loadUnaligned(fromByteOffset: common &- 8, as: UInt64.self).bigEndian
            let right = y.loadUnaligned(fromByteOffset: common &- 8, as: UInt64.self).bigEndian
            if left != right { return left < right }
        } else {
            while index < common {
                let left = x.load(fromByteOffset: index, as: UInt8.self)
                let right = y.load(fromByteOffset: index, as: UInt8.self)
                if left != right { return left < right }
                index &+= 1
            }
        }
        let nextA: Int = a.length > common ? Int(names[a.offset + common]) : a.kind == .folder ? 0x2F : -1
        let nextB: Int = b.length > common ? Int(names[b.offset + common]) : b.kind == .folder ? 0x2F : -1
        return nextA < nextB
    }

    private mutating func addFile(origin: Int32, throughLink: Bool) {
        var fileOrigin = origin
        if throughLink {
            guard let canonical = canonicalPath(), followable(canonical) else { return }
            links.append(LinkOrigin(canonical: canonical, relativeLength: relative.count))
            fileOrigin = Int32(links.count - 1)
        }
        let printed = relativeIsPlain ? String(decoding: relative, as: UTF8.self) : PathText.printed(relative)
        files.append(InputFile(folder: root.folder, rest: relativeIsPlain ? nil : relative, relativePath: printed))
        origins.append(fileOrigin)
    }

    private mutating func enterFolder(_ parent: Int32, _ entry: Entry, origin: Int32) {
        let flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | (entry.throughLink ? 0 : O_NOFOLLOW)
        let fd = names.withUnsafeBufferPointer { names in
            names.withMemoryRebound(to: CChar.self) { chars in
                chars.baseAddress.map { openat(parent, $0 + entry.offset, flags) } ?? -1
            }
        }
        guard fd >= 0 else { return recordHere(ListingIssue.unreadable, systemReason(errno)) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = errno
            close(fd)
            return recordHere(ListingIssue.unreadable, systemReason(error))
        }
        let identity = FolderIdentity(info)
        if identity == excluded {
            close(fd)
            return
        }
        if let ancestor = stack.first(where: { $0.identity == identity }) {
            close(fd)
            return recordHere(
                ListingIssue.linkLoop,
                "a symbolic link to '\(naming(ancestor.name))', a folder that contains it (a cycle); not followed")
        }
        if let first = walked[identity] {
            close(fd)
            return recordHere(ListingIssue.duplicate, "the same folder as '\(naming(first))', listed under that name")
        }
        var folderOrigin = origin
        if entry.throughLink {
            guard let canonical = canonicalPath(), followable(canonical) else {
                close(fd)
                return
            }
            links.append(LinkOrigin(canonical: canonical, relativeLength: relative.count))
            folderOrigin = Int32(links.count - 1)
        }
        let name = printedRelative()
        walked[identity] = name
        stack.append((identity, name))
        relative.append(0x2F)
        walkFolder(fd, origin: folderOrigin)
        stack.removeLast()
    }

    /// `realpath` of the current entry, or `nil` after recording why it failed.
    private mutating func canonicalPath() -> [UInt8]? {
        let path = root.folder + relative + [0]
        let resolved = path.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in chars.baseAddress.flatMap { realpath($0, nil) } }
        }
        guard let resolved else {
            let issue = ListingIssue.brokenLink(errno: errno)
            recordHere(issue.code, issue.reason)
            return nil
        }
        defer { free(resolved) }
        return Array(
            UnsafeBufferPointer(
                start: UnsafeRawPointer(resolved).assumingMemoryBound(to: UInt8.self), count: strlen(resolved)))
    }

    /// Whether a link to `canonical` may be followed under the policy; records why not.
    private mutating func followable(_ canonical: [UInt8]) -> Bool {
        guard policy == .withinRoot else { return true }
        let inside =
            canonical.count > root.canonical.count && canonical.starts(with: root.canonical)
            && (root.canonical == [0x2F] || canonical[root.canonical.count] == 0x2F)
        if !inside {
            recordHere(
                ListingIssue.linkOutsideRoot,
                "a symbolic link leading outside the input folder; not followed (--links within-root)")
        }
        return inside
    }

    private func printedRelative() -> String {
        relativeIsPlain ? String(decoding: relative, as: UTF8.self) : PathText.printed(relative)
    }

    /// Records an issue with the current entry (or the current folder, between entries).
    private mutating func recordHere(_ code: String, _ reason: String) {
        var path = relative
        if path.last == 0x2F { path.removeLast() }
        let printed = relative.count <= root.prefix.count ? root.display : PathText.printed(path)
        records.append(ErrorRecord(path: naming(printed), code: code, reason: reason))
    }
}

extension FolderIdentity: Hashable {
    func hash(into hasher: inout Hasher) {
        hasher.combine(device)
        hasher.combine(inode)
    }
}

func systemReason(_ code: Int32) -> String { String(cString: strerror(code)) }
