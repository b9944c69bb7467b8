import ArgumentParser
import MedShards

extension LinkPolicy: ExpressibleByArgument {}

/// What a command reads: folders and files given as arguments, a list file, and how to follow links.
///
/// `convert` and `list` share it, so both name their inputs the same way.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Folders (walked recursively) or files.", valueName: "input"))
    var inputs: [String] = []

    @Option(
        name: .customLong("files-from"),
        help: ArgumentHelp("A file listing one input path per line ('-' for stdin).", valueName: "list"))
    var filesFrom: String?

    @Option(
        help: ArgumentHelp(
            """
            Symbolic links: 'follow' (default) follows links to files and folders wherever they lead; \
            'within-root' follows only those whose target is inside the input folder and reports the others. \
            Cycles are reported, and a file reached by several paths is converted once.
            """, valueName: "policy"))
    var links: LinkPolicy = .follow

    func validate() throws {
        if inputs.isEmpty && filesFrom == nil { throw ValidationError("give input folders or files, or --files-from") }
    }
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

    /// Lists the inputs (paths as typed on the command line) and selects the images.
    ///
    /// - Parameters:
    ///   - output: the output folder, which the walk does not enter.
    ///   - naming: how records name paths (`--pseudonymize-paths` passes the pseudonym).
    static func make(
        _ input: InputOptions, output: String?, naming: @escaping (String) -> String = { $0 }
    ) -> InputScan {
        make(inputs: input.inputs, filesFrom: input.filesFrom, links: input.links, output: output, naming: naming)
    }

    /// Lists `inputs` and `filesFrom` (paths as typed on the command line) and selects the images.
    static func make(
        inputs: [String], filesFrom: String? = nil, links: LinkPolicy = .follow, output: String?,
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
