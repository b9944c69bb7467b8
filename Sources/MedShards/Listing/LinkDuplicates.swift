/// Lists a file reached by several paths once, for ``InputCatalog``.
///
/// Two listed paths are the same file when they resolve to the same canonical path (`realpath(3)`):
/// a symbolic link to a file also listed under its own name, two links to one file, a link into a
/// folder walked under another path, or one file given twice. The first path in byte order of
/// relative paths is kept (the walk's own order); every other one gets a
/// ``ListingIssue/duplicate`` record naming it. Hard links are several names of one inode, not one
/// path reached twice: each is listed, as `os.walk` and `find` list them.
///
/// Only entries with a ``FolderWalker/LinkOrigin`` (reached through a link, or given by path) are
/// resolved; a plain walked file is found, when needed, by binary search of its relative path.
enum LinkDuplicates {
    /// A walked root: its canonical path and the raw relative path of its files' common prefix.
    struct Root {
        var canonical: [UInt8]
        var prefix: [UInt8]
    }

    /// Removes the later paths of every file listed more than once.
    ///
    /// - Parameters:
    ///   - files: the listing, sorted by the bytes of relative paths.
    ///   - origins: per file, its index in `links`, or -1 for a file walked without links.
    ///   - naming: how records name a path.
    /// - Returns: a record per path removed.
    static func remove(
        from files: inout [InputFile], origins: inout [Int32], links: [FolderWalker.LinkOrigin], roots: [Root],
        naming: (String) -> String
    ) -> [ErrorRecord] {
        var groups: [[UInt8]: [Int]] = [:]
        for index in files.indices where origins[index] >= 0 {
            groups[canonical(files[index], links[Int(origins[index])]), default: []].append(index)
        }
        var winners: [Int: Int] = [:]  // removed index -> kept index
        for (canonical, members) in groups {
            var all = members
            for root in roots {
                if let relative = relativePath(of: canonical, in: root), let index = find(relative, in: files),
                    origins[index] < 0
                {
                    all.append(index)
                }
            }
            guard all.count > 1, let kept = all.min() else { continue }
            for index in all where index != kept { winners[index] = kept }
        }
        guard !winners.isEmpty else { return [] }
        var records: [ErrorRecord] = []
        for (removed, kept) in winners.sorted(by: { $0.key < $1.key }) {
            records.append(
                ErrorRecord(
                    path: naming(files[removed].relativePath), code: ListingIssue.duplicate,
                    reason: "the same file as '\(naming(files[kept].relativePath))' (through symbolic links or "
                        + "given twice), listed under that name"))
        }
        var keptFiles: [InputFile] = [], keptOrigins: [Int32] = []
        keptFiles.reserveCapacity(files.count - winners.count)
        keptOrigins.reserveCapacity(files.count - winners.count)
        for index in files.indices where winners[index] == nil {
            keptFiles.append(files[index])
            keptOrigins.append(origins[index])
        }
        files = keptFiles
        origins = keptOrigins
        return records
    }

    /// The canonical path of a file with a link origin: the origin's target, then the rest of its path.
    static func canonical(_ file: InputFile, _ origin: FolderWalker.LinkOrigin) -> [UInt8] {
        let tail = file.relativeBytes.dropFirst(origin.relativeLength)
        var path = origin.canonical
        if origin.relativeLength == 0 && !tail.isEmpty { path.append(0x2F) }
        path += tail
        return path
    }

    /// The relative path a plain walk of `root` gives the file at `canonical`, if it lies inside.
    private static func relativePath(of canonical: [UInt8], in root: Root) -> [UInt8]? {
        let base = root.canonical == [0x2F] ? [] : root.canonical
        guard canonical.count > base.count + 1, canonical.starts(with: base), canonical[base.count] == 0x2F else {
            return nil
        }
        return root.prefix + canonical[(base.count + 1)...]
    }

    /// The index of the file whose relative path has exactly these bytes (binary search).
    private static func find(_ relative: [UInt8], in files: [InputFile]) -> Int? {
        var low = 0, high = files.count
        while low < high {
            let middle = (low + high) / 2
            let order = InputFile.compareRelative(files[middle], relative)
            if order == 0 { return middle }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }
}
