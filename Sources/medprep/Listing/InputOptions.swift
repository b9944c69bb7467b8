import ArgumentParser
import MedPipeline
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

extension InputScan {
    /// Lists the inputs `input` names (paths as typed on the command line) and selects the images.
    ///
    /// - Parameters:
    ///   - output: the output folder, which the walk does not enter.
    ///   - naming: how records name paths (`--pseudonymize-paths` passes the pseudonym).
    static func make(
        _ input: InputOptions, output: String?, naming: @escaping (String) -> String = { $0 }
    ) -> InputScan {
        make(
            roots: input.rootBytes, listFile: input.listFileBytes, links: input.links, output: output, naming: naming)
    }
}

extension InputOptions {
    /// The input paths as the shell passed them (``RawArguments``).
    var rootBytes: [[UInt8]] { RawArguments.bytes(of: inputs) }
    /// The `--files-from` path as the shell passed it.
    var listFileBytes: [UInt8]? { filesFrom.map { RawArguments.bytes(of: [$0])[0] } }
}
