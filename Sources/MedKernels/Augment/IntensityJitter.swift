import Foundation
import MedCore
import MedImage

/// Brightness, contrast and gamma on presentation values, as one curve.
///
/// On `t = value / top` (top = 255, 65535 or 1): `t1 = clip(t + brightness)`,
/// `t2 = clip((t1 - 0.5) * contrast + 0.5)`, `t3 = t2 ^ gamma`, all clipped to `0...1`. It assumes
/// normalized data (not z-scores). Integer images go through a table built in `Double`, so the
/// per-pixel cost is one lookup and the result is exactly the formula's, rounded half to even.
public struct IntensityJitter: Sendable, Hashable, Codable {
    /// Added to `t`; for example `-0.1...0.1`.
    public var brightness: Double
    /// Factor about mid-gray; for example `0.8...1.2`.
    public var contrast: Double
    /// Exponent; for example `0.8...1.25`.
    public var gamma: Double

    /// Creates a jitter; the defaults are the identity.
    public init(brightness: Double = 0, contrast: Double = 1, gamma: Double = 1) {
        precondition(gamma > 0, "gamma \(gamma) must be positive")
        self.brightness = brightness
        self.contrast = contrast
        self.gamma = gamma
    }

    /// Whether the curve is the identity.
    public var isIdentity: Bool { brightness == 0 && contrast == 1 && gamma == 1 }

    /// The curve on `t` in `0...1`.
    public func callAsFunction(_ t: Double) -> Double {
        let t1 = min(max(t + brightness, 0), 1)
        let t2 = min(max((t1 - 0.5) * contrast + 0.5, 0), 1)
        return gamma == 1 ? t2 : pow(t2, gamma)
    }
}

/// Additive noise from the counter-based generator: sample `i` gets draw `i` of its stream, so the
/// noise field is independent of traversal order and of anything else drawn for the sample.
enum NoiseKernel {
    /// Adds `sigma * N(0, 1)` (Irwin-Hall approximation) to every sample.
    ///
    /// - Complexity: O(n); no allocation.
    static func add<S: KernelSample>(
        _ buffer: UnsafeMutableRawPointer, _: S.Type, count: Int, sigma: Float,
        stream: UInt64
    ) {
        for i in 0..<count {
            let n = SeededGenerator.approximateNormal(SeededGenerator.value(stream: stream, counter: UInt64(i)))
            S.store1(S.load1(UnsafeRawPointer(buffer), i) + n * sigma, buffer, i)
        }
    }
}

extension PixelBuffer where Sample: KernelSample {
    /// This image through an intensity jitter (see ``IntensityJitter``).
    ///
    /// - Complexity: O(pixels) plus a 256- or 65536-entry table for integer samples.
    public func jittered(_ jitter: IntensityJitter) -> PixelBuffer<Sample> {
        if jitter.isIdentity { return self }
        var out = self
        let top = Double(Sample.presentationMaximum)
        out.withUnsafeMutableBufferPointer { buf in
            let raw = UnsafeMutableRawPointer(buf.base)
            if Sample.self == Float.self {
                let p = raw.assumingMemoryBound(to: Float.self)
                for i in 0..<buf.count { p[i] = Float(jitter(Double(p[i]))) }
                return
            }
            let size = Sample.self == UInt8.self ? 256 : 65536
            var table = [UInt16](repeating: 0, count: size)
            for v in 0..<size {
                table[v] = UInt16(min(max(jitter(Double(v) / top) * top, 0), top).rounded(.toNearestOrEven))
            }
            if size == 256 {
                let p = raw.assumingMemoryBound(to: UInt8.self)
                for i in 0..<buf.count { p[i] = UInt8(truncatingIfNeeded: table[Int(p[i])]) }
            } else {
                let p = raw.assumingMemoryBound(to: UInt16.self)
                for i in 0..<buf.count { p[i] = table[Int(p[i])] }
            }
        }
        return out
    }

    /// This image plus Gaussian noise of standard deviation `sigma` (in `0...1` units of the
    /// output range), drawn from `stream`; integer samples round half to even and clip.
    ///
    /// - Complexity: O(samples).
    public func withNoise(sigma: Double, stream: UInt64) -> PixelBuffer<Sample> {
        var out = self
        let s = Float(sigma) * Sample.presentationMaximum
        out.withUnsafeMutableBufferPointer { buf in
            let raw = UnsafeMutableRawPointer(buf.base)
            if Sample.self == UInt8.self {
                NoiseKernel.add(raw, UInt8.self, count: buf.count, sigma: s, stream: stream)
            } else if Sample.self == UInt16.self {
                NoiseKernel.add(raw, UInt16.self, count: buf.count, sigma: s, stream: stream)
            } else {
                NoiseKernel.add(raw, Float.self, count: buf.count, sigma: s, stream: stream)
            }
        }
        return out
    }
}
