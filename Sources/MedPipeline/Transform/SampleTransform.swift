import Foundation
import MedImage
import MedKernels
import MedLabels
import MedShards

/// The per-image pipeline of `convert`.
///
/// Decode → normalize → resize → augment → encode, plus the sample's JSON. A pure function of
/// (bytes, parameters, seed, key), so any thread may run it.
public struct SampleTransform: Sendable {
    /// The chain of the image itself (copy 0).
    public let plain: PipelineDescription
    /// The chain of the augmented copies (copies 1...N), `nil` without augmentation.
    public let augmented: PipelineDescription?
    /// Augmented copies per input, besides the image itself.
    public let copies: Int
    /// The image member's format.
    public let format: OutputFormat
    /// PNG compression level, 0...9.
    public let compressionLevel: Int
    /// What the decoder is asked for (frame, smallest useful size, gray, pixel limit).
    public let decodeOptions: DecodeOptions
    /// Pseudonymizes the patient id in KEY.json; `nil` writes no patient field.
    public let pseudonymizer: Pseudonymizer?
    /// Label rows by input index.
    public let labels: [Int: LabeledSample]
    /// The label vocabulary, when a table was joined.
    public let vocabulary: LabelVocabulary?
    /// Counts paths that hold their file's Patient ID; `nil` when paths are pseudonymized.
    public let pathCheck: PathIdentifierCheck?
    private let pool: PreprocessorPool

    /// Creates the transform; `pathCheck` counts paths that hold their file's Patient ID.
    public init(
        plain: PipelineDescription, augmented: PipelineDescription?, copies: Int, format: OutputFormat,
        compressionLevel: Int, decodeOptions: DecodeOptions, pseudonymizer: Pseudonymizer?,
        labels: [Int: LabeledSample], vocabulary: LabelVocabulary?, pathCheck: PathIdentifierCheck? = nil
    ) {
        self.plain = plain
        self.augmented = augmented
        self.copies = copies
        self.format = format
        self.compressionLevel = compressionLevel
        self.decodeOptions = decodeOptions
        self.pseudonymizer = pseudonymizer
        self.labels = labels
        self.vocabulary = vocabulary
        self.pathCheck = pathCheck
        pool = PreprocessorPool(plain)
    }

    /// Refuses what the pipeline cannot turn into faithful pixels, before any work is done on it.
    ///
    /// - Throws: `ImageError.unsupported` for PALETTE COLOR (the kernels would window the indices),
    ///   `ImageError.tooLarge` when the resized canvas would exceed the decoder's memory limit
    ///   (a 65535x1 input resized by its shorter side, say).
    private func checkConvertible(_ image: DecodedImage, path: String) throws(ImageError) {
        if image.storedPhotometric == .paletteColor {
            throw ImageError(.unsupported, path: path, location: .element(group: 0x0028, element: 0x0004),
                             reason: "PALETTE COLOR images are not converted (the palette would be windowed as gray)")
        }
        guard let geometry = plain.resize?.geometry else { return }
        let layout = ResizeLayout(inputWidth: image.stored.width, inputHeight: image.stored.height, geometry: geometry)
        let (samples, overflow) = layout.canvasWidth.multipliedReportingOverflow(by: layout.canvasHeight)
        let bytes = samples.multipliedReportingOverflow(by: image.stored.channels * MemoryLayout<Float>.size)
        if overflow || bytes.overflow || bytes.partialValue > decodeOptions.maximumPixelBytes {
            throw ImageError(.tooLarge, path: path, reason:
                "resizing \(image.stored.width)x\(image.stored.height) gives a \(layout.canvasWidth)x\(layout.canvasHeight) canvas, over the limit of \(decodeOptions.maximumPixelBytes) bytes")
        }
    }

    /// The key of augmented copy `copy` (1...N) of `key`.
    public static func copyKey(_ key: String, copy: Int) -> String { copy == 0 ? key : "\(key)_aug\(copy)" }

