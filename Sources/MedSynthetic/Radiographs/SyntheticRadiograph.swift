import Foundation
import MedCore
import MedImage

/// A deterministic, radiograph-like picture for benchmarks: a body outline, two lung fields with
/// rib bands, a spine, and film-like noise.
///
/// The smooth structure plus noise gives PNG, JPEG and JPEG-lossless the compression ratios (and so
/// the decode costs) of real chest radiographs, which a flat or random image would not. The same
/// (width, height, seed) always gives the same samples on a given platform: the noise comes from a
/// ``SeededGenerator``, not from the system's generator. Port of `radiograph()` in
/// `samples/generate_samples.py`, with a cheaper noise (Irwin–Hall sum of four uniforms).
public struct SyntheticRadiograph: Sendable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Selects the noise and a small shift of the anatomy, so images of a corpus differ.
    public var seed: UInt64

    /// A picture of `width` x `height` pixels whose noise and anatomy shift come from `seed`.
    public init(width: Int, height: Int, seed: UInt64) {
        self.width = width
        self.height = height
        self.seed = seed
    }

    /// Densities in 0...1, row-major.
    ///
    /// - Complexity: O(width × height); the separable terms are computed once per row and column.
    public func densities() -> [Float] {
        let shift = Double(seed % 17) / 17 * 0.06 - 0.03
        let us = (0..<width).map { (Double($0) / Double(width) - 0.5) * 2 + shift }
        let vs = (0..<height).map { (Double($0) / Double(height) - 0.5) * 2 }
        let bodyU = us.map { pow($0 / 0.78, 6) }, spineU = us.map { exp(-(($0 / 0.06) * ($0 / 0.06))) }
        let ribPhase = us.map { 6 * pow(abs($0), 1.5) }
        let lungU = [-0.38, 0.38].map { cx in us.map { (($0 - cx) / 0.28) * (($0 - cx) / 0.28) } }
        var noise = SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ 0x1234_5678)
        var out = [Float](repeating: 0, count: width * height)
        for (y, v) in vs.enumerated() {
            let bodyV = pow(v / 1.1, 8), lungV = ((v + 0.05) / 0.55) * ((v + 0.05) / 0.55)
            let spineV = 0.8 + 0.2 * sin(v * 60)
            for x in 0..<width {
                let body = exp(-(bodyU[x] + bodyV))
                let l0 = lungU[0][x] + lungV, l1 = lungU[1][x] + lungV
                let lungs = exp(-(l0 * l0)) + exp(-(l1 * l1))
                let ribs = 0.5 + 0.5 * sin(v * 38 + ribPhase[x])
                var d = 0.15 + 0.75 * body - 0.45 * lungs * (0.85 + 0.15 * ribs) + 0.18 * spineU[x] * spineV * body
                d += 0.015 * noise.irwinHallNormal()
                out[y &* width &+ x] = Float(min(max(d, 0), 1))
            }
        }
        return out
    }

    /// The picture as 8-bit samples (0...255).
    public func gray8() -> PixelBuffer<UInt8> {
        PixelBuffer(width: width, height: height, samples: densities().map { UInt8(($0 * 255).rounded()) })
    }

    /// The picture as stored values of `bitsStored` bits (in 16-bit samples).
    public func gray16(bitsStored: Int) -> PixelBuffer<UInt16> {
        let top = Float((1 << bitsStored) - 1)
        return PixelBuffer(width: width, height: height, samples: densities().map { UInt16(($0 * top).rounded()) })
    }
}

extension SeededGenerator {
    /// Approximately standard normal: the sum of four uniforms, centred and scaled to unit variance
    /// (the film noise of the picture; not ``SeededGenerator/normal()``, whose variates differ).
    fileprivate mutating func irwinHallNormal() -> Double {
        (nextUnit() + nextUnit() + nextUnit() + nextUnit() - 2) * 1.7320508075688772
    }
}
