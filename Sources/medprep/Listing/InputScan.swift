import ArgumentParser
import MedShards

extension LinkPolicy: ExpressibleByArgument {}

/// The `--links` option of the commands that walk input folders.
struct LinkOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            """
            Symbolic links: 'follow' (default) follows links to files and folders wherever they lead; \
            'within-root' follows only those whose target is inside the input folder and reports the others. \
            Cycles are reported, and a file reached by several paths is converted once.
            """, valueName: "policy"))
    var links: LinkPolicy = .follow
}

/// What a command takes from its inputs: the image files, the files beside them that are not
/// images (ignored), a record per entry skipped while listing, and the hidden entries not read.
///
/// `convert`, `list` and `bench` use it, so `list` shows exactly what `convert` reads.
struct InputScan {
    /// Image inputs, sorted by the bytes of their relative paths.
    var images: [InputFile]
    /// Files that are not images by name and first bytes (``InputSelection``).
    var ignored: [InputFile]
    /// Entries skipped while listing, their paths given by `naming`.
    var errors: [ErrorRecord]
    /// Hidden entries not read.
    var hidden: Int

    /// Lists `inputs` and `filesFrom` (as typed on the command line) and selects the images.
    ///
    /// - Parameters:
    ///   - output: the output folder, which the walk does not enter.
    ///   - naming: how records name paths (`--pseudonymize-paths` passes the pseudonym).
    static func make(
        inputs: [String], filesFrom: String?, output: String?, links: LinkPolicy,
        naming: @escaping (String) -> String = { $0 }
    ) -> InputScan {
        var listing = InputCatalog.list(
            roots: RawArguments.bytes(of: inputs), listFile: filesFrom.map { RawArguments.bytes(of: [$0])[0] },
            output: output, links: links, naming: naming)
        // In place: a million-file listing is not copied.
        let ignored = InputSelection.removeIgnored(from: &listing.files)
        return InputScan(images: listing.files, ignored: ignored, errors: listing.errors, hidden: listing.hidden)
    }

    /// Skipped entries per code, such as `["fifo": 1, "danglingLink": 2]`.
    var skippedByCode: [String: Int] {
        errors.reduce(into: [:]) { counts, record in counts[record.code, default: 0] += 1 }
    }

    /// "3 ignored (not images), 2 skipped (1 fifo, 1 danglingLink), 4 hidden entries not read".
    var summary: String {
        var parts = ["\(ignored.count) ignored (not images)"]
        if !errors.isEmpty {
            let codes = skippedByCode.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            parts.append("\(errors.count) skipped (\(codes.joined(separator: ", ")))")
        }
        parts.append("\(hidden) hidden entries not read")
        return parts.joined(separator: ", ")
    }
}
