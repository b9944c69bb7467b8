import MedQuality

@_exported import struct MedQuality.QualityMeasures
@_exported import struct MedQuality.PerceptualHash

/// What the manifest keeps of one sample for `medprep report`: its quality measures, labels,
/// pseudonymous patient and the demographics of its label-table row.
///
/// A copy of fields of `KEY.json`, so a report over a million samples reads one manifest instead of
/// every shard. Holds nothing `KEY.json` does not: the patient is the keyed pseudonym (absent
/// without a key), age, sex and view come from the label table (view also from DICOM View
/// Position), never from other DICOM attributes.
public struct SampleProfile: Codable, Sendable, Equatable {
    /// The measures of the written image.
    public var quality: QualityMeasures?
    /// The patient pseudonym.
    public var patient: String?
    /// Names of the positive labels; `nil` when the sample has no label row.
    public var findings: [String]?
    /// Age in years, from the label table.
    public var age: Double?
    /// Sex as the label table writes it (`M`, `F`, `Male`, ...).
    public var sex: String?
    /// View position (PA, AP, LL, ...).
    public var view: String?
    /// `[width, height]` of the source image.
    public var originalSize: [Int]?
    /// `[row, column]` pixel spacing of the source in mm, when known.
    public var spacing: [Double]?
    /// `convert --dedupe report`: the key of an earlier sample of another split within the
    /// threshold (``DuplicateGate``).
    public var duplicateOf: String?
    /// The pHash distance to ``duplicateOf``.
    public var duplicateDistance: Int?

    /// Creates a profile.
    public init(
        quality: QualityMeasures? = nil, patient: String? = nil, findings: [String]? = nil, age: Double? = nil,
        sex: String? = nil, view: String? = nil, originalSize: [Int]? = nil, spacing: [Double]? = nil
    ) {
        self.quality = quality
        self.patient = patient
        self.findings = findings
        self.age = age
        self.sex = sex
        self.view = view
        self.originalSize = originalSize
        self.spacing = spacing
    }
}
