import Foundation
import MedCore
import MedImage

/// The resize step of a pipeline.
public struct ResizeDescription: Sendable, Hashable, Codable {
    /// Output size rule.
    public var geometry: ResizeGeometry
    /// Reconstruction filter.
    public var filter: ResampleFilter
    /// Optional integer pre-shrink (Pillow's `reducing_gap`); `nil` resamples in one step.
    public var reducingGap: Double?
    /// Letterbox fill as a fraction of the output range (0 is black).
    public var padValue: Double

    /// Creates a resize step.
    public init(
        geometry: ResizeGeometry, filter: ResampleFilter = .area, reducingGap: Double? = nil,
        padValue: Double = 0
    ) {
        self.geometry = geometry
        self.filter = filter
        self.reducingGap = reducingGap
        self.padValue = padValue
    }
}

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
    /// Run seed for augmentation; combined with each sample's key.
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

/// A pipeline's output image, in the requested sample type.
public enum PreparedImage: Sendable, Equatable {
    case uint8(PixelBuffer<UInt8>)
    case uint16(PixelBuffer<UInt16>)
    case float16(PixelBuffer<Float16>)
    case float32(PixelBuffer<Float>)

    /// Width in pixels.
    public var width: Int {
        switch self {
        case .uint8(let b): b.width
        case .uint16(let b): b.width
        case .float16(let b): b.width
        case .float32(let b): b.width
        }
    }

    /// Height in pixels.
    public var height: Int {
        switch self {
        case .uint8(let b): b.height
        case .uint16(let b): b.height
        case .float16(let b): b.height
        case .float32(let b): b.height
        }
    }
}

/// What a pipeline produced for one sample, with its provenance.
public struct PipelineResult: Sendable {
    /// The image.
    public var image: PreparedImage
    /// The resolved normalization (with its statistics), for the sample's metadata.
    public var mapping: IntensityMapping
    /// The resize layout, when resized.
    public var layout: ResizeLayout?
    /// The drawn augmentation parameters, when augmenting.
    public var augmentation: AugmentationParameters?
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

/// A step of ``Preprocessor/run(_:modality:photometric:fileWindow:fileVOILUT:sampleKey:timing:)``,
/// reported with its duration to callers that profile the pipeline (`medprep bench`).
public enum PreprocessingStep: Sendable, CaseIterable {
    /// Modality LUT, VOI or statistics, inversion, quantization to the working type.
    case normalize
    /// Resizing, when the description has a resize.
    case resize
    /// Drawing and applying augmentation parameters, when the description has augmentation.
    case augment
    /// Float to half-float conversion, for ``OutputSampleType/float16``.
    case halfFloat
}

/// A ``PipelineDescription`` with per-worker caches: resize plans per input size and the
/// normalization table, reused while the inputs' sizes and mappings repeat.
public struct Preprocessor: Sendable {
    /// The description being run.
    public let description: PipelineDescription
    private var resizer: Resizer?
    private var scratch: [Float] = []
    private var table8 = NormalizationTable<UInt16, UInt8>()
    /// The normalized image before resizing, kept so its memory serves the next image.
    private var normalized8 = PixelBuffer<UInt8>(width: 1, height: 1, channels: 1, repeating: 0)
    private var fileLUT: LookupTable?

    /// A preprocessor for `description`.
    public init(_ description: PipelineDescription) { self.description = description }

    /// Runs the chain on one image; see ``PipelineDescription/run(_:modality:photometric:fileWindow:fileVOILUT:sampleKey:)``.
    ///
    /// - Parameter timing: Called after each step that ran, with its duration in seconds.
    public mutating func run(
        _ image: AnyPixelBuffer, modality: ModalityLUT = .identity,
        photometric: PhotometricInterpretation = .monochrome2, fileWindow: VOIWindow? = nil,
        fileVOILUT: LookupTable? = nil, sampleKey: String,
        timing: (PreprocessingStep, Double) -> Void = { _, _ in }
    ) -> PipelineResult {
        run(
            image, modality: modality, photometric: photometric, fileWindow: fileWindow, fileVOILUT: fileVOILUT,
            sampleKey: sampleKey, augmentedCopies: [], augmentation: Augmentation(), timing: timing)[0]
    }

