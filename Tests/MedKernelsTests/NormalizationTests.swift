import Foundation
import MedCore
import MedImage
import MedImageTestSupport
import MedTestSupport
import Testing

@testable import MedKernels

/// A deterministic 12-bit image with a skewed histogram.
private func sampleImage(count: Int = 10_000) -> PixelBuffer<UInt16> {
    var g = SeededGenerator(stream: 42)
    let v = (0..<count).map { _ in UInt16(min(4095, Int(pow(g.nextUnit(), 2) * 3000) + g.integer(0...900))) }
    return PixelBuffer(width: 100, height: count / 100, samples: v)
}

@Suite("Normalization")
struct NormalizationTests {
    @Test(
        "Percentiles from the histogram equal numpy's linear percentiles by sorting",
        arguments: [0.0, 0.5, 1, 25, 50, 99.5, 100])
    func percentiles(p: Double) {
        let image = sampleImage()
        let values = image.samples.map { Double($0) * 0.5 - 100 }
        let hist = image.valueHistogram(modality: .rescale(slope: 0.5, intercept: -100, type: nil))
        #expect(abs(hist.percentile(p) - ReferenceKernels.percentile(values, p)) < 1e-9)
    }

    @Test("Histogram counts add to the given counts as a dictionary count does, 8 and 16 bits", arguments: [0, 1, 9_999, 10_000])
    func histogramCounts(count: Int) {
        var g = SeededGenerator(stream: 7)
        // Runs of one value (every 7th sample) as well as scattered ones.
        let wide = (0..<count).map { i in i % 7 == 0 ? UInt16(1234) : UInt16(truncatingIfNeeded: g.integer(0...65535)) }
        func check<Word: FixedWidthInteger & UnsignedInteger>(_ words: [Word]) {
            let bins = Int(Word.max) + 1
            var counts = (0..<bins).map { $0 % 3 }, scratch = [Int](repeating: 99, count: bins)
            var expected = counts
            for w in words { expected[Int(w)] += 1 }
            words.withUnsafeBufferPointer { source in
                counts.withUnsafeMutableBufferPointer { c in
                    scratch.withUnsafeMutableBufferPointer { HistogramKernel.count(source, into: c, scratch: $0) }
                }
            }
            #expect(counts == expected, "\(Word.self), \(words.count) samples")
        }
        check(wide)
        check(wide.map { UInt8(truncatingIfNeeded: $0) })
    }

    @Test("Mean and standard deviation from the histogram equal the direct ones")
    func moments() {
        let image = sampleImage()
        let (mean, sd) = ReferenceKernels.meanAndDeviation(image.samples.map(Double.init))
        let hist = image.valueHistogram()
        #expect(abs(hist.mean - mean) < 1e-9)
        #expect(abs(hist.standardDeviation - sd) < 1e-9)
    }

    @Test("Percentile clipping maps the percentiles to the ends and rounds half to even")
    func percentileClip() {
        let image = sampleImage()
        let values = image.samples.map(Double.init)
        let lo = ReferenceKernels.percentile(values, 0.5), hi = ReferenceKernels.percentile(values, 99.5)
        let out = image.normalized(.percentile(low: 0.5, high: 99.5), as: UInt8.self)
        for (v, o) in zip(values, out.samples) {
            let expected = ReferenceKernels.quantize((v - lo) / (hi - lo) * 255, top: 255)
            #expect(Double(o) == expected)
        }
    }

    @Test("Min-max, z-score and equalization follow their formulas")
    func statistics() {
        let image = sampleImage()
        let values = image.samples.map(Double.init)
        let mn = values.min() ?? 0, mx = values.max() ?? 0
        let minMax = image.normalized(.minMax, as: Float.self)
        let (mean, sd) = ReferenceKernels.meanAndDeviation(values)
        let z = image.normalized(.zScore, as: Float.self)
        let eq = image.normalized(.histogramEqualization, as: Float.self)
        let sorted = values.sorted()
        let countMin = Double(sorted.prefix { $0 == mn }.count), n = Double(values.count)
        for (i, v) in values.enumerated() {
            #expect(abs(Double(minMax.samples[i]) - (v - mn) / (mx - mn)) < 1e-6)
            #expect(abs(Double(z.samples[i]) - (v - mean) / sd) < 1e-5)
            let le = Double(sorted.prefix { $0 <= v }.count)
            #expect(abs(Double(eq.samples[i]) - (le - countMin) / (n - countMin)) < 1e-6)
        }
    }

