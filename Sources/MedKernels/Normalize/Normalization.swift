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
