import Testing

@testable import MedKernels

/// CKernels' AVX2 vertical pass against the Swift loop it replaces, bit for bit.
///
/// The Swift loop is the reference: it is the code every other resize test checks against Pillow,
/// OpenCV and the Double formulas, and it is what runs on CPUs without AVX2.
@Suite("AVX2 vertical pass", .enabled(if: VerticalPassAVX2.cpuHasAVX2, "this CPU has no AVX2"))
struct VerticalPassAVX2Tests {
    /// One random pass: a source of `rows` rows, `taps` weights, and a column range whose length
    /// exercises the 32-, 8- and 1-column loops.
    struct Case: CustomTestStringConvertible {
        var seed: UInt64
        var testDescription: String { "seed \(seed)" }
    }

    static let cases = (1...300).map { Case(seed: UInt64($0)) }

    /// Windows that clamp low, clamp high, pass through, and the degenerate ones (negative, -0, NaN, infinity).
    static let windows: [QuantizedWindow] = [
        QuantizedWindow(scale: 0.0625, offset: -40), QuantizedWindow(scale: 255.0 / 4095.0, offset: 0.5),
        QuantizedWindow(scale: -0.25, offset: 300), QuantizedWindow(scale: -1, offset: -0.0),
        QuantizedWindow(scale: 3.7, offset: -1e6), QuantizedWindow(scale: .infinity, offset: 0),
        QuantizedWindow(scale: .nan, offset: 0), QuantizedWindow(scale: 1e-3, offset: 127.5),
    ]

    @Test("8-bit, 16-bit and windowed 16-bit rows equal the Swift loop's bits", arguments: cases)
    func sameBits(test: Case) {
        var g = SeededGenerator(stream: test.seed)
        let width = Int.random(in: 1...150, using: &g)
        let rowStride = width + Int.random(in: 0...9, using: &g)
        let taps = Int.random(in: 1...12, using: &g)
        let rows = taps + Int.random(in: 0...4, using: &g)
        let firstRow = Int.random(in: 0...(rows - taps), using: &g)
        let first = Int.random(in: 0..<width, using: &g)
        let end = Int.random(in: first...width, using: &g)
        // Lanczos and bicubic weights are negative at the edges; area ones are not.
        let weights = (0..<taps).map { _ in Float.random(in: -0.4...1.1, using: &g) }
        let samples = rows * rowStride
        // One byte in front, so that the 16-bit source is not 2-byte aligned.
        let bytes8 = (0...samples).map { _ in UInt8.random(in: 0...255, using: &g) }
        let bytes16 = (0...(2 * samples)).map { _ in UInt8.random(in: 0...255, using: &g) }
        let window = Self.windows[Int(test.seed) % Self.windows.count]

        func compare<In: KernelSample, Map: SourceMap>(_ bytes: [UInt8], _: In.Type, _ map: Map, _ label: String) {
            var swift = [Float](repeating: -7, count: width + 8)
            var avx2 = swift
            bytes.withUnsafeBytes { raw in
                let source = raw.baseAddress! + 1
                weights.withUnsafeBufferPointer { w in
                    swift.withUnsafeMutableBytes { out in
                        ResizeKernel.verticalPass(
                            source, In.self, map, rowStride: rowStride, firstRow: firstRow, weights: w.baseAddress!,
                            taps: taps, columns: first..<end, into: out.baseAddress!)
                    }
                    avx2.withUnsafeMutableBytes { out in
                        VerticalPassAVX2.run(
                            source, In.self, map, rowStride: rowStride, firstRow: firstRow, weights: w.baseAddress!,
                            taps: taps, columns: first..<end, into: out.baseAddress!)
                    }
                }
            }
            let differing = (0..<swift.count).filter { swift[$0].bitPattern != avx2[$0].bitPattern }
            #expect(
                differing.isEmpty,
                "\(label): \(differing.count) columns differ, first \(differing.first.map { "\($0): \(swift[$0]) vs \(avx2[$0])" } ?? "")"
            )
            // Columns outside the range are left alone.
            #expect(avx2[..<first].allSatisfy { $0 == -7 } && avx2[end...].allSatisfy { $0 == -7 }, "\(label)")
        }
        compare(bytes8, UInt8.self, UnmappedSource(), "8-bit")
        compare(bytes16, UInt16.self, UnmappedSource(), "16-bit")
        compare(bytes16, UInt16.self, window, "16-bit, window \(window.scale) \(window.offset)")
    }

    @Test("the resize kernel takes the AVX2 pass for 8- and 16-bit input only")
    func dispatch() {
        #expect(VerticalPassAVX2.handles(UInt8.self, UnmappedSource.self))
        #expect(VerticalPassAVX2.handles(UInt16.self, UnmappedSource.self))
        #expect(VerticalPassAVX2.handles(UInt16.self, QuantizedWindow.self))
        #expect(!VerticalPassAVX2.handles(Float.self, UnmappedSource.self))
        #expect(!VerticalPassAVX2.handles(UInt8.self, QuantizedWindow.self))
    }
}
