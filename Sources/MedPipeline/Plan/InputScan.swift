import MedShards

/// What a command takes from its inputs: the image files, the files beside them that are not
/// images (ignored), a record per entry skipped while listing, and the hidden entries not read.
///
/// `convert`, `list` and `bench` use it, so `list` shows exactly what `convert` reads.
public struct InputScan: Sendable {
    /// Image inputs, sorted by the bytes of their relative paths.
    public var images: [InputFile]
    /// Files that are not images by name and first bytes (``InputSelection``).
    public var ignored: [InputFile]
    /// Entries skipped while listing, their paths given by `naming`.
    public var errors: [ErrorRecord]
    /// Hidden entries not read.
    public var hidden: Int

    /// Lists `roots` and the paths in `listFile` and selects the images.
    ///
    /// - Parameters:
    ///   - roots: Folders (walked recursively) and files, as the bytes of their paths.
    ///   - listFile: A file listing one input path per line (`-` for standard input).
    ///   - links: How symbolic links are followed.
    ///   - output: The output folder, which the walk does not enter.
    ///   - naming: How records name paths (`--pseudonymize-paths` passes the pseudonym).
    public static func make(
        roots: [[UInt8]], listFile: [UInt8]? = nil, links: LinkPolicy = .follow, output: String?,
        naming: @escaping (String) -> String = { $0 }
    ) -> InputScan {
        var listing = InputCatalog.list(roots: roots, listFile: listFile, output: output, links: links, naming: naming)
        // In place: a million-file listing is not copied.
        let ignored = InputSelection.removeIgnored(from: &listing.files)
        return InputScan(images: listing.files, ignored: ignored, errors: listing.errors, hidden: listing.hidden)
    }

    /// Skipped entries per code, such as `["fifo": 1, "danglingLink": 2]`.
    public var skippedByCode: [String: Int] {
        errors.reduce(into: [:]) { counts, record in counts[record.code, default: 0] += 1 }
    }

    /// "3 ignored (not images), 2 skipped (1 fifo, 1 danglingLink), 4 hidden entries not read".
    public var summary: String {
        var parts = ["\(ignored.count) ignored (not images)"]
        if !errors.isEmpty {
            let codes = skippedByCode.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            parts.append("\(errors.count) skipped (\(codes.joined(separator: ", ")))")
        }
        parts.append("\(hidden) hidden entries not read")
        return parts.joined(separator: ", ")
    }
}