    /// Runs the chain once for `sampleKey`, then applies `augmentation` to the resized image once
    /// per key of `augmentedCopies`.
    ///
    /// Copy `k` is exactly what this description with `augmentation` gives for `augmentedCopies[k]`
    /// (augmentation comes after resizing and is seeded by the key), without normalizing and
    /// resizing the image again.
    ///
    /// - Returns: The result for `sampleKey`, then one per augmented key, in order.
    public mutating func run(
        _ image: AnyPixelBuffer, modality: ModalityLUT = .identity,
        photometric: PhotometricInterpretation = .monochrome2, fileWindow: VOIWindow? = nil,
        fileVOILUT: LookupTable? = nil, sampleKey: String, augmentedCopies: [String], augmentation: Augmentation,
        timing: (PreprocessingStep, Double) -> Void = { _, _ in }
    ) -> [PipelineResult] {
        var image = image
        // Decoders reduce color themselves when asked (DecodeOptions.decodesColorAsGray); this covers
        // callers that hand over RGB.
        if description.color == .gray, photometric == .rgb, let (gray, _) = image.lumaReduced() { image = gray }
        let invert = description.invertMonochrome1 && photometric == .monochrome1
        let n = description.normalization
        fileLUT = fileVOILUT
        let copies = augmentedCopies.map { (key: $0, augmentation: augmentation) }
        switch description.output {
        case .uint8:
            if case .uint16(let stored) = image,
                let fused = windowWhileResizing(stored, n, modality, fileWindow, invert, sampleKey, copies, timing)
            {
                return fused
            }
            let (img, mapping) = Self.timed(.normalize, timing) {
                normalize(image, n, modality, fileWindow, invert, as: UInt8.self)
            }
            return finish(img, mapping, sampleKey, copies, timing) { .uint8($0) }
        case .uint16:
            let (img, mapping) = Self.timed(.normalize, timing) {
                normalize(image, n, modality, fileWindow, invert, as: UInt16.self)
            }
            return finish(img, mapping, sampleKey, copies, timing) { .uint16($0) }
        case .float32:
            let (img, mapping) = Self.timed(.normalize, timing) {
                normalize(image, n, modality, fileWindow, invert, as: Float.self)
            }
            return finish(img, mapping, sampleKey, copies, timing) { .float32($0) }
        case .float16:
            let (img, mapping) = Self.timed(.normalize, timing) {
                normalize(image, n, modality, fileWindow, invert, as: Float.self)
            }
            return finish(img, mapping, sampleKey, copies, timing) { b in
                Self.timed(.halfFloat, timing) {
                    .float16(
                        PixelBuffer(
                            width: b.width, height: b.height, channels: b.channels,
                            samples: b.samples.map { Float16($0) }))
                }
            }
        }
    }

    /// Runs `body` and reports its duration as `step`.
    private static func timed<T>(
        _ step: PreprocessingStep, _ timing: (PreprocessingStep, Double) -> Void, _ body: () -> T
    ) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = body()
        timing(step, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        return result
    }

    private mutating func normalize<Out: NormalizedSample>(
        _ image: AnyPixelBuffer, _ n: Normalization, _ modality: ModalityLUT, _ fileWindow: VOIWindow?, _ invert: Bool,
        as _: Out.Type
    ) -> (PixelBuffer<Out>, IntensityMapping) {
        func viaTable<In: StoredSample>(_ b: PixelBuffer<In>) -> (PixelBuffer<Out>, IntensityMapping) {
            let mapping = b.intensityMapping(
                n, modality: modality, fileWindow: fileWindow, fileVOILUT: fileLUT, invert: invert)
            if mapping.isIdentity, In.self == Out.self {  // 8-bit PNG or JPEG with --normalize none
                return (unsafeBitCast(b, to: PixelBuffer<Out>.self), mapping)
            }
            let table = NormalizationTable<In, Out>(mapping: mapping)
            var out = PixelBuffer<Out>(
                width: b.width, height: b.height, channels: b.channels, repeating: Out.quantized(0))
            table.apply(b, into: &out)
            return (out, mapping)
        }
        switch image {
        case .uint8(let b): return viaTable(b)
        case .int16(let b): return viaTable(b)
        case .uint16(let b):
            if Out.self == UInt8.self {  // the common radiograph case keeps its table across images
                let mapping = b.intensityMapping(
                    n, modality: modality, fileWindow: fileWindow, fileVOILUT: fileLUT, invert: invert)
                table8.update(mapping: mapping)
                table8.apply(b, into: &normalized8)  // reallocates only when the size changes
                return (unsafeBitCast(normalized8, to: PixelBuffer<Out>.self), mapping)
            }
            return viaTable(b)
        case .float32(let b):
            let mapping = b.intensityMapping(
                n, modality: modality, fileWindow: fileWindow, fileVOILUT: fileLUT, invert: invert)
            var out = PixelBuffer<Out>(
                width: b.width, height: b.height, channels: b.channels, repeating: Out.quantized(0))
            b.apply(mapping, into: &out)
            return (out, mapping)
        case .float64(let b):
            let mapping = b.intensityMapping(
                n, modality: modality, fileWindow: fileWindow, fileVOILUT: fileLUT, invert: invert)
            var out = PixelBuffer<Out>(
                width: b.width, height: b.height, channels: b.channels, repeating: Out.quantized(0))
            b.apply(mapping, into: &out)
            return (out, mapping)
        }
    }

