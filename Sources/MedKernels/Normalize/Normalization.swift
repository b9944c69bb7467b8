import MedImage

/// How modality values become presentation values: the intensity half of a pipeline.
///
/// Every case maps onto the output range (`0...255`, `0...65535`, or `0...1` for floats) except
/// ``zScore`` and ``none`` with a float output, which keep their units. Statistics (``minMax``,
/// ``percentile(low:high:)``, ``zScore``, ``histogramEqualization``) are computed per image over
/// modality values, from a histogram of stored values in O(n) (no sort). MONOCHROME1 inversion is
/// not a case: it is a flag applied after this step (PS3.3 C.11.2.1.2, C.7.6.3.1.2).
public enum Normalization: Sendable, Equatable, Codable {
    /// Modality values as they are; integer outputs clamp them to the output range.
    case none
    /// A given VOI window (PS3.3 C.11.2.1.2), evaluated exactly as ``VOIWindow/mapped(_:ymin:ymax:)``.
    case window(VOIWindow)
    /// The file's first VOI window when it has one, else its first VOI LUT (0028,3010), else `fallback`.
    indirect case fileWindow(fallback: Normalization)
    /// The image's minimum maps to 0 and its maximum to the top of the range.
    case minMax
    /// Percentile clipping: the `low` and `high` percentiles (0...100, e.g. 0.5 and 99.5, numpy's
    /// linear interpolation) map to the ends of the range; values outside are clipped.
    case percentile(low: Double, high: Double)
    /// `(x - mean) / std`. Float outputs keep z; integer outputs map `-3...3` onto the range, clipped.
    case zScore
    /// Histogram equalization: the empirical CDF, rescaled so the lowest present value maps to 0.
    case histogramEqualization
}

/// The sample type a pipeline writes.
public enum OutputSampleType: String, Sendable, Hashable, Codable, CaseIterable {
    /// 8-bit unsigned, `0...255`.
    case uint8
    /// 16-bit unsigned, `0...65535`.
    case uint16
    /// Half precision, normalized values in `0...1`.
    case float16
    /// Single precision, normalized values in `0...1`.
    case float32
}

/// An output sample of normalization: `UInt8`, `UInt16`, `Float16` or `Float`.
///
/// Integer types quantize by rounding half to even and clamping; float types convert from the
/// `Double` value with the default rounding.
public protocol NormalizedSample: BitwiseCopyable, Sendable {
    /// The output range's top (255, 65535, or 1 for floats).
    static var rangeMaximum: Double { get }
    /// Whether unbounded values (z-scores, raw modality values) are kept as they are.
    static var isFloatingPoint: Bool { get }
    /// The sample for a continuous value, rounded half to even and clamped for integer types.
    static func quantized(_ value: Double) -> Self
}

extension UInt8: NormalizedSample {
    public static var rangeMaximum: Double { 255 }
    public static var isFloatingPoint: Bool { false }
    public static func quantized(_ value: Double) -> UInt8 {
        // NaN (from a degenerate window or rescale) maps to 0 instead of trapping in the conversion.
        value.isNaN ? 0 : UInt8(Swift.min(Swift.max(value, 0), 255).rounded(.toNearestOrEven))
    }
}

extension UInt16: NormalizedSample {
    public static var rangeMaximum: Double { 65535 }
    public static var isFloatingPoint: Bool { false }
    public static func quantized(_ value: Double) -> UInt16 {
        // NaN (from a degenerate window or rescale) maps to 0 instead of trapping in the conversion.
        value.isNaN ? 0 : UInt16(Swift.min(Swift.max(value, 0), 65535).rounded(.toNearestOrEven))
    }
}

extension Float16: NormalizedSample {
    public static var rangeMaximum: Double { 1 }
    public static var isFloatingPoint: Bool { true }
    public static func quantized(_ value: Double) -> Float16 { Float16(Float(value)) }
}

extension Float: NormalizedSample {
    public static var rangeMaximum: Double { 1 }
    public static var isFloatingPoint: Bool { true }
    public static func quantized(_ value: Double) -> Float { Float(value) }
}
