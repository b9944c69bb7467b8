import Foundation
import ArgumentParser
import MedLabels

/// How a generic CSV's columns are read (`--dataset generic`).
struct GenericLabelOptions: ParsableArguments {
    /// The generic match modes.
    enum Match: String, ExpressibleByArgument, CaseIterable {
        case fileName = "file-name", stem, pathSuffix = "path-suffix", regex
    }

    @Option(help: "The column matched against image paths.")
    var keyColumn: String?

    @Option(help: "How the key matches an image: file-name, stem, path-suffix, regex.")
    var match: Match = .fileName

    @Option(help: "With --match regex: a regex over the relative path whose first group (or match) is the key.")
    var keyRegex: String?

    @Option(help: "With --match path-suffix: trailing path components that must agree at least.")
    var anchor = 1

    @Option(help: ArgumentHelp("One-hot label columns (1/0/-1/blank).", valueName: "a,b,c"))
    var labelColumns: String?

    @Option(help: "One column listing each image's labels, split by --label-separator.")
    var labelColumn: String?

    @Option(help: "The separator of --label-column.")
    var labelSeparator = "|"

    @Option(help: "One column holding the single class of each image.")
    var classColumn: String?

    @Option(
        help: ArgumentHelp(
            "The vocabulary in vector order (default: column names, or sorted values).",
            valueName: "a,b,c"))
    var vocabulary: String?

    @Option(help: "The patient id column (without it every image is its own patient).")
    var patientColumn: String?

    @Option(help: "A column with an official split (train, val, test).")
    var splitColumn: String?

    @Option(name: .customLong("extra-column"), help: "A column copied into the sample JSON; repeatable.")
    var extraColumns: [String] = []

    @Option(help: "The field separator of the table.")
    var delimiter = ","

    /// The adapter for one generic table.
    func adapter(path: String, policy: ObservationPolicy) throws -> GenericCSVLabels {
        guard let keyColumn else { throw ValidationError("--dataset generic needs --key-column") }
        let rule: MatchRule
        switch match {
        case .fileName: rule = .fileName
        case .stem: rule = .stem
        case .pathSuffix: rule = .pathSuffix(anchorComponents: anchor)
        case .regex:
            guard let keyRegex else { throw ValidationError("--match regex needs --key-regex") }
            rule = .regex(keyRegex)
        }
        let given = [labelColumns != nil, labelColumn != nil, classColumn != nil].filter { $0 }.count
        guard given == 1 else {
            throw ValidationError("give exactly one of --label-columns, --label-column, --class-column")
        }
        let labels: GenericCSVLabels.Labels
        if let labelColumns {
            labels = .oneHot(columns: Self.list(labelColumns))
        } else if let labelColumn {
            labels = .separated(column: labelColumn, separator: labelSeparator)
        } else {
            labels = .singleClass(column: classColumn ?? "")
        }
        guard delimiter.count == 1, let character = delimiter.first else {
            throw ValidationError("--delimiter must be one character")
        }
        return GenericCSVLabels(
            path: path, keyColumn: keyColumn, matchRule: rule, labels: labels, vocabulary: vocabulary.map(Self.list),
            patientColumn: patientColumn, splitColumn: splitColumn, extraColumns: extraColumns, policy: policy,
            delimiter: character)
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
