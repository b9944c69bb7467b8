import ArgumentParser
import MedLabels

extension DatasetKind: ExpressibleByArgument {}
extension UncertaintyPolicy: ExpressibleByArgument {}
extension BlankPolicy: ExpressibleByArgument {}
extension TableEncoding: ExpressibleByArgument {}

/// The options that name a dataset's label tables; shared by `labels check` (which needs them) and
/// `convert` (where they are optional).
struct LabelOptions: ParsableArguments {
    @Option(
        help: "The dataset whose table layout to read: \(DatasetKind.allCases.map(\.rawValue).joined(separator: ", "))."
    )
    var dataset: DatasetKind?

    @Option(
        name: .customLong("labels"),
        help: ArgumentHelp(
            "A label table; repeat for each (recognized by header: e.g. Data_Entry_2017.csv, BBox_List_2017.csv, "
                + "train_val_list.txt, test_list.txt for nih). Gzip (.csv.gz) is read as is; a pipe or <(zcat ...) "
                + "works; '-' reads standard input.", valueName: "file"))
    var tables: [String] = []

    @Option(help: "The encoding of the label tables: utf-8, latin-1, cp1252 (Windows-1252).")
    var encoding: TableEncoding = .utf8

    @Option(help: "CheXpert/MIMIC/one-hot: what an uncertain (-1.0) value becomes: ones, zeros, ignore (masked).")
    var uncertain: UncertaintyPolicy = .ignore

    @Option(
        name: .customLong("uncertain-class"),
        help: ArgumentHelp(
            "A per-class uncertainty policy, e.g. 'Atelectasis=ones'; repeatable.", valueName: "label=policy"))
    var uncertainClass: [String] = []

    @Option(help: "What a blank (not mentioned) value becomes: negative, ignore (masked).")
    var blank: BlankPolicy = .negative

    @OptionGroup(title: "Generic CSV")
    var generic: GenericLabelOptions

    /// The uncertainty and blank policies.
    func observationPolicy() throws -> ObservationPolicy {
        var perClass: [String: UncertaintyPolicy] = [:]
        for entry in uncertainClass {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let policy = UncertaintyPolicy(rawValue: parts[1]) else {
                throw ValidationError("--uncertain-class '\(entry)' is not LABEL=ones|zeros|ignore")
            }
            perClass[parts[0]] = policy
        }
        return ObservationPolicy(uncertain: uncertain, perClass: perClass, blank: blank)
    }

    /// The adapter these options describe, or `nil` when neither a table nor a dataset was given.
    ///
    /// - Throws: `ValidationError` when only one of `--labels` and `--dataset` was given, or for a
    ///   bad policy or generic-CSV option.
    func adapter() throws -> (any LabelAdapter)? {
        guard !tables.isEmpty else {
            if dataset != nil { throw ValidationError("--dataset needs at least one --labels table") }
            return nil
        }
        guard let dataset else {
            throw ValidationError(
                "--labels needs --dataset (\(DatasetKind.allCases.map(\.rawValue).joined(separator: "|")))")
        }
        if dataset == .generic {
            guard tables.count == 1 else { throw ValidationError("--dataset generic reads exactly one --labels table") }
            var adapter = try generic.adapter(path: tables[0], policy: observationPolicy())
            adapter.encoding = encoding
            return adapter
        }
        if tables.filter({ $0 == TableFile.standardInput }).count > 1 {
            throw ValidationError("--labels - (standard input) can be given once")
        }
        return try dataset.adapter(tables: tables, policy: observationPolicy(), encoding: encoding)
    }
}

/// Patient-level split options; shared by `labels check` and `convert`.
struct LabelSplitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Fractions of patients for train,val,test.", valueName: "train,val,test"))
    var split: String = "0.8,0.1,0.1"

    @Flag(help: "Balance label prevalence across splits (exact fractions per stratum).")
    var stratify = false

    @Flag(help: "Ignore the dataset's official split and split every patient by hash.")
    var ignoreOfficialSplit = false

    /// The split options, hashing patients with `seed` (``SeedOption``).
    func splitOptions(seed: UInt64) throws -> SplitOptions {
        SplitOptions(
            fractions: try SplitFractions(parsing: split), seed: seed, stratifyByLabel: stratify,
            useOfficialSplit: !ignoreOfficialSplit)
    }
}