    /// The common radiograph case in one pass: 16-bit stored values, an 8-bit output, a resize, and a
    /// mapping that ``WindowKernel`` reproduces exactly. Windowing happens as the resize reads the
    /// input, so the full-size 8-bit image is never written; the bytes are those of windowing first.
    /// `nil` when the case does not apply (the caller then runs the steps one by one).
    private mutating func windowWhileResizing(
        _ stored: PixelBuffer<UInt16>, _ n: Normalization, _ modality: ModalityLUT, _ fileWindow: VOIWindow?,
        _ invert: Bool, _ key: String, _ copies: [(key: String, augmentation: Augmentation)],
        _ timing: (PreprocessingStep, Double) -> Void
    ) -> [PipelineResult]? {
        guard let r = description.resize, stored.channels == 1 else { return nil }
        let fileLUT = self.fileLUT
        let mapping = Self.timed(.normalize, timing) {
            let mapping = stored.intensityMapping(
                n, modality: modality, fileWindow: fileWindow, fileVOILUT: fileLUT, invert: invert)
            table8.update(mapping: mapping)
            return mapping
        }
        let resizer = cachedResizer(r, width: stored.width, height: stored.height, channels: 1)
        guard let window = table8.linearKernel, resizer.reduceX == 1, resizer.reduceY == 1 else {
            // Not fusable: window the whole image with the table just built, then resize as usual.
            Self.timed(.normalize, timing) { table8.apply(stored, into: &normalized8) }
            return finish(normalized8, mapping, key, copies, timing) { .uint8($0) }
        }
        var out = PixelBuffer<UInt8>(width: 1, height: 1, channels: 1, repeating: 0)
        Self.timed(.resize, timing) {
            let pad = Self.sample((r.padValue * 255).rounded(), UInt8.self)
            resizer.resize(stored, windowedBy: window, into: &out, scratch: &scratch, padValue: pad)
        }
        return augment(out, layout: resizer.layout, mapping, key, copies, timing) { .uint8($0) }
    }

    /// The resizer for this input size, built once and kept while the size repeats.
    private mutating func cachedResizer(_ r: ResizeDescription, width: Int, height: Int, channels: Int) -> Resizer {
        if let resizer, resizer.inputWidth == width, resizer.inputHeight == height, resizer.channels == channels {
            return resizer
        }
        let made = Resizer(
            inputWidth: width, inputHeight: height, channels: channels, geometry: r.geometry, filter: r.filter,
            reducingGap: r.reducingGap)
        resizer = made
        return made
    }

    private mutating func finish<S: KernelSample>(
        _ image: PixelBuffer<S>, _ mapping: IntensityMapping, _ key: String,
        _ copies: [(key: String, augmentation: Augmentation)],
        _ timing: (PreprocessingStep, Double) -> Void, _ wrap: (PixelBuffer<S>) -> PreparedImage
    ) -> [PipelineResult] {
        var img = image
        var layout: ResizeLayout?
        let resizeStart = DispatchTime.now().uptimeNanoseconds
        if let r = description.resize {
            let resizer = cachedResizer(r, width: img.width, height: img.height, channels: img.channels)
            let pad = S.self == Float.self ? r.padValue : (r.padValue * Double(S.presentationMaximum)).rounded()
            var out = PixelBuffer<S>(width: 1, height: 1, channels: img.channels, repeating: .zero)
            resizer.resize(img, into: &out, scratch: &scratch, padValue: Self.sample(pad, S.self))
            img = out
            layout = resizer.layout
            timing(.resize, Double(DispatchTime.now().uptimeNanoseconds - resizeStart) / 1e9)
        }
        return augment(img, layout: layout, mapping, key, copies, timing, wrap)
    }

    /// The result for `key` (with the description's augmentation, if any) and the augmented copies.
    private func augment<S: KernelSample>(
        _ img: PixelBuffer<S>, layout: ResizeLayout?, _ mapping: IntensityMapping, _ key: String,
        _ copies: [(key: String, augmentation: Augmentation)],
        _ timing: (PreprocessingStep, Double) -> Void, _ wrap: (PixelBuffer<S>) -> PreparedImage
    ) -> [PipelineResult] {
        let seed = description.seed
        func augmented(_ a: Augmentation, _ key: String) -> (PixelBuffer<S>, AugmentationParameters) {
            Self.timed(.augment, timing) {
                var rng = SeededGenerator(seed: seed, sampleKey: key)
                let p = a.draw(width: img.width, height: img.height, using: &rng)
                return (p.apply(to: img), p)
            }
        }
        var results: [PipelineResult] = []
        results.reserveCapacity(1 + copies.count)
        if let a = description.augmentation {
            let (copy, drawn) = augmented(a, key)
            results.append(PipelineResult(image: wrap(copy), mapping: mapping, layout: layout, augmentation: drawn))
        } else {
            results.append(PipelineResult(image: wrap(img), mapping: mapping, layout: layout, augmentation: nil))
        }
        for (copyKey, a) in copies {
            let (copy, drawn) = augmented(a, copyKey)
            results.append(PipelineResult(image: wrap(copy), mapping: mapping, layout: layout, augmentation: drawn))
        }
        return results
    }

    private static func sample<S: KernelSample>(_ v: Double, _: S.Type) -> S {
        if S.self == UInt8.self { return unsafeBitCast(UInt8(min(max(v, 0), 255)), to: S.self) }
        if S.self == UInt16.self { return unsafeBitCast(UInt16(min(max(v, 0), 65535)), to: S.self) }
        return unsafeBitCast(Float(v), to: S.self)
    }
}
