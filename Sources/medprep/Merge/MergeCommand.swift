import ArgumentParser
import Foundation
import MedShards

/// `medprep merge`: joins the folders of `--worker-index/--worker-count` runs into one.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the output folders of a scaled-out conversion (one per worker) into one folder.",
        discussion: """
            Every worker 0..<N must be present and complete. Shards are renumbered per split and hard-linked \
            (copied across file systems); the merged manifest lists every sample.
            """)

    @Argument(help: ArgumentHelp("The workers' output folders.", valueName: "dir"))
    var folders: [String]

    @Option(help: ArgumentHelp("The merged folder.", valueName: "dir"))
    var out: String

    @Flag(help: "Delete a previous merge's files in --out first.")
    var overwrite = false

    @Flag(help: "Print the summary as JSON on stdout.")
    var json = false

    func validate() throws {
        if folders.isEmpty { throw ValidationError("give the workers' folders") }
    }

    func run() throws {
        let manifest: Manifest
        do {
            manifest = try ManifestMerger.merge(folders: folders, into: out, mode: overwrite ? .overwrite : .fresh)
        } catch {
            reportFailure(error)
            throw ExitCode.failure
        }
        let bytes = manifest.shards.reduce(0) { $0 + $1.bytes }
        if json {
            struct Summary: Encodable { var folder: String; var workers, shards, samples, skipped, bytes: Int }
            let summary = Summary(
                folder: out, workers: folders.count, shards: manifest.shards.count,
                samples: manifest.samples.count, skipped: manifest.skipped.count, bytes: bytes)
            do {
                try printJSONLine(summary)
            } catch {
                reportFailure(error)
                throw ExitCode.failure
            }
        } else {
            print(
                "merged \(folders.count) workers into \(out): \(manifest.shards.count) shards, "
                    + "\(manifest.samples.count) samples, \(manifest.skipped.count) skipped, \(bytes) bytes")
        }
    }
}