    /// The samples for one input: the image, then its augmented copies.
    ///
    /// - Throws: `ImageError` from decoding, `PNGEncoder.EncodingError` from encoding.
    public func samples(for input: ConversionInput, source: SourceData) throws -> [ShardSample] {
        var ignored = StageTimes()
        return try samples(for: input, source: source, times: &ignored)
    }

    /// ``samples(for:source:)``, adding the time of each stage to `times` (for `medprep bench`).
    public func samples(for input: ConversionInput, source: SourceData, times: inout StageTimes) throws -> [ShardSample] {
        let decoded = try times.time(.decode) {
            let decoded = try ImageDecoder.decode(source.bytes, path: input.source, options: decodeOptions)
            try checkConvertible(decoded, path: input.source)
            pathCheck?.check(path: input.file.relativePath, metadata: decoded.metadata)
            return decoded
        }
        let label = labels[input.index]
        // Normalized and resized once; the augmented copies start from the resized image.
        let keys = (0...(augmented == nil ? 0 : copies)).map { Self.copyKey(input.key, copy: $0) }
        let results = pool.run(
            decoded, sampleKey: keys[0], augmentedCopies: Array(keys.dropFirst()),
            augmentation: augmented?.augmentation ?? Augmentation()
        ) { step, seconds in times[PipelineStage(step)] += seconds }
        var samples: [ShardSample] = []
        for (key, result) in zip(keys, results) {
            var members = try times.time(.encode) {
                [
                    ShardSample.Member(
                        fileExtension: format.member.fileExtension,
                        contents: try format.member.encode(result.image, compressionLevel: compressionLevel))
                ]
            }
            let quality = times.time(.quality) { result.image.qualityMeasures }
            let metadata = SampleMetadata(
                key: key, split: input.split, decoded: decoded, result: result, label: label,
                vocabulary: vocabulary, sourceDigest: source.digest, pseudonymizer: pseudonymizer, quality: quality)
            try times.time(.encode) {
                members.append(try MemberFormat.jsonMember(metadata))
                if let classIndex = label?.classIndex { members.append(MemberFormat.clsMember(classIndex)) }
            }
            samples.append(ShardSample(key: key, members: members, profile: metadata.profile))
        }
        return samples
    }
}

/// Preprocessors (with their cached resize plans and tables) shared by the worker threads: a thread
/// takes one, runs an image, and gives it back, so caches survive across images without locks in the hot path.
final class PreprocessorPool: @unchecked Sendable {
    // `idle` is only touched with `lock` held.
    private let lock = NSLock()
    private var idle: [Preprocessor] = []
    private let description: PipelineDescription

    init(_ description: PipelineDescription) { self.description = description }

    func run(
        _ image: DecodedImage, sampleKey: String, augmentedCopies: [String], augmentation: Augmentation,
        timing: (PreprocessingStep, Double) -> Void
    ) -> [PipelineResult] {
        lock.lock()
        var preprocessor = idle.popLast() ?? Preprocessor(description)
        lock.unlock()
        // A VOI LUT Sequence takes precedence over a window, as in DecodedImage.presentationValues
        // (and pydicom); the stored photometric says whether YBR was already converted to RGB.
        let result = preprocessor.run(
            image.stored, modality: image.modalityLUT, photometric: image.storedPhotometric,
            fileWindow: image.voiLUTs.isEmpty ? image.windows.first : nil, fileVOILUT: image.voiLUTs.first,
            sampleKey: sampleKey, augmentedCopies: augmentedCopies, augmentation: augmentation, timing: timing)
        lock.lock()
        idle.append(preprocessor)
        lock.unlock()
        return result
    }
}

extension ImageError: ErrorRecordConvertible {
    public func errorRecord(path: String) -> ErrorRecord {
        ErrorRecord(path: path, code: code.name, location: location?.description, reason: reason)
    }
}

extension PNGEncoder.EncodingError: ErrorRecordConvertible {
    public func errorRecord(path: String) -> ErrorRecord {
        ErrorRecord(path: path, code: "encodingFailed", reason: description)
    }
}
