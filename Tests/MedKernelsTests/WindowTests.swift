import MedImage
import MedImageTestSupport
import MedTestSupport
import Testing

@testable import MedKernels

/// Every 16-bit stored value, once.
private let allUInt16 = PixelBuffer(width: 256, height: 256, samples: (0...65535).map { UInt16($0) })

private let windows: [VOIWindow] = [
    VOIWindow(center: 2048, width: 4096),
    VOIWindow(center: 40, width: 400),  // CT soft tissue in HU
    VOIWindow(center: 1000.5, width: 256),
    VOIWindow(center: 32767, width: 65535, function: .linearExact),
    VOIWindow(center: 500, width: 1021, function: .linearExact),
    VOIWindow(center: 2000, width: 1500, function: .sigmoid),
]

private let modalities: [ModalityLUT] = [
    .identity, .rescale(slope: 1, intercept: -1024, type: "HU"),
    .rescale(slope: 0.5, intercept: 7.25, type: nil),
]

@Suite("VOI windowing")
struct WindowTests {
    @Test(
        "Windowing to 8 bits equals the standard's formula rounded half to even for every 16-bit input",
        arguments: windows, [false, true])
    func exactUInt8(window: VOIWindow, invert: Bool) {
        for modality in modalities {
            let out = allUInt16.windowed(by: window, modality: modality, invert: invert, as: UInt8.self)
            var mismatches = 0
            for v in 0...65535 {
                let y = window.mapped(modality(Double(v)), ymin: 0, ymax: 255)
                let expected = (invert ? 255 - y : y).rounded(.toNearestOrEven)
                if Double(out.samples[v]) != expected { mismatches += 1 }
            }
            #expect(mismatches == 0, "\(mismatches) mismatches for \(window) \(modality)")
        }
    }

    @Test("Windowing to 16 bits and floats follows the same formula", arguments: windows)
    func otherOutputs(window: VOIWindow) {
        let out16 = allUInt16.windowed(by: window, as: UInt16.self)
        let outF = allUInt16.windowed(by: window, as: Float.self)
        let outH = allUInt16.windowed(by: window, as: Float16.self)
        for v in stride(from: 0, through: 65535, by: 7) {
            let exact = ReferenceKernels.windowed(
                Double(v), modality: .identity, window: window, ymax: 65535, invert: false)
            #expect(Double(out16.samples[v]) == exact.rounded(.toNearestOrEven))
            let unit = window.mapped(Double(v), ymin: 0, ymax: 1)
            #expect(outF.samples[v] == Float(unit))
            #expect(abs(Double(outH.samples[v]) - unit) <= 0.0005)
        }
    }

    @Test("Signed 12-bit stored values window through the table by bit pattern")
    func signed() {
        let values = (-2048...2047).map { Int16($0) }
        let image = PixelBuffer(width: 64, height: 64, samples: values)
        let window = VOIWindow(center: -600, width: 1500)
        let modality = ModalityLUT.rescale(slope: 1, intercept: -1024, type: "HU")
        let out = image.windowed(by: window, modality: modality, as: UInt8.self)
        for (i, v) in values.enumerated() {
            let expected = ReferenceKernels.quantize(
                ReferenceKernels.windowed(Double(v), modality: modality, window: window, ymax: 255, invert: false),
                top: 255)
            #expect(Double(out.samples[i]) == expected)
        }
    }

    @Test("8-bit stored values use a 256-entry table")
    func eightBit() {
        let image = PixelBuffer(width: 16, height: 16, samples: (0...255).map { UInt8($0) })
        let window = VOIWindow(center: 100, width: 50)
        let out = image.windowed(by: window, invert: true, as: UInt8.self)
        for v in 0...255 {
            let expected = ReferenceKernels.quantize(
                ReferenceKernels.windowed(Double(v), modality: .identity, window: window, ymax: 255, invert: true),
                top: 255)
            #expect(Double(out.samples[v]) == expected)
        }
    }

    @Test("A modality LUT table applies before the window")
    func modalityTable() {
        let lut = LookupTable(firstMappedValue: 10, bitsPerEntry: 12, entries: (0..<100).map { UInt16($0 * 40) })
        let image = PixelBuffer(width: 128, height: 1, samples: (0..<128).map { UInt16($0) })
        let window = VOIWindow(center: 2000, width: 3000)
        let out = image.windowed(by: window, modality: .table(lut), as: UInt8.self)
        for v in 0..<128 {
            let expected = ReferenceKernels.quantize(
                ReferenceKernels.windowed(Double(v), modality: .table(lut), window: window, ymax: 255, invert: false),
                top: 255)
            #expect(Double(out.samples[v]) == expected)
        }
    }

    @Test("The 16-to-8-bit table kernel matches a plain lookup, including the tail")
    func kernelTail() {
        let table = (0..<65536).map { UInt8(truncatingIfNeeded: $0 &* 31 >> 3) }
        for n in [0, 1, 7, 8, 9, 63, 1001] {
            let source = (0..<n).map { UInt16(truncatingIfNeeded: $0 &* 2654435761 >> 7) }
            var out = [UInt8](repeating: 0, count: n)
            source.withUnsafeBufferPointer { s in
                table.withUnsafeBufferPointer { t in
                    out.withUnsafeMutableBufferPointer { d in
                        LookupTableKernel.apply16to8(s, table: t.baseAddress!, into: d)
                    }
                }
            }
            #expect(out == source.map { table[Int($0)] })
        }
    }

