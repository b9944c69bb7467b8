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
struct SampleMetadata: Encodable {
    /// Physical pixel size of the source, in mm.
    struct Spacing: Encodable {
        var row: Double
        var column: Double
        var source: String
    }

    var key: String
    var split: String
    /// Source format: dicom, png, jpeg.
    var format: String
    /// `[width, height]` of the source image.
    var originalSize: [Int]
    /// `[width, height]` of the written image.
    var size: [Int]
    var spacing: Spacing?
    /// View Position (DICOM), such as PA, AP, LL.
    var view: String?
    var modality: String?
    /// The source's digest under the run's hash (`--hash`): one of these two is set.
    var sourceSHA256: String?
    var sourceBLAKE3: String?
    /// How a color source became gray with `--color gray`: rgb-equal, rgb-luma, jpeg-luminance, ybr-luminance.
    var grayFrom: String?
    /// HMAC-SHA256 pseudonym of the patient id (label table first, else DICOM Patient ID).
    var patient: String?
    /// Multi-hot vector in the manifest's vocabulary order.
    var labels: [UInt8]?
    /// 1 where a label is known (uncertain or blank values may be masked).
    var mask: [UInt8]?
    /// Names of the positive labels.
    var findings: [String]?
    /// Class index for single-label data.
    var cls: Int?
    /// Extra columns the label adapter carries (bounding boxes, age, ...).
    var extras: [String: JSONValue]?
    /// Drawn augmentation parameters of an augmented copy.
    var augmentation: AugmentationParameters?
    /// Faults the decoder met and decoded around (absent for a clean file).
    var warnings: [String]?
    /// The source was decoded at 1/decodedScale of its size (JPEG DCT scaling, JPEG 2000 resolution
    /// levels) because the resize needed no more; absent at full resolution.
    var decodedScale: Int?
    /// Quality measures of the written image (perceptual hash, clipping, range, entropy, blank).
    var quality: QualityMeasures?

    init(
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
