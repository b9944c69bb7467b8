import ArgumentParser

/// The `medprep` command: medical images to training shards, labels joined, gestures read.
@main
struct MedPrep: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "medprep",
        abstract: "Turn DICOM, PNG and JPEG archives into deep-learning training data.",
        version: version,
        subcommands: [
            ConvertCommand.self, VerifyCommand.self, MergeCommand.self, PreviewCommand.self, InspectCommand.self,
            DecodeCommand.self, LabelsCommand.self, GesturesCommand.self, BenchCommand.self, ListCommand.self,
            ReportCommand.self,
        ]
    )
}
