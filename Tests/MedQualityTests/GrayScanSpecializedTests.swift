import Foundation
import MedImage
import Testing

@testable import MedQuality

/// The specialized scans (integer 8- and 16-bit at any size, the row-wise general scan) against a
/// plain per-pixel reference written here: every pixel's gray value clamped to 0...255, counted,
/// and spread over the 32x32 cells through its column's and row's `AreaWeights` entries, in the
/// order the original general scan used, so its reduction is the same Double value for value.
@Suite("GrayScan specialized scans against a per-pixel reference")
struct GrayScanSpecializedTests {
    /// The reference scan of a gray plane (values on the 0...255 scale).
    static func reference(_ plane: [Float], width: Int, height: Int) -> GrayScan {
        let side = GrayScan.reducedSide
        var scan = GrayScan(empty: width * height)
        let columns = AreaWeights(input: width, output: side), rows = AreaWeights(input: height, output: side)
        var reduced = [Double](repeating: 0, count: side * side)
        for y in 0..<height {
            var rowSums = [Double](repeating: 0, count: side)
            for x in 0..<width {
                let v = min(max(plane[y * width + x], 0), 255)
                scan.histogram[Int(v)] += 1
                if v <= 0 { scan.atFloor += 1 }
                if v >= 255 { scan.atCeiling += 1 }
                scan.minimum = min(scan.minimum, v)
                scan.maximum = max(scan.maximum, v)
                for e in columns.first[x]..<columns.first[x + 1] {
                    rowSums[columns.cells[e]] += Double(v) * columns.weights[e]
                }
            }
            for e in rows.first[y]..<rows.first[y + 1] {
                for i in 0..<side { reduced[rows.cells[e] * side + i] += rowSums[i] * rows.weights[e] }
            }
        }
        let area = Double(width) * Double(height) / Double(side * side)
        scan.reduced = reduced.map { $0 / area }
        return scan
    }

    /// Sizes below, at and above 32, multiples of 32 and not, one-pixel sides.
    static let sizes = [(1, 1), (7, 3), (31, 33), (32, 32), (33, 97), (500, 600), (64, 96), (300, 217), (1, 90), (129, 1)]

    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 32
        }
    }

    static func expectSame(_ a: GrayScan, _ b: GrayScan, reducedTolerance: Double) {
        #expect(a.pixels == b.pixels)
        #expect(a.histogram == b.histogram)
        #expect(a.atFloor == b.atFloor && a.atCeiling == b.atCeiling)
        #expect(a.minimum == b.minimum && a.maximum == b.maximum)
        #expect(a.reduced.count == b.reduced.count)
        if reducedTolerance == 0 {
            #expect(a.reduced == b.reduced)
        } else {
            for (x, y) in zip(a.reduced, b.reduced) { #expect(abs(x - y) <= reducedTolerance * max(1, abs(y))) }
        }
    }

    @Test("the 8-bit integer scan equals the reference at any size", arguments: sizes)
    func integer8(size: (Int, Int)) throws {
        let (w, h) = size
        var random = Random(state: UInt64(w * 1000 + h))
        var samples = (0..<(w * h)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        if samples.count > 2 {
            samples[0] = 0
            samples[1] = 255
        }
        let image = PixelBuffer(width: w, height: h, samples: samples)
        let fast = try #require(GrayScan.integer8(image))
        let reference = Self.reference(samples.map { Float($0) }, width: w, height: h)
        // Whole pixels are summed as integers, then added: equal up to Double rounding.
        Self.expectSame(fast, reference, reducedTolerance: 1e-12)
        if w % 32 == 0, h % 32 == 0 { Self.expectSame(try #require(GrayScan.gray8(image)), fast, reducedTolerance: 0) }
        #expect(QualityMeasures(fast, scale: .type) == QualityMeasures(reference, scale: .type))
        #expect(GrayScan.integer8(PixelBuffer(width: w, height: h, channels: 3, repeating: 0)) == nil)
    }

    @Test("the 16-bit integer scan equals the reference at any size", arguments: sizes)
    func integer16(size: (Int, Int)) throws {
        let (w, h) = size
        var random = Random(state: UInt64(w * 7919 + h))
        var samples = (0..<(w * h)).map { _ in UInt16(truncatingIfNeeded: random.next()) }
        if samples.count > 3 {
            samples[0] = 0
            samples[1] = 65535
            samples[2] = 257 * 9
        }
        let image = PixelBuffer(width: w, height: h, samples: samples)
        let fast = try #require(GrayScan.integer16(image))
        let reference = Self.reference(samples.map { Float($0) / 257 }, width: w, height: h)
        // The reference rounds each v / 257 to Float (relative 6e-8); the fast scan divides sums.
        Self.expectSame(fast, reference, reducedTolerance: 2e-7)
        // An image one pixel wide or high reduces to rows (or columns) that repeat exactly, so the
        // DCT's coefficients along that axis are zero up to rounding and their sign bits are noise:
        // the hash is compared where every coefficient carries signal.
        if w > 1 && h > 1 {
            #expect(QualityMeasures(fast, scale: .type).phash == QualityMeasures(reference, scale: .type).phash)
        }
    }

    @Test("the row-wise general scan equals the reference exactly for RGB, float and half-float", arguments: sizes)
    func general(size: (Int, Int)) {
        let (w, h) = size
        var random = Random(state: UInt64(w * 31 + h))
        let rgb = (0..<(w * h * 3)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let luma = (0..<(w * h)).map { (i: Int) -> Float in
            let r: Float = Float(rgb[3 * i]) * 0.299
            let g: Float = Float(rgb[3 * i + 1]) * 0.587
            let b: Float = Float(rgb[3 * i + 2]) * 0.114
            return (r + g) + b
        }
        Self.expectSame(
            GrayPlane.scan(PixelBuffer(width: w, height: h, channels: 3, samples: rgb)),
            Self.reference(luma, width: w, height: h), reducedTolerance: 0)
        // Floats beyond 0...1 on both sides, so clamping is exercised.
        let floats = (0..<(w * h)).map { _ in Float(Int(random.next() % 1200)) / 1000 - 0.1 }
        Self.expectSame(
            GrayPlane.scan(PixelBuffer(width: w, height: h, samples: floats), scale: 255),
            Self.reference(floats.map { $0 * 255 }, width: w, height: h), reducedTolerance: 0)
        let halves = floats.map { Float16($0) }
        Self.expectSame(
            GrayPlane.scan(PixelBuffer(width: w, height: h, samples: halves), offset: -0.1, scale: 200),
            Self.reference(halves.map { (Float($0) + 0.1) * 200 }, width: w, height: h), reducedTolerance: 0)
    }
}