    @Test("A file window wins over the fallback, and the fallback applies without one")
    func fileWindow() {
        let image = sampleImage()
        let w = VOIWindow(center: 1000, width: 500)
        let withFile = image.intensityMapping(.fileWindow(fallback: .minMax), fileWindow: w)
        #expect(withFile.curve == .window(w))
        let without = image.intensityMapping(.fileWindow(fallback: .minMax))
        #expect(without.curve == .linear(low: Double(image.samples.min() ?? 0), high: Double(image.samples.max() ?? 0)))
    }

    @Test("MONOCHROME1 is inverted after windowing")
    func inversion() {
        let image = sampleImage()
        let w = VOIWindow(center: 1500, width: 2000)
        let plain = image.windowed(by: w, as: Float.self),
            inverted = image.windowed(by: w, invert: true, as: Float.self)
        for (a, b) in zip(plain.samples, inverted.samples) { #expect(abs(a + b - 1) < 1e-6) }
    }

    @Test(
        "Float input takes the SIMD linear path within float tolerance of the Double formula",
        arguments: [OutputSampleType.uint8, .uint16, .float32])
    func floatInput(output: OutputSampleType) {
        var g = SeededGenerator(stream: 9)
        let values = (0..<1003).map { _ in Float(g.uniform(-1200...3000)) }
        let image = PixelBuffer(width: 17, height: 59, samples: values)
        let window = VOIWindow(center: 40, width: 400)
        let modality = ModalityLUT.rescale(slope: 1, intercept: -1024, type: "HU")
        let top: Double = output == .uint8 ? 255 : output == .uint16 ? 65535 : 1
        let expected = values.map {
            ReferenceKernels.windowed(Double($0), modality: modality, window: window, ymax: top, invert: true)
        }
        let got: [Double]
        switch output {
        case .uint8:
            got = image.normalized(.window(window), modality: modality, invert: true, as: UInt8.self).samples.map(
                Double.init)
        case .uint16:
            got = image.normalized(.window(window), modality: modality, invert: true, as: UInt16.self).samples.map(
                Double.init)
        default:
            got = image.normalized(.window(window), modality: modality, invert: true, as: Float.self).samples.map(
                Double.init)
        }
        for (e, o) in zip(expected, got) {
            if output == .float32 { #expect(abs(e - o) < 1e-5) } else { #expect(abs(e - o) <= 0.5 + top * 1e-6) }
        }
    }

    @Test("The linear map kernel matches the scalar formula on every lane and the tail")
    func linearMapKernel() {
        let values = (0..<37).map { Float($0) * 13.7 - 50 }
        var out = [UInt8](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBytes { d in
                LinearMapKernel.apply(
                    s, scale: 0.5, offset: 3, clamp: true, low: 0, high: 255, into: d.baseAddress!, UInt8.self)
            }
        }
        for (v, o) in zip(values, out) {
            #expect(Double(o) == ReferenceKernels.quantize(Double(v * 0.5 + 3), top: 255))
        }
    }
}

@Suite("Quantization of degenerate values")
struct QuantizationEdgeTests {
    @Test("NaN quantizes to 0 instead of trapping; out-of-range values clamp; halves go to even")
    func nanAndClamping() {
        #expect(UInt8.quantized(.nan) == 0)
        #expect(UInt16.quantized(.nan) == 0)
        #expect(UInt8.quantized(-3) == 0 && UInt8.quantized(300) == 255)
        #expect(UInt16.quantized(.infinity) == 65535)
        #expect(UInt8.quantized(2.5) == 2 && UInt8.quantized(3.5) == 4)
    }
}
