import Foundation
import MedImage
import MedKernels
import MedShards

/// A stage of the per-image pipeline, in the order `convert` runs them.
enum BenchStage: String, CaseIterable, Codable {
    /// `read(2)` of the whole file and its SHA-256 (the runner hashes every input for the manifest).
    case read
    /// `ImageDecoder.decode`, with the DCT-scaling hint `convert` gives.
    case decode
    /// Modality LUT, VOI / normalization, MONOCHROME1 inversion, quantization to the working type.
    case normalize
    /// `Resizer`, when `--size` is given.
    case resize
    /// Drawing and applying augmentation parameters, when `--augment` is given.
    case augment
    /// Half-float conversion (npy-f16), the PNG or NPY encoder and the sample's JSON.
    case encode
    /// Appending to the tar shard (`ShardWriter`: write(2), and fsync and rename per shard).
    case write
}

/// Seconds spent per stage, summed over images.
struct StageTimes: Codable {
    var seconds: [BenchStage: Double] = [:]

    subscript(stage: BenchStage) -> Double {
        get { seconds[stage, default: 0] }
        set { seconds[stage] = newValue }
    }

    var total: Double { seconds.values.reduce(0, +) }

    static func + (lhs: StageTimes, rhs: StageTimes) -> StageTimes {
        var sum = lhs
        for (stage, value) in rhs.seconds { sum[stage] += value }
        return sum
    }

    /// Runs `body`, adds its duration to `stage`, and returns its result.
    mutating func time<T>(_ stage: BenchStage, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { self[stage] += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return try body()
    }
}

/// `convert`'s per-image pipeline split into timed stages.
///
/// `SampleTransform` runs normalize, resize and augment in one `Preprocessor.run` call, which cannot
/// be timed per stage from outside. This type makes the same calls in the same order (the same
/// normalization table for 16 → 8 bits, the same cached `Resizer`, the same seeded augmentation), and
/// ``BenchRunner`` checks on the warm-up pass that its members are byte-identical to
/// `SampleTransform.samples(for:source:)`. One instance per thread (it caches plans and tables).
struct StagedPipeline {
    let transform: SampleTransform
    private var table8 = NormalizationTable<UInt16, UInt8>()
    private var resizer: Resizer?
    private var scratch: [Float] = []

    init(transform: SampleTransform) { self.transform = transform }

    /// The samples of one input (the image and its augmented copies), with each stage's time added to `times`.
    ///
    /// - Throws: `ImageError` from decoding, `PNGEncoder.EncodingError` from encoding.
    mutating func samples(
        for input: ConversionInput, source: SourceData, times: inout StageTimes
    ) throws -> [ShardSample] {
        let decoded = try times.time(.decode) {
            try ImageDecoder.decode(source.bytes, path: input.file.relativePath, options: transform.decodeOptions)
        }
        var samples: [ShardSample] = []
        for copy in 0...transform.copies {
            let key = SampleTransform.copyKey(input.key, copy: copy)
            let description = copy == 0 ? transform.plain : (transform.augmented ?? transform.plain)
            let result = run(description, decoded, key: key, times: &times)
            let members = try times.time(.encode) {
                let image = ShardSample.Member(
                    fileExtension: transform.format.fileExtension,
                    contents: try transform.format.encode(result, compressionLevel: transform.compressionLevel))
                let metadata = SampleMetadata(
                    key: key, split: input.split, decoded: decoded, result: result.pipelineResult, label: nil,
                    vocabulary: nil, sourceSHA256: source.sha256, pseudonymizer: transform.pseudonymizer)
                return [image, .init(fileExtension: "json", contents: try ManifestCoding.line(metadata))]
            }
            samples.append(ShardSample(key: key, members: members))
        }
        return samples
    }

    /// A pipeline result whose half-float conversion is still to come (it is timed as part of encoding).
    struct StagedResult {
        var pipelineResult: PipelineResult
        var floatForHalf: PixelBuffer<Float>?
    }

    private mutating func run(
        _ description: PipelineDescription, _ decoded: DecodedImage, key: String, times: inout StageTimes
    ) -> StagedResult {
        let invert = description.invertMonochrome1 && decoded.metadata.photometric == .monochrome1
        let window = decoded.windows.first
        switch description.output {
        case .uint8:
            let (image, mapping) = times.time(.normalize) {
                normalize(decoded, description, window, invert, as: UInt8.self)
            }
            return finish(image, mapping, description, key, &times) { .uint8($0) }
        case .uint16:
            let (image, mapping) = times.time(.normalize) {
                normalize(decoded, description, window, invert, as: UInt16.self)
            }
            return finish(image, mapping, description, key, &times) { .uint16($0) }
        case .float32, .float16:
            let (image, mapping) = times.time(.normalize) {
                normalize(decoded, description, window, invert, as: Float.self)
            }
            var staged = finish(image, mapping, description, key, &times) { .float32($0) }
            if description.output == .float16, case .float32(let b) = staged.pipelineResult.image {
                staged.floatForHalf = b
            }
            return staged
        }
    }

