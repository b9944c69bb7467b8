import Foundation
import MedImage
import MedKernels
import MedLabels
import MedShards

/// The per-image pipeline of `convert`.
///
/// Decode → normalize → resize → augment → encode, plus the sample's JSON. A pure function of
/// (bytes, parameters, seed, key), so any thread may run it.
struct SampleTransform: Sendable {
    let plain: PipelineDescription
    let augmented: PipelineDescription?
    let copies: Int
    let format: OutputFormat
    let compressionLevel: Int
    let decodeOptions: DecodeOptions
    let pseudonymizer: Pseudonymizer?
    let labels: [Int: LabeledSample]
    let vocabulary: LabelVocabulary?
    private let plainPool: PreprocessorPool
    private let augmentedPool: PreprocessorPool?

    init(
        plain: PipelineDescription, augmented: PipelineDescription?, copies: Int, format: OutputFormat,
        compressionLevel: Int, decodeOptions: DecodeOptions, pseudonymizer: Pseudonymizer?,
        labels: [Int: LabeledSample], vocabulary: LabelVocabulary?
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
        plainPool = PreprocessorPool(plain)
        augmentedPool = augmented.map(PreprocessorPool.init)
    }

    /// The key of augmented copy `copy` (1...N) of `key`.
    static func copyKey(_ key: String, copy: Int) -> String { copy == 0 ? key : "\(key)_aug\(copy)" }

    /// The samples for one input: the image, then its augmented copies.
    ///
    /// - Throws: `ImageError` from decoding, `PNGEncoder.EncodingError` from encoding.
    func samples(for input: ConversionInput, source: SourceData) throws -> [ShardSample] {
        let decoded = try ImageDecoder.decode(source.bytes, path: input.file.relativePath, options: decodeOptions)
        let label = labels[input.index]
        let sourceSHA = source.sha256
        var samples: [ShardSample] = []
        for copy in 0...copies {
            let key = Self.copyKey(input.key, copy: copy)
            let pool = copy == 0 ? plainPool : (augmentedPool ?? plainPool)
            let result = pool.run(decoded, sampleKey: key)
            var members = [
                ShardSample.Member(
                    fileExtension: format.fileExtension,
                    contents: try format.encode(result.image, compressionLevel: compressionLevel))
            ]
            let metadata = SampleMetadata(
                key: key, split: input.split, decoded: decoded, result: result, label: label,
                vocabulary: vocabulary, sourceSHA256: sourceSHA, pseudonymizer: pseudonymizer)
            members.append(.init(fileExtension: "json", contents: try ManifestCoding.line(metadata)))
            if let classIndex = label?.classIndex {
                members.append(.init(fileExtension: "cls", contents: Array(String(classIndex).utf8)))
            }
            samples.append(ShardSample(key: key, members: members))
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

    func run(_ image: DecodedImage, sampleKey: String) -> PipelineResult {
        lock.lock()
        var preprocessor = idle.popLast() ?? Preprocessor(description)
        lock.unlock()
        let result = preprocessor.run(
            image.stored, modality: image.modalityLUT, photometric: image.metadata.photometric,
            fileWindow: image.windows.first, sampleKey: sampleKey)
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
