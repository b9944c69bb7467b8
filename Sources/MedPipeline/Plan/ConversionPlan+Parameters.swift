import MedKernels
import MedLabels
import MedShards

extension ConversionPlan {
    /// What goes into the manifest's `pipeline` field: every choice that affects output bytes.
    ///
    /// `--resume` compares it with the folder's manifest and refuses a run that differs. The run seed
    /// is recorded once, as `pipeline.seed`: it seeds the patient split and, with each key, augmentation.
    public struct Parameters: Encodable, Sendable {
        /// The chain of every sample (the image itself, copy 0), with the run seed.
        var pipeline: PipelineDescription
        /// What the augmented copies (1...N) add to ``pipeline``: the description's only difference.
        var augmentation: Augmentation?
        var augmentedCopies: Int
        var format: OutputFormat
        var pngCompressionLevel: Int
        var frame: Int
        var decodeMinimumSize: [Int]?
        var shardSamples: Int
        var shardBytes: Int
        var split: SplitFractions
        var labels: LabelParameters?
        var patientField: Bool
        /// HMAC of a fixed text under the pseudonym key: tells whether a resumed run uses the same key,
        /// without revealing it.
        var pseudonymKeyCheck: String?
        /// `true` with `--pseudonymize-paths`; absent otherwise, so other manifests are unchanged.
        var pathsPseudonymized: Bool?
        /// `--dedupe` as `mode:threshold`; absent without it.
        var dedupe: String?

        /// The parameters of `request`, whose pipelines are `descriptions`.
        init(
            _ request: ConversionRequest, descriptions: (plain: PipelineDescription, augmented: PipelineDescription?),
            labels: LabelParameters?, keyCheck: String?, pathsPseudonymized: Bool
        ) {
            let image = request.image
            pipeline = descriptions.plain
            augmentation = descriptions.augmented?.augmentation
            augmentedCopies = image.augmentedCopies
            format = image.format
            pngCompressionLevel = image.pngLevel
            frame = image.frame
            decodeMinimumSize = image.minimumDecodedSize.map { [$0.width, $0.height] }
            shardSamples = request.shardSamples
            shardBytes = request.shardBytes
            split = request.split.fractions
            self.labels = labels
            patientField = request.writesPatientID
            pseudonymKeyCheck = keyCheck
            self.pathsPseudonymized = pathsPseudonymized ? true : nil
            dedupe = request.dedupe
        }
    }

    /// The label tables' part of ``Parameters``.
    public struct LabelParameters: Encodable, Sendable {
        var dataset: String
        var tables: [String]
        var vocabulary: [String]
        var singleLabel: Bool
        var options: LabelOptionsRecord
    }
}