    @Test(
        "Linear 16-to-8-bit windows run the packed kernel, which reproduces the exact table",
        arguments: [
            VOIWindow(center: 2048, width: 4096), VOIWindow(center: 40, width: 400),
            VOIWindow(center: 1000, width: 256, function: .linearExact),
        ])
    func packedKernel(window: VOIWindow) {
        let modality = ModalityLUT.rescale(slope: 1, intercept: -1024, type: "HU")
        let mapping = allUInt16.intensityMapping(.window(window), modality: modality)
        let table = NormalizationTable<UInt16, UInt8>(mapping: mapping)
        #expect(table.linearKernel != nil)
        var out = PixelBuffer<UInt8>(width: 1, height: 1, repeating: 0)
        table.apply(allUInt16, into: &out)
        for v in 0...65535 {
            let expected = ReferenceKernels.quantize(
                ReferenceKernels.windowed(Double(v), modality: modality, window: window, ymax: 255, invert: false),
                top: 255)
            #expect(Double(out.samples[v]) == expected)
        }
    }

    @Test("A window whose Float arithmetic rounds some input differently keeps the exact table")
    func verificationFallsBack() {
        // LINEAR_EXACT 1000/300 after a -1024 rescale: stored 1904, 1924 and 2104 map to exact
        // halves (25.5, 42.5, 195.5); the Float coefficients move them off the tie, so the packed
        // kernel would round them the other way (numpy check, same formula).
        let modality = ModalityLUT.rescale(slope: 1, intercept: -1024, type: "HU")
        let window = VOIWindow(center: 1000, width: 300, function: .linearExact)
        let mapping = allUInt16.intensityMapping(.window(window), modality: modality)
        let table = NormalizationTable<UInt16, UInt8>(mapping: mapping)
        #expect(table.linearKernel == nil)
        var out = PixelBuffer<UInt8>(width: 1, height: 1, repeating: 0)
        table.apply(allUInt16, into: &out)
        let exact = (0...65535).allSatisfy { v in
            Double(out.samples[v])
                == ReferenceKernels.quantize(
                    ReferenceKernels.windowed(Double(v), modality: modality, window: window, ymax: 255, invert: false),
                    top: 255)
        }
        #expect(exact)
    }

    @Test(
        "8-bit percentile windows resize windowed: the bytes of the table applied first, then the resize",
        arguments: [(0.5, 99.5), (2.0, 98.0), (0.0, 100.0), (10.0, 11.0)])
    func eightBitWindowedResize(low: Double, high: Double) throws {
        var state: UInt64 = 12345
        let samples: [UInt8] = (0..<(97 * 131)).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: 40 + (i % 97) + Int(state >> 60))
        }
        let image = PixelBuffer(width: 97, height: 131, samples: samples)
        let mapping = image.intensityMapping(.percentile(low: low, high: high))
        let table = NormalizationTable<UInt8, UInt8>(mapping: mapping)
        let window = try #require(table.linearKernel)
        // The table itself is the standard's linear map of the percentiles, rounded half to even.
        let windowed = table.applied(image)
        let values = samples.map(Double.init)
        let (p0, p1) = (ReferenceKernels.percentile(values, low), ReferenceKernels.percentile(values, high))
        for (v, out) in zip(samples, windowed.samples) {
            let y = p1 > p0 ? (Double(v) - p0) / (p1 - p0) * 255 : 0
            #expect(Double(out) == ReferenceKernels.quantize(min(max(y, 0), 255), top: 255))
        }
        for filter in ResampleFilter.allCases {
            for geometry in [ResizeGeometry.stretch(width: 64, height: 50), .letterbox(width: 80, height: 80)] {
                let resizer = Resizer(inputWidth: 97, inputHeight: 131, channels: 1, geometry: geometry, filter: filter)
                guard resizer.reduceX == 1, resizer.reduceY == 1 else { continue }
                var fused = PixelBuffer<UInt8>(width: 1, height: 1, repeating: 0)
                var scratch: [Float] = []
                resizer.resize(image, windowedBy: window, into: &fused, scratch: &scratch, padValue: 9)
                #expect(fused == resizer.resized(windowed, padValue: 9), "\(filter.name) \(geometry)")
            }
        }
    }

    @Test("Sigmoid windows keep the table")
    func sigmoidKeepsTable() {
        let mapping = allUInt16.intensityMapping(.window(VOIWindow(center: 2000, width: 1000, function: .sigmoid)))
        #expect(NormalizationTable<UInt16, UInt8>(mapping: mapping).linearKernel == nil)
    }

    @Test("A file VOI LUT applies when the file has no window, and a window wins over it")
    func voiLUT() {
        let lut = LookupTable(
            firstMappedValue: 100, bitsPerEntry: 12,
            entries: (0..<2000).map { UInt16(min(4095, $0 * $0 / 900)) })
        let image = PixelBuffer(width: 64, height: 64, samples: (0..<4096).map { UInt16($0) })
        let mapping = image.intensityMapping(.fileWindow(fallback: .minMax), fileVOILUT: lut)
        #expect(mapping.curve == .lookupTable(lut))
        let out = NormalizationTable<UInt16, UInt8>(mapping: mapping)
        var result = PixelBuffer<UInt8>(width: 1, height: 1, repeating: 0)
        out.apply(image, into: &result)
        for v in 0..<4096 {
            #expect(Double(result.samples[v]) == ReferenceKernels.quantize(Double(lut(v)) / 4095 * 255, top: 255))
        }
        let w = VOIWindow(center: 500, width: 100)
        #expect(
            image.intensityMapping(.fileWindow(fallback: .minMax), fileWindow: w, fileVOILUT: lut).curve == .window(w))
    }
}
