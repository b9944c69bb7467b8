import ArgumentParser
import MedGestures

/// `medprep gestures validate FILE...`: every problem with its frame (and line), errors and warnings.
struct GesturesValidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Report every problem in landmark files, with frame and line; exit 1 on errors.")

    @OptionGroup var input: GesturesInputOptions

    @Flag(help: "Print one JSON report per file (a JSON array).")
    var json = false

    @Option(
        help:
            "How far outside [0, 1] a normalized coordinate may be before it is an error (smaller overshoot is a warning)."
    )
    var rangeTolerance: Double = 0.1

    @Flag(help: "Print only the summary line per file.")
    var quiet = false

    @Argument(help: "Landmark files, or OpenPose folders.")
    var files: [String]

    func run() throws {
        var options = Validator.Options()
        options.rangeTolerance = rangeTolerance
        let validator = Validator(options: options)
        var reports: [ValidationReport] = []
        for path in files {
            do {
                let sequence = try LandmarkFile.read(path, format: input.format, options: input.readOptions)
                reports.append(validator.validate(sequence, path: path))
            } catch {
                reports.append(ValidationReport(failure: error))
            }
        }
        if json {
            print(JSONWriter.string(.array(reports.map(\.json)), indent: 2))
        } else {
            for report in reports {
                if !quiet { for issue in report.issues { print("\(report.path): \(issue.description)") } }
                print(report.summary)
            }
        }
        if reports.contains(where: { !$0.isValid }) { throw ExitCode.failure }
    }
}
