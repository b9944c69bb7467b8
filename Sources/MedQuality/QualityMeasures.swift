import Foundation
import MedImage

/// Cheap per-sample quality measures of an output image, recorded in `KEY.json` and the manifest.
///
/// All are read from the gray image on a 0...255 scale (``GrayScan`` says how samples map to it)
/// in one pass plus a 32x32 DCT:
/// - ``phash``: the 64-bit DCT perceptual hash (``PerceptualHash``), for near-duplicate search;
/// - ``atFloor``, ``atCeiling``: fractions of pixels exactly at 0 and at 255 (clipping and
///   saturation; letterbox padding counts as floor);
/// - ``dynamicRange``: (maximum - minimum) / 255, in 0...1;
/// - ``entropy``: Shannon entropy of the 256-bin histogram, in bits (0...8);
/// - ``blank``: near-constant — at least 98 % of pixels in one histogram bin, or a dynamic range
///   under 2 %.
/// Does not look at the source image: the measures describe what a model is trained on.
public struct QualityMeasures: Codable, Sendable, Equatable {
    /// How sample values were mapped onto the 0...255 scale.
    public enum Scale: String, Codable, Sendable {
        /// By the type's range: 0...255, 0...65535, or 0...1 for floating point.
        case type
        /// By the image's own minimum and maximum (floating-point samples outside 0...1).
        case observed
    }

    /// The perceptual hash.
    public var phash: PerceptualHash
    /// Fraction of pixels at the bottom of the scale.
    public var atFloor: Double
    /// Fraction of pixels at the top of the scale.
    public var atCeiling: Double
    /// (maximum - minimum) over the full scale, in 0...1.
    public var dynamicRange: Double
    /// Histogram entropy in bits, 0...8.
    public var entropy: Double
    /// Near-constant image.
    public var blank: Bool
    /// How values were scaled; `type` unless floating-point samples left 0...1.
    public var scale: Scale

    /// Creates measures from their values (for tests and readers).
    public init(
        phash: PerceptualHash, atFloor: Double, atCeiling: Double, dynamicRange: Double, entropy: Double, blank: Bool,
        scale: Scale = .type
    ) {
        self.phash = phash
        self.atFloor = atFloor
        self.atCeiling = atCeiling
        self.dynamicRange = dynamicRange
        self.entropy = entropy
        self.blank = blank
        self.scale = scale
    }

    init(_ scan: GrayScan, scale: Scale) {
        let n = Double(max(scan.pixels, 1))
        phash = PerceptualHash(reduced: scan.reduced)
        atFloor = Self.rounded(Double(scan.atFloor) / n)
        atCeiling = Self.rounded(Double(scan.atCeiling) / n)
        let range = scan.pixels == 0 ? 0 : Double(scan.maximum - scan.minimum) / 255
        dynamicRange = Self.rounded(range)
        var bits = 0.0
        for count in scan.histogram where count > 0 {
            let p = Double(count) / n
            bits -= p * log2(p)
        }
        entropy = Self.rounded(bits)
        let largest = Double(scan.histogram.max() ?? 0) / n
        blank = largest >= 0.98 || range < 0.02
        self.scale = scale
    }

    /// Six decimals: the JSON stays short and the same on every platform for the same counts.
    private static func rounded(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }

    /// Measures 8-bit samples (0...255).
    public static func measure(_ image: PixelBuffer<UInt8>) -> QualityMeasures {
        QualityMeasures(GrayScan.gray8(image) ?? GrayScan.integer8(image) ?? GrayPlane.scan(image), scale: .type)
    }

    /// Measures 16-bit samples (0...65535).
    public static func measure(_ image: PixelBuffer<UInt16>) -> QualityMeasures {
        // 65535 / 257 = 255: dividing by 257 maps 257 k exactly onto k, so bins are exact.
        QualityMeasures(GrayScan.integer16(image) ?? GrayPlane.scan(image), scale: .type)
    }

    /// Measures floating-point samples: 0...1, or their own range when they leave it.
    public static func measure(_ image: PixelBuffer<Float>) -> QualityMeasures {
        let (low, high) = range(image)
        if low >= 0, high <= 1 || !low.isFinite {
            return QualityMeasures(GrayPlane.scan(image, scale: 255), scale: .type)
        }
        let scale = 255 / (high > low ? high - low : 1)
        return QualityMeasures(GrayPlane.scan(image, offset: low, scale: scale), scale: .observed)
    }

    /// Measures half-float samples as ``measure(_:)-(PixelBuffer<Float>)`` does.
    public static func measure(_ image: PixelBuffer<Float16>) -> QualityMeasures {
        let (low, high) = range(image)
        if low >= 0, high <= 1 || !low.isFinite {
            return QualityMeasures(GrayPlane.scan(image, scale: 255), scale: .type)
        }
        let scale = 255 / (high > low ? high - low : 1)
        return QualityMeasures(GrayPlane.scan(image, offset: low, scale: scale), scale: .observed)
    }

    /// The smallest and largest finite sample (`(inf, -inf)` when none is finite), read in place.
    private static func range<S: BinaryFloatingPoint>(_ image: PixelBuffer<S>) -> (Float, Float) {
        var low = Float.infinity, high = -Float.infinity
        image.withUnsafeBufferPointer { samples in
            for s in samples {
                let v = Float(s)
                if v.isFinite {
                    low = min(low, v)
                    high = max(high, v)
                }
            }
        }
        return (low, high)
    }
}
