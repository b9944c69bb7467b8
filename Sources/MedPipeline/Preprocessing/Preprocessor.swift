import Foundation
import MedCore
import MedImage
import MedKernels

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
    /// Resizers of the latest input sizes, most recent first: archives mix a few sizes.
    private var resizers: [Resizer] = []
    private static let resizerCacheSize = 8
    private var scratch: [Float] = []
    private var table8 = NormalizationTable<UInt16, UInt8>()
    private var table8from8 = NormalizationTable<UInt8, UInt8>()
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
        fileLUT = fileVOILUT
        return withoutActuallyEscaping(timing) { timing in
            let run = Run(
                normalization: description.normalization, modality: modality, fileWindow: fileWindow,
                invert: description.invertMonochrome1 && photometric == .monochrome1, key: sampleKey,
                copies: augmentedCopies.map { (key: $0, augmentation: augmentation) }, timing: timing)
            return self.run(image, run)
        }
    }

    /// One image's choices besides the description: its LUTs and window, the keys, the timing callback.
    private struct Run {
        var normalization: Normalization
        var modality: ModalityLUT
        var fileWindow: VOIWindow?
        /// MONOCHROME1 with inversion enabled.
        var invert: Bool
        /// The sample's key, which seeds the description's own augmentation.
        var key: String
        /// The augmented copies: their keys and augmentation.
        var copies: [(key: String, augmentation: Augmentation)]
        var timing: (PreprocessingStep, Double) -> Void

        /// Runs `body` and reports its duration as `step`.
        func timed<T>(_ step: PreprocessingStep, _ body: () -> T) -> T {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = body()
            timing(step, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            return result
        }
    }

    private mutating func run(_ image: AnyPixelBuffer, _ run: Run) -> [PipelineResult] {
        switch description.output {
        case .uint8:
            if case .uint16(let stored) = image, let fused = windowWhileResizing(stored, run) {
                return fused
            }
            if case .uint8(let stored) = image, let done = windowWhileResizing(stored, run) { return done }
            let (img, mapping) = run.timed(.normalize) { normalize(image, run, as: UInt8.self) }
            return finish(img, mapping: mapping, run) { .uint8($0) }
        case .uint16:
            let (img, mapping) = run.timed(.normalize) { normalize(image, run, as: UInt16.self) }
            return finish(img, mapping: mapping, run) { .uint16($0) }
        case .float32:
            let (img, mapping) = run.timed(.normalize) { normalize(image, run, as: Float.self) }
            return finish(img, mapping: mapping, run) { .float32($0) }
        case .float16:
            let (img, mapping) = run.timed(.normalize) { normalize(image, run, as: Float.self) }
            return finish(img, mapping: mapping, run) { b in
                run.timed(.halfFloat) {
                    .float16(
                        PixelBuffer(
                            width: b.width, height: b.height, channels: b.channels,
                            samples: b.samples.map { Float16($0) }))
                }
            }
        }
    }

    /// The intensity mapping of `b` for this run (normalization statistics are taken from `b`).
    private func intensityMapping<In: MeasurableSample>(of b: PixelBuffer<In>, _ run: Run) -> IntensityMapping {
        b.intensityMapping(
            run.normalization, modality: run.modality, fileWindow: run.fileWindow, fileVOILUT: fileLUT,
            invert: run.invert)
    }

    private mutating func normalize<Out: NormalizedSample>(
        _ image: AnyPixelBuffer, _ run: Run, as _: Out.Type
    ) -> (PixelBuffer<Out>, IntensityMapping) {
        func viaTable<In: StoredSample>(_ b: PixelBuffer<In>) -> (PixelBuffer<Out>, IntensityMapping) {
            let mapping = intensityMapping(of: b, run)
            if mapping.isIdentity, In.self == Out.self {  // 8-bit PNG or JPEG with --normalize none
                return (unsafeBitCast(b, to: PixelBuffer<Out>.self), mapping)
            }
            return (NormalizationTable<In, Out>(mapping: mapping).applied(b), mapping)
        }
        switch image {
        case .uint8(let b): return viaTable(b)
        case .int16(let b): return viaTable(b)
        case .uint16(let b):
            if Out.self == UInt8.self {  // the common radiograph case keeps its table across images
                let mapping = intensityMapping(of: b, run)
                table8.update(mapping: mapping)
                table8.apply(b, into: &normalized8)  // reallocates only when the size changes
                return (unsafeBitCast(normalized8, to: PixelBuffer<Out>.self), mapping)
            }
            return viaTable(b)
        case .float32(let b):
            let mapping = intensityMapping(of: b, run)
            var out = PixelBuffer<Out>(
                width: b.width, height: b.height, channels: b.channels, repeating: Out.quantized(0))
            b.apply(mapping, into: &out)
            return (out, mapping)
        case .float64(let b):
            let mapping = intensityMapping(of: b, run)
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
    private mutating func windowWhileResizing(_ stored: PixelBuffer<UInt16>, _ run: Run) -> [PipelineResult]? {
        guard let r = description.resize, stored.channels == 1 else { return nil }
        let mapping = run.timed(.normalize) {
            let mapping = intensityMapping(of: stored, run)
            table8.update(mapping: mapping)
            return mapping
        }
        let resizer = cachedResizer(r, width: stored.width, height: stored.height, channels: 1)
        guard let window = table8.linearKernel, resizer.reduceX == 1, resizer.reduceY == 1 else {
            // Not fusable: window the whole image with the table just built, then resize as usual.
            run.timed(.normalize) { table8.apply(stored, into: &normalized8) }
            return finish(normalized8, mapping: mapping, run) { .uint8($0) }
        }
        var out = PixelBuffer<UInt8>(width: 1, height: 1, channels: 1, repeating: 0)
        run.timed(.resize) {
            let pad = Self.sample((r.padValue * 255).rounded(), UInt8.self)
            resizer.resize(stored, windowedBy: window, into: &out, scratch: &scratch, padValue: pad)
        }
        return augment(out, layout: resizer.layout, mapping: mapping, run) { .uint8($0) }
    }

    /// The 16-bit case above for 8-bit gray (JPEG, PNG): the table is never applied to the whole image
    /// when ``WindowKernel`` reproduces it. `nil` without a resize or for more than one channel;
    /// otherwise the result, fused or not (the mapping is resolved only once).
    private mutating func windowWhileResizing(_ stored: PixelBuffer<UInt8>, _ run: Run) -> [PipelineResult]? {
        guard let r = description.resize, stored.channels == 1 else { return nil }
        let mapping = run.timed(.normalize) {
            let mapping = intensityMapping(of: stored, run)
            if !mapping.isIdentity { table8from8.update(mapping: mapping) }
            return mapping
        }
        let resizer = cachedResizer(r, width: stored.width, height: stored.height, channels: 1)
        guard !mapping.isIdentity, let window = table8from8.linearKernel, resizer.reduceX == 1, resizer.reduceY == 1
        else {
            // As Preprocessor.normalize: the image itself for an identity mapping, else through the table.
            let image = mapping.isIdentity ? stored : run.timed(.normalize) { table8from8.applied(stored) }
            return finish(image, mapping: mapping, run) { .uint8($0) }
        }
        var out = PixelBuffer<UInt8>(width: 1, height: 1, channels: 1, repeating: 0)
        run.timed(.resize) {
            let pad = Self.sample((r.padValue * 255).rounded(), UInt8.self)
            resizer.resize(stored, windowedBy: window, into: &out, scratch: &scratch, padValue: pad)
        }
        return augment(out, layout: resizer.layout, mapping: mapping, run) { .uint8($0) }
    }

    /// The resizer for this input size, built once and kept while the size is among the latest few.
    private mutating func cachedResizer(_ r: ResizeDescription, width: Int, height: Int, channels: Int) -> Resizer {
        if let index = resizers.firstIndex(where: {
            $0.inputWidth == width && $0.inputHeight == height && $0.channels == channels
        }) {
            let found = resizers[index]
            if index > 0 {
                resizers.remove(at: index)
                resizers.insert(found, at: 0)
            }
            return found
        }
        let made = Resizer(
            inputWidth: width, inputHeight: height, channels: channels, geometry: r.geometry, filter: r.filter,
            reducingGap: r.reducingGap)
        if resizers.count == Self.resizerCacheSize { resizers.removeLast() }
        resizers.insert(made, at: 0)
        return made
    }

    /// Resizes the normalized image (when the description resizes), then augments it.
    private mutating func finish<S: KernelSample>(
        _ image: PixelBuffer<S>, mapping: IntensityMapping, _ run: Run, _ wrap: (PixelBuffer<S>) -> PreparedImage
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
            run.timing(.resize, Double(DispatchTime.now().uptimeNanoseconds - resizeStart) / 1e9)
        }
        return augment(img, layout: layout, mapping: mapping, run, wrap)
    }

    /// The result for the run's key (with the description's augmentation, if any) and the augmented copies.
    private func augment<S: KernelSample>(
        _ img: PixelBuffer<S>, layout: ResizeLayout?, mapping: IntensityMapping, _ run: Run,
        _ wrap: (PixelBuffer<S>) -> PreparedImage
    ) -> [PipelineResult] {
        let seed = description.seed
        func augmented(_ a: Augmentation, _ key: String) -> (PixelBuffer<S>, AugmentationParameters) {
            run.timed(.augment) {
                var rng = SeededGenerator(seed: seed, sampleKey: key)
                let p = a.draw(width: img.width, height: img.height, using: &rng)
                return (p.apply(to: img), p)
            }
        }
        var results: [PipelineResult] = []
        results.reserveCapacity(1 + run.copies.count)
        if let a = description.augmentation {
            let (copy, drawn) = augmented(a, run.key)
            results.append(PipelineResult(image: wrap(copy), mapping: mapping, layout: layout, augmentation: drawn))
        } else {
            results.append(PipelineResult(image: wrap(img), mapping: mapping, layout: layout, augmentation: nil))
        }
        for (copyKey, a) in run.copies {
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
