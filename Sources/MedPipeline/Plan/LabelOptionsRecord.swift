/// Every label and split option that changes a sample's labels, mask, extras or split, with the
/// SHA-256 of each label table: recorded in the manifest's `pipeline`, so that `--resume` refuses
/// a run whose policies, columns or tables changed instead of mixing two labelings in one output.
/// Options left at their defaults or unset are recorded too (as their values, or absent).
public struct LabelOptionsRecord: Encodable, Sendable {
    public var uncertain: String
    public var uncertainClass: [String]
    public var blank: String
    public var stratify: Bool
    public var ignoreOfficialSplit: Bool
    public var tableSHA256: [String]
    public var keyColumn: String?
    public var match: String?
    public var keyRegex: String?
    public var anchor: Int?
    public var labelColumns: String?
    public var labelColumn: String?
    public var labelSeparator: String?
    public var classColumn: String?
    public var vocabulary: String?
    public var patientColumn: String?
    public var splitColumn: String?
    public var extraColumns: [String]?
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
