import Foundation
import MedImage
import MedKernels

/// The whole per-image chain (normalize, resize, augment, output type) as a value that goes
/// into the manifest as JSON and comes back out to reproduce a run.
///
/// Order: stored value → modality LUT → normalization → MONOCHROME1 inversion → quantization to
/// the working type (the output type, or `Float` for half-precision output) → resize →
/// augmentation → output. Integer outputs are quantized before resizing, so the resize reads
/// 1 or 2 bytes per input pixel; this is what Pillow-based pipelines do too.
public struct PipelineDescription: Sendable, Equatable, Codable {
    /// Format version of this description, for readers of old manifests.
    public var version: Int = 1
    /// Intensity normalization.
    public var normalization: Normalization = .fileWindow(fallback: .percentile(low: 0.5, high: 99.5))
    /// Invert MONOCHROME1 images after VOI, so that higher is brighter (PS3.3 C.7.6.3.1.2).
    public var invertMonochrome1: Bool = true
    /// Resize step, if any.
    public var resize: ResizeDescription?
    /// Augmentation, if any.
    public var augmentation: Augmentation?
    /// Output sample type.
    public var output: OutputSampleType = .uint8
    /// The run seed: with each sample's key it seeds augmentation (`convert` also splits patients by it).
    public var seed: UInt64 = 0
    /// Color handling: ``ColorOutput/gray`` reduces 3-channel RGB images to luma before normalizing;
    /// `nil` (and ``ColorOutput/rgb``) keeps the channels as given. `nil` is not written to JSON, so
    /// descriptions made before this field existed read and write the same.
    public var color: ColorOutput?

    /// Creates a description.
    public init(
        normalization: Normalization = .fileWindow(fallback: .percentile(low: 0.5, high: 99.5)),
        invertMonochrome1: Bool = true, resize: ResizeDescription? = nil, augmentation: Augmentation? = nil,
        output: OutputSampleType = .uint8, seed: UInt64 = 0, color: ColorOutput? = nil
    ) {
        self.color = color
        self.normalization = normalization
        self.invertMonochrome1 = invertMonochrome1
        self.resize = resize
        self.augmentation = augmentation
        self.output = output
        self.seed = seed
    }

    /// The description as JSON with sorted keys (stable bytes for the manifest).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// Decodes a description from a manifest's JSON.
    public init(jsonData: Data) throws {
        self = try JSONDecoder().decode(PipelineDescription.self, from: jsonData)
    }
}

extension PipelineDescription {
    /// Runs the chain on one decoded image.
    ///
    /// - Parameters:
    ///   - image: Stored values as decoded (masked, sign-extended).
    ///   - modality: The image's modality LUT (PS3.3 C.11.1).
    ///   - photometric: Its photometric interpretation; MONOCHROME1 is inverted when enabled.
    ///   - fileWindow: The file's first VOI window, for ``Normalization/fileWindow(fallback:)``.
    ///   - fileVOILUT: The file's first VOI LUT, used by `.fileWindow` when there is no window.
    ///   - sampleKey: The sample's key; with ``seed`` it seeds augmentation.
    /// - Returns: The output image and its provenance.
    /// - Complexity: O(input pixels); allocates the intermediate images. Use ``Preprocessor`` to reuse buffers.
    public func run(
        _ image: AnyPixelBuffer, modality: ModalityLUT = .identity,
        photometric: PhotometricInterpretation = .monochrome2, fileWindow: VOIWindow? = nil,
        fileVOILUT: LookupTable? = nil, sampleKey: String
    ) -> PipelineResult {
        var pre = Preprocessor(self)
        return pre.run(
            image, modality: modality, photometric: photometric, fileWindow: fileWindow,
            fileVOILUT: fileVOILUT, sampleKey: sampleKey)
    }
}
