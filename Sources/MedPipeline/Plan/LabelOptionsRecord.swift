/// Every label and split option that changes a sample's labels, mask, extras or split, with the
/// SHA-256 of each label table: recorded in the manifest's `pipeline`, so that `--resume` refuses
/// a run whose policies, columns or tables changed instead of mixing two labelings in one output.
/// Options left at their defaults or unset are recorded too (as their values, or absent).
public struct LabelOptionsRecord: Encodable, Sendable {
    /// `--uncertain`: what an uncertain value becomes.
    public var uncertain: String
    /// `--uncertain-class` as applied, `LABEL=POLICY`, sorted.
    public var uncertainClass: [String]
    /// `--blank`: what a blank value becomes.
    public var blank: String
    /// `--stratify`.
    public var stratify: Bool
    /// `--ignore-official-split`.
    public var ignoreOfficialSplit: Bool
    /// The SHA-256 of each label table's bytes as stored, in `--labels` order.
    public var tableSHA256: [String]
    /// Generic CSV: `--key-column`.
    public var keyColumn: String?
    /// Generic CSV: `--match`.
    public var match: String?
    /// Generic CSV: `--key-regex`.
    public var keyRegex: String?
    /// Generic CSV: `--anchor`.
    public var anchor: Int?
    /// Generic CSV: `--label-columns`.
    public var labelColumns: String?
    /// Generic CSV: `--label-column`.
    public var labelColumn: String?
    /// Generic CSV: `--label-separator`.
    public var labelSeparator: String?
    /// Generic CSV: `--class-column`.
    public var classColumn: String?
    /// Generic CSV: `--vocabulary`.
    public var vocabulary: String?
    /// Generic CSV: `--patient-column`.
    public var patientColumn: String?
    /// Generic CSV: `--split-column`.
    public var splitColumn: String?
    /// Generic CSV: `--extra-column`, repeated.
    public var extraColumns: [String]?
    /// Generic CSV: `--delimiter`.
    public var delimiter: String?
    /// Absent for UTF-8, so manifests written before `--encoding` existed read the same.
    public var encoding: String?

    /// A record of the policies every dataset has; the generic-CSV fields start out absent.
    ///
    /// - Parameters:
    ///   - uncertainClass: `LABEL=POLICY` per class, as applied, sorted.
    ///   - tableSHA256: The SHA-256 of each label table's bytes as stored.
    ///   - encoding: `nil` for UTF-8.
    public init(
        uncertain: String, uncertainClass: [String], blank: String, stratify: Bool, ignoreOfficialSplit: Bool,
        tableSHA256: [String], encoding: String?
    ) {
        self.uncertain = uncertain
        self.uncertainClass = uncertainClass
        self.blank = blank
        self.stratify = stratify
        self.ignoreOfficialSplit = ignoreOfficialSplit
        self.tableSHA256 = tableSHA256
        self.encoding = encoding
    }
}
