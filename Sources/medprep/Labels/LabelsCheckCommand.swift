import ArgumentParser
import Foundation
import MedLabels

/// `medprep labels check`: join label tables to an image folder and report everything that did not match.
struct LabelsCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Join label tables to an image folder and report what did not match.",
        discussion: """
            Reports images without rows, rows without images, duplicate rows, conflicting rows, per-label \
            counts per split and patients per split. Exit status: 0 when the report is printed, 1 when a table \
            cannot be read, 2 with --strict when anything did not match or a patient is in two splits.
            """
    )

    @OptionGroup var labels: LabelOptions
    @OptionGroup(title: "Split") var split: LabelSplitOptions
    @OptionGroup(title: "Seed") var seed: SeedOption

    @Option(help: ArgumentHelp("The input root holding the images.", valueName: "dir"))
    var images: String

    @Option(help: ArgumentHelp("Image file extensions to list.", valueName: "a,b"))
    var extensions = "png,jpg,jpeg,dcm,dicom"

    @Flag(help: "Print the full report as JSON (every unmatched name) instead of text.")
    var json = false

    @Flag(help: "Exit with status 2 when anything did not match.")
    var strict = false

    @Option(help: "How many examples of each problem the text report shows.")
    var examples = 5

    func run() throws {
        let join: LabelJoin
        // Every failure prints as `error: …`, as convert's do; usage mistakes stay ArgumentParser's.
        do {
            guard let adapter = try labels.adapter() else {
                throw ValidationError("labels check needs --dataset and at least one --labels table")
            }
            let options = try split.splitOptions(seed: seed.seed)
            let extensionSet = Set(extensions.split(separator: ",").map { $0.lowercased() })
            let files = try ImageFolder.images(under: images, extensions: extensionSet)
            join = try LabelJoiner.join(images: files, adapter: adapter, split: options)
        } catch let error as ValidationError {
            throw error
        } catch {
            reportFailure(error)
            throw ExitCode.failure
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(join.report), as: UTF8.self))
        } else {
            print(ReportText.render(join.report, examples: examples), terminator: "")
        }
        if strict && !join.report.isClean { throw ExitCode(2) }
    }
}
