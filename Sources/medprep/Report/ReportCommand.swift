import ArgumentParser
import Foundation
import MedQuality
import MedShards

/// `medprep report DIR [DIR...]`: a dataset report and card of one or more shard folders.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write report.html, DATASET_CARD.md and report.json for shard folders.",
        discussion: """
            Reads each folder's manifest.json (and, for thumbnails, a few members of its shards): counts and \
            errors, label prevalence and demographics per split with chi-square balance tests, quality flags, \
            and near-duplicate pairs by perceptual hash, cross-split pairs (leaks) first.
            """)

    @Argument(help: ArgumentHelp("Shard folders (each holding manifest.json).", valueName: "dir"))
    var folders: [String]

    @Option(help: "Folder for report.html, DATASET_CARD.md and report.json (default: FIRST-DIR-report beside it).")
    var out: String?

    @Option(help: "Largest pHash Hamming distance of a near-duplicate pair (0...11).")
    var threshold = 6

    @Option(help: "Pairs listed in the report (all are counted).")
    var maxPairs = 1000

    @Flag(
        help: ArgumentHelp(
            "Show sample keys and source paths even where the manifest's paths were not pseudonymized.",
            discussion: "Off by default: source paths often carry patient names, ids or accession numbers."))
    var showSourcePaths = false

    @Flag(help: "Print every figure as JSON on stdout.")
    var json = false

    func validate() throws {
        guard (0...NearDuplicateIndex.maximumThreshold).contains(threshold) else {
            throw ValidationError("--threshold must be in 0...\(NearDuplicateIndex.maximumThreshold)")
        }
        guard maxPairs >= 0 else { throw ValidationError("--max-pairs must not be negative") }
    }

    func run() throws {
        let paths = folders.map { $0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        let target = out ?? (paths[0] + "-report")
        do {
            let input = try ReportInput(paths: paths, showsSourcePaths: showSourcePaths)
            let data = ReportBuilder(threshold: threshold, maximumPairs: maxPairs, showsSourcePaths: showSourcePaths)
                .build(input)
            var keys = Set<String>()
            for flag in data.flags {
                for key in flag.examples { for p in paths { keys.insert(Thumbnails.id(folder: p, key: key)) } }
            }
            for pair in data.duplicates.pairs.prefix(ReportHTML.pairsWithThumbnails) {
                keys.insert(Thumbnails.id(folder: pair.first.folder, key: pair.first.key))
                keys.insert(Thumbnails.id(folder: pair.second.folder, key: pair.second.key))
            }
            let thumbnails = Thumbnails(keys: keys, samples: input.samples, folders: paths)
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            let jsonBytes = try ManifestCoding.encoder(pretty: true).encode(data)
            _ = try AtomicFile.write([UInt8](jsonBytes) + [10], to: target + "/report.json")
            _ = try AtomicFile.write(
                Array(ReportHTML(data: data, thumbnails: thumbnails).render().utf8), to: target + "/report.html")
            _ = try AtomicFile.write(Array(DatasetCard(data: data).render().utf8), to: target + "/DATASET_CARD.md")
            if json {
                FileHandle.standardOutput.write(jsonBytes)
                FileHandle.standardOutput.write(Data([10]))
            } else {
                for verdict in data.verdicts { print(verdict) }
                print("wrote \(target)/report.html, \(target)/DATASET_CARD.md, \(target)/report.json")
            }
        } catch {
            reportFailure(error)
            throw ExitCode.failure
        }
    }
}
