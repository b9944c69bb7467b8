import Foundation

/// A stage of the per-image pipeline, in the order `convert` runs them.
///
/// ``SampleTransform`` times its stages into a ``StageTimes`` when asked (`medprep bench` does);
/// ``PreprocessingStep``s are folded in by ``init(_:)``.
public enum PipelineStage: String, CaseIterable, Codable, Sendable {
    /// `read(2)` of the whole file.
    case read
    /// The file's digest (BLAKE3 or SHA-256), which the manifest records for every input.
    case hash
    /// `ImageDecoder.decode`, with the DCT-scaling hint `convert` gives, and the convertibility checks.
    case decode
    /// Modality LUT, VOI / normalization, MONOCHROME1 inversion, quantization to the working type.
    case normalize
    /// `Resizer`, when `--size` is given.
    case resize
    /// Drawing and applying augmentation parameters, when `--augment` is given.
    case augment
    /// Half-float conversion (npy-f16), the PNG or NPY encoder and the sample's JSON.
    case encode
    /// The quality measures and perceptual hash of the output image (`QualityMeasures`).
    case quality
    /// Appending to the tar shard (`ShardWriter`: write(2), and fsync and rename per shard).
    case write
}

/// Seconds spent per stage, summed over images.
public struct StageTimes: Codable, Sendable {
    /// Seconds per stage; a stage that never ran is absent.
    public var seconds: [PipelineStage: Double] = [:]

    /// No time yet.
    public init() {}

    /// Seconds spent in `stage` (0 when it never ran).
    public subscript(stage: PipelineStage) -> Double {
        get { seconds[stage, default: 0] }
        set { seconds[stage] = newValue }
    }

    /// Seconds over all stages.
    public var total: Double { seconds.values.reduce(0, +) }

    /// The per-stage sums of both.
    public static func + (lhs: StageTimes, rhs: StageTimes) -> StageTimes {
        var sum = lhs
        for (stage, value) in rhs.seconds { sum[stage] += value }
        return sum
    }

    /// Runs `body`, adds its duration to `stage`, and returns its result.
    public mutating func time<T>(_ stage: PipelineStage, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { self[stage] += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return try body()
    }
}

extension PipelineStage {
    /// The stage a step of `Preprocessor.run` belongs to (half-float conversion counts as encoding).
    public init(_ step: PreprocessingStep) {
        switch step {
        case .normalize: self = .normalize
        case .resize: self = .resize
        case .augment: self = .augment
        case .halfFloat: self = .encode
        }
    }
}
