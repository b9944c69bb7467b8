import Foundation
import MedImage

/// A normalization resolved for one image: modality LUT, curve with its statistics, inversion.
///
/// ``value(stored:ymax:floatOutput:)`` is the single definition of a presentation value; the fast
/// paths (a lookup table for integer inputs, ``LinearMapKernel`` for floats) are built from it or
/// checked against it. It is `Codable` so the resolved statistics can go in a sample's metadata.
public struct IntensityMapping: Sendable, Equatable, Codable {
    /// The curve from modality values to `0...1` of the output range.
    public enum Curve: Sendable, Equatable, Codable {
        /// `VOIWindow.mapped(m, ymin: 0, ymax: top)`.
        case window(VOIWindow)
        /// `low` maps to 0, `high` to the top, clipped (min-max and percentile clipping).
        case linear(low: Double, high: Double)
        /// `(m - mean) / std`.
        case zScore(mean: Double, standardDeviation: Double)
        /// The empirical CDF over distinct modality values (ascending) and their cumulative counts.
        case cumulative(values: [Double], counts: [Double])
        /// `m` itself; `low...high` is the observed range when inverting (`0...0` otherwise: unused).
        case passthrough(low: Double, high: Double)
        /// A VOI LUT Sequence table (0028,3010): `lut(m) / lut.maximumOutput` (PS3.3 C.11.2.1.1).
        case lookupTable(LookupTable)
    }

    /// Stored value to modality value (PS3.3 C.11.1).
    public var modality: ModalityLUT
    /// The VOI-like curve.
    public var curve: Curve
    /// MONOCHROME1: the result is mirrored within the output range, before quantization.
    public var invert: Bool

    /// Creates a mapping from parts.
    public init(modality: ModalityLUT, curve: Curve, invert: Bool) {
        self.modality = modality
        self.curve = curve
        self.invert = invert
    }

    /// Whether every stored value maps to itself: no modality LUT, passthrough, no inversion.
    /// Integer outputs of the stored type are then the input samples, unchanged.
    public var isIdentity: Bool {
        guard case .passthrough = curve, case .identity = modality else { return false }
        return !invert
    }

    /// The continuous output for one stored value, for an output range `0...ymax`.
    ///
    /// - Parameters:
    ///   - stored: The stored value (after masking and sign extension).
    ///   - ymax: Top of the output range: 255, 65535 or 1.
    ///   - floatOutput: Whether unbounded curves (z-score, passthrough) keep their units.
    /// - Returns: A value in `0...ymax`, or unbounded for float outputs of z-score and passthrough.
    public func value(stored: Double, ymax: Double, floatOutput: Bool) -> Double {
        let m = modality(stored)
        var y: Double
        switch curve {
        case .window(let w):
            y = w.mapped(m, ymin: 0, ymax: ymax)
        case .linear(let low, let high):
            let t = high > low ? (m - low) / (high - low) : 0
            y = min(max(t, 0), 1) * ymax
        case .zScore(let mean, let sd):
            let z = sd > 0 ? (m - mean) / sd : 0
            if floatOutput { return invert ? -z : z }
            y = (min(max(z, -3), 3) + 3) / 6 * ymax
        case .cumulative(let values, let counts):
            y = Self.cdf(m, values: values, counts: counts) * ymax
        case .lookupTable(let lut):
            y = Double(lut(flooring: m)) / Double(lut.maximumOutput) * ymax
        case .passthrough(let low, let high):
            if floatOutput { return invert ? low + high - m : m }
            y = invert ? low + high - m : m
            return min(max(y, 0), ymax)
        }
        return invert ? ymax - y : y
    }

    /// Fills `table[i]` with ``value(stored:ymax:floatOutput:)`` for stored value `i` (or
    /// `Int16(bitPattern: UInt16(i))` when `signed`), for every entry of `table`.
    ///
    /// - Complexity: O(table.count); no allocation. Non-generic, so it is compiled once, concretely.
    func fill(_ table: UnsafeMutableBufferPointer<Double>, signed: Bool, ymax: Double, floatOutput: Bool) {
        for i in table.indices {
            let stored = signed ? Double(Int16(bitPattern: UInt16(truncatingIfNeeded: i))) : Double(i)
            table[i] = value(stored: stored, ymax: ymax, floatOutput: floatOutput)
        }
    }

    /// `(count(<= m) - count(min)) / (total - count(min))`, 0 when every value is equal.
    static func cdf(_ m: Double, values: [Double], counts: [Double]) -> Double {
        guard let total = counts.last, let first = counts.first, total > first else { return 0 }
        var lo = 0, hi = values.count  // first index with values[i] > m
        while lo < hi {
            let mid = (lo + hi) / 2
            if values[mid] <= m { lo = mid + 1 } else { hi = mid }
        }
        if lo == 0 { return 0 }
        return (counts[lo - 1] - first) / (total - first)
    }

    /// Resolves `normalization` against an image's statistics.
    ///
    /// - Parameters:
    ///   - normalization: What to do.
    ///   - modality: The image's modality LUT.
    ///   - fileWindow: The file's first VOI window, used by ``Normalization/fileWindow(fallback:)``.
    ///   - fileVOILUT: The file's first VOI LUT, used by ``Normalization/fileWindow(fallback:)`` when
    ///     there is no window.
    ///   - invert: Whether to invert (MONOCHROME1).
    ///   - statistics: Computes the modality-value histogram only when the curve needs it.
    public static func resolve(
        _ normalization: Normalization, modality: ModalityLUT, fileWindow: VOIWindow?,
        fileVOILUT: LookupTable? = nil, invert: Bool,
        statistics: () -> ValueHistogram
    ) -> IntensityMapping {
        let curve: Curve
        switch normalization {
        case .window(let w):
            curve = .window(w)
        case .fileWindow(let fallback):
            if let w = fileWindow {
                curve = .window(w)
            } else if let lut = fileVOILUT {
                curve = .lookupTable(lut)
            } else {
                return resolve(fallback, modality: modality, fileWindow: nil, invert: invert, statistics: statistics)
            }
        case .none:
            // The observed range only serves inversion: no histogram pass otherwise.
            if invert {
                let s = statistics()
                curve = .passthrough(low: s.minimum, high: s.maximum)
            } else {
                curve = .passthrough(low: 0, high: 0)
            }
        case .minMax:
            let s = statistics()
            curve = .linear(low: s.minimum, high: s.maximum)
        case .percentile(let low, let high):
            precondition(
                0 <= low && low < high && high <= 100, "percentiles \(low), \(high) must satisfy 0 <= low < high <= 100"
            )
            let s = statistics()
            curve = .linear(low: s.percentile(low), high: s.percentile(high))
        case .zScore:
            let s = statistics()
            curve = .zScore(mean: s.mean, standardDeviation: s.standardDeviation)
        case .histogramEqualization:
            let s = statistics()
            curve = .cumulative(values: s.values, counts: s.cumulativeCounts)
        }
        return IntensityMapping(modality: modality, curve: curve, invert: invert)
    }
}
