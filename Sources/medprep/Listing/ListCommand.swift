import ArgumentParser
import Foundation
import MedPipeline
import MedShards

/// `medprep list`: the files `convert` would read, without converting anything.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the image files convert would read, and what it would ignore or skip.",
        discussion: """
            Walks the inputs exactly as convert does (symbolic links, hidden entries, FIFOs and other \
            special files, names that are not UTF-8) and prints each image's relative path, one per line, \
            in byte order; names print as in the manifest (invalid UTF-8 bytes and control characters as \
            \\xHH). A summary goes to stderr. Exit status 0 even when entries were skipped.
            """)

    @OptionGroup var input: InputOptions

    @Flag(help: "Print only the counts (stdout), not the paths: for very large archives and benchmarks.")
    var count = false

    @Flag(help: "Print one JSON object: images, ignored, skipped (with code and reason), hidden.")
    var json = false

    func run() throws {
        let scan = InputScan.make(input, output: nil)
        if json {
            let report = Report(
                images: scan.images.map(\.relativePath), ignored: scan.ignored.map(\.relativePath),
                skipped: scan.errors, hidden: scan.hidden)
            FileHandle.standardOutput.write(Data(try ManifestCoding.line(report) + [UInt8(ascii: "\n")]))
            return
        }
        let summary = "\(scan.images.count) images, " + scan.summary + "\n"
        if count {
            FileHandle.standardOutput.write(Data(summary.utf8))
            return
        }
        var text: [UInt8] = []
        for file in scan.images {
            text += file.relativePath.utf8
            text.append(UInt8(ascii: "\n"))
            if text.count >= 1 << 20 {
                FileHandle.standardOutput.write(Data(text))
                text.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(Data(text))
        FileHandle.standardError.write(Data(summary.utf8))
    }

    private struct Report: Encodable {
        var images: [String]
        var ignored: [String]
        var skipped: [ErrorRecord]
        var hidden: Int
    }
}
