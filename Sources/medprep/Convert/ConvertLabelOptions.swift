import ArgumentParser
import MedLabels

/// `convert`'s optional label table: like `labels check`'s options, but without a required `--dataset`.
struct ConvertLabelOptions: ParsableArguments {
    @Option(
        name: .customLong("labels"),
        help: ArgumentHelp(
            "A label table to join to the images; repeat for each table of the dataset.", valueName: "file"))
    var tables: [String] = []

    @Option(help: "The label tables' layout: \(DatasetKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var dataset: DatasetKind?

    @Option(help: "CheXpert/MIMIC: what an uncertain (-1.0) value becomes: ones, zeros, ignore (masked).")
    var uncertain: UncertaintyPolicy = .ignore

    @Option(
        name: .customLong("uncertain-class"),
        help: ArgumentHelp(
            "A per-class uncertainty policy, such as 'Atelectasis=ones'; repeatable.", valueName: "label=policy"))
    var uncertainClass: [String] = []

    @Option(help: "What a blank (not mentioned) value becomes: negative, ignore (masked).")
    var blank: BlankPolicy = .negative

    @OptionGroup(title: "Generic CSV (--dataset generic)")
    var generic: GenericLabelOptions

    /// The adapter, or `nil` when no table was given.
    func adapter() throws -> (any LabelAdapter)? {
        guard !tables.isEmpty else {
            if dataset != nil { throw ValidationError("--dataset needs at least one --labels table") }
            return nil
        }
        guard let dataset else {
            throw ValidationError(
                "--labels needs --dataset (\(DatasetKind.allCases.map(\.rawValue).joined(separator: "|")))")
        }
        var perClass: [String: UncertaintyPolicy] = [:]
        for entry in uncertainClass {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let policy = UncertaintyPolicy(rawValue: parts[1]) else {
                throw ValidationError("--uncertain-class '\(entry)' is not LABEL=ones|zeros|ignore")
            }
            perClass[parts[0]] = policy
        }
        let policy = ObservationPolicy(uncertain: uncertain, perClass: perClass, blank: blank)
        if dataset == .generic {
            guard tables.count == 1 else { throw ValidationError("--dataset generic reads exactly one --labels table") }
            return try generic.adapter(path: tables[0], policy: policy)
        }
        return try dataset.adapter(tables: tables, policy: policy)
    }
}