    private mutating func normalize<Out: NormalizedSample>(
        _ decoded: DecodedImage, _ description: PipelineDescription, _ window: VOIWindow?, _ invert: Bool,
        as _: Out.Type
    ) -> (PixelBuffer<Out>, IntensityMapping) {
        let n = description.normalization, modality = decoded.modalityLUT
        func viaTable<In: StoredSample>(_ b: PixelBuffer<In>) -> (PixelBuffer<Out>, IntensityMapping) {
            let mapping = b.intensityMapping(n, modality: modality, fileWindow: window, invert: invert)
            let table = NormalizationTable<In, Out>(mapping: mapping)
            var out = PixelBuffer<Out>(width: b.width, height: b.height, channels: b.channels, repeating: .quantized(0))
            table.apply(b, into: &out)
            return (out, mapping)
        }
        switch decoded.stored {
        case .uint8(let b): return viaTable(b)
        case .int16(let b): return viaTable(b)
        case .uint16(let b):
            guard Out.self == UInt8.self else { return viaTable(b) }
            // As Preprocessor does: the 16 → 8-bit table is kept across images and rebuilt only on a new mapping.
            let mapping = b.intensityMapping(n, modality: modality, fileWindow: window, invert: invert)
            table8.update(mapping: mapping)
            var out = PixelBuffer<UInt8>(width: b.width, height: b.height, channels: b.channels, repeating: 0)
            table8.apply(b, into: &out)
            return (unsafeBitCast(out, to: PixelBuffer<Out>.self), mapping)
        case .float32(let b):
            let mapping = b.intensityMapping(n, modality: modality, fileWindow: window, invert: invert)
            var out = PixelBuffer<Out>(width: b.width, height: b.height, channels: b.channels, repeating: .quantized(0))
            b.apply(mapping, into: &out)
            return (out, mapping)
        }
    }

    private mutating func finish<S: KernelSample>(
        _ image: PixelBuffer<S>, _ mapping: IntensityMapping, _ description: PipelineDescription, _ key: String,
        _ times: inout StageTimes, _ wrap: (PixelBuffer<S>) -> PreparedImage
    ) -> StagedResult {
        var img = image
        var layout: ResizeLayout?
        if let r = description.resize {
            times.time(.resize) {
                if resizer == nil || resizer?.inputWidth != img.width || resizer?.inputHeight != img.height
                    || resizer?.channels != img.channels
                {
                    resizer = Resizer(
                        inputWidth: img.width, inputHeight: img.height, channels: img.channels,
                        geometry: r.geometry, filter: r.filter, reducingGap: r.reducingGap)
                }
                if let resizer {
                    let pad =
                        S.self == Float.self ? r.padValue : (r.padValue * Double(S.presentationMaximum)).rounded()
                    var out = PixelBuffer<S>(width: 1, height: 1, channels: img.channels, repeating: .zero)
                    resizer.resize(img, into: &out, scratch: &scratch, padValue: Self.sample(pad, S.self))
                    img = out
                    layout = resizer.layout
                }
            }
        }
        var drawn: AugmentationParameters?
        if let a = description.augmentation {
            times.time(.augment) {
                var rng = SeededGenerator(seed: description.seed, sampleKey: key)
                let p = a.draw(width: img.width, height: img.height, using: &rng)
                img = p.apply(to: img)
                drawn = p
            }
        }
        var result = Self.resultTemplate
        result.image = wrap(img)
        result.mapping = mapping
        result.layout = layout
        result.augmentation = drawn
        return StagedResult(pipelineResult: result)
    }

    /// A `PipelineResult` to overwrite field by field: its memberwise initializer is internal to
    /// MedKernels, and its fields are public.
    private static let resultTemplate = PipelineDescription(normalization: .none).run(
        .uint8(PixelBuffer(width: 1, height: 1, samples: [0])), sampleKey: "template")

    private static func sample<S: KernelSample>(_ v: Double, _: S.Type) -> S {
        if S.self == UInt8.self { return unsafeBitCast(UInt8(min(max(v, 0), 255)), to: S.self) }
        if S.self == UInt16.self { return unsafeBitCast(UInt16(min(max(v, 0), 65535)), to: S.self) }
        return unsafeBitCast(Float(v), to: S.self)
    }
}

extension OutputFormat {
    /// Encodes a staged result, converting to half floats first when the result is waiting for that.
    fileprivate func encode(_ staged: StagedPipeline.StagedResult, compressionLevel: Int) throws -> [UInt8] {
        guard let b = staged.floatForHalf else {
            return try encode(staged.pipelineResult.image, compressionLevel: compressionLevel)
        }
        let half = PixelBuffer(
            width: b.width, height: b.height, channels: b.channels, samples: b.samples.map { Float16($0) })
        return try encode(.float16(half), compressionLevel: compressionLevel)
    }
}
