import ArgumentParser

/// `medprep labels`: label tables on their own, before any image is converted.
struct LabelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labels",
        abstract: "Check how label tables join an image folder, and how patients fall into splits.",
        subcommands: [LabelsCheckCommand.self]
    )
}
