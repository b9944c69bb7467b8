import MedCore
import MedImage
import MedKernels
import MedLabels
import Foundation
import MedShards

/// The sample's `KEY.json`: the listed fields and nothing else.
///
/// No name, birth date, institution, accession number or raw patient id can reach it: the patient
/// appears only as a keyed pseudonym.
public struct SampleMetadata: Encodable, Sendable {
    /// Physical pixel size of the source, in mm.
    public struct Spacing: Encodable, Sendable {
        /// Row spacing (between rows), in mm.
        public var row: Double
        /// Column spacing, in mm.
        public var column: Double
        /// The attribute it came from, such as `PixelSpacing` or `ImagerPixelSpacing`.
        public var source: String
    }

    /// The sample key (augmented copies end in `_augN`).
    public var key: String
    /// `train`, `val` or `test`.
    public var split: String
    /// Source format: dicom, png, jpeg.
    public var format: String
    /// `[width, height]` of the source image.
    public var originalSize: [Int]
    /// `[width, height]` of the written image.
    public var size: [Int]
    /// The source's pixel spacing, when the file states one.
    public var spacing: Spacing?
    /// View Position (DICOM), such as PA, AP, LL.
    public var view: String?
    /// Modality (DICOM), such as DX, CR, CT.
    public var modality: String?
    /// The source's digest under the run's hash (`--hash`): one of these two is set.
    public var sourceSHA256: String?
    public var sourceBLAKE3: String?
    /// How a color source became gray with `--color gray`: rgb-equal, rgb-luma, jpeg-luminance, ybr-luminance.
    public var grayFrom: String?
    /// HMAC-SHA256 pseudonym of the patient id (label table first, else DICOM Patient ID).
    public var patient: String?
    /// Multi-hot vector in the manifest's vocabulary order.
    public var labels: [UInt8]?
    /// 1 where a label is known (uncertain or blank values may be masked).
    public var mask: [UInt8]?
    /// Names of the positive labels.
    public var findings: [String]?
    /// Class index for single-label data.
    public var cls: Int?
    /// Extra columns the label adapter carries (bounding boxes, age, ...).
    public var extras: [String: JSONValue]?
    /// Drawn augmentation parameters of an augmented copy.
    public var augmentation: AugmentationParameters?
    /// Faults the decoder met and decoded around (absent for a clean file).
    public var warnings: [String]?
    /// The source was decoded at 1/decodedScale of its size (JPEG DCT scaling, JPEG 2000 resolution
    /// levels) because the resize needed no more; absent at full resolution.
    public var decodedScale: Int?
    /// Quality measures of the written image (perceptual hash, clipping, range, entropy, blank).
    public var quality: QualityMeasures?

    /// The metadata of one sample: `decoded` and `result` describe the image, `label` its row (if any).
    ///
    /// The patient appears only as `pseudonymizer`'s pseudonym of the label table's patient id, else of
    /// the file's DICOM Patient ID; without a pseudonymizer there is no patient field.
    public init(
        key: String, split: String, decoded: DecodedImage, result: PipelineResult, label: LabeledSample?,
        vocabulary: LabelVocabulary?, sourceDigest: SourceDigest, pseudonymizer: Pseudonymizer?,
        quality: QualityMeasures? = nil
    ) {
        self.quality = quality
        let metadata = decoded.metadata
        self.key = key
        self.split = split
        format = metadata.format.rawValue
        originalSize = [metadata.width, metadata.height]
        size = [result.image.width, result.image.height]
        spacing = metadata.pixelSpacing.map { Spacing(row: $0.row, column: $0.column, source: $0.source.rawValue) }
        view = metadata.viewPosition
        modality = metadata.modality
        sourceSHA256 = sourceDigest.hash == .sha256 ? sourceDigest.hex : nil
        sourceBLAKE3 = sourceDigest.hash == .blake3 ? sourceDigest.hex : nil
        grayFrom = decoded.grayReduction?.rawValue
        let patientID = label.map(\.patientID).flatMap { $0.isEmpty ? nil : $0 } ?? metadata.patientID
        patient = patientID.flatMap { id in pseudonymizer.map { $0.pseudonym(for: id) } }
        if let label {
            labels = label.labels
            mask = label.mask
            cls = label.classIndex
            extras = label.extras.count == 0 ? nil : label.extras.dictionary
            if view == nil, case .string(let position)? = label.extras["viewPosition"] { view = position }
            if let vocabulary {
                findings = zip(vocabulary.names, label.labels).filter { $0.1 == 1 }.map(\.0)
            }
        }
        augmentation = result.augmentation
        warnings = decoded.warnings.isEmpty ? nil : decoded.warnings
        decodedScale = decoded.scaleDenominator > 1 ? decoded.scaleDenominator : nil
    }

    /// The fields `medprep report` reads, for the manifest.
    var profile: SampleProfile {
        var age: Double?
        switch extras?["age"] {
        case .int(let years)?: age = Double(years)
        case .double(let years)?: age = years
        case .string(let text)?: age = Double(text.trimmingCharacters(in: .whitespaces))
        default: age = nil
        }
        var sex: String?
        if case .string(let text)? = extras?["sex"], !text.isEmpty { sex = text }
        return SampleProfile(
            quality: quality, patient: patient, findings: labels == nil ? nil : (findings ?? []), age: age, sex: sex,
            view: view, originalSize: originalSize, spacing: spacing.map { [$0.row, $0.column] })
    }
}
