import Testing

@testable import MedKernels
import MedCore

/// CKernels' AVX2 vertical pass against the Swift loop it replaces, bit for bit.
///
/// The Swift loop is the reference: it is the code every other resize test checks against Pillow,
/// OpenCV and the Double formulas, and it is what runs on CPUs without AVX2.
@Suite("AVX2 vertical pass", .enabled(if: VerticalPassAVX2.cpuHasAVX2, "this CPU has no AVX2"))
struct VerticalPassAVX2Tests {
    /// One seeded random case.
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

    /// Random bytes, one more than asked: sources start at offset 1, so 16-bit ones are not 2-byte aligned.
    static func bytes(_ count: Int, using g: inout SeededGenerator) -> [UInt8] {
        (0...count).map { _ in UInt8.random(in: 0...255, using: &g) }
    }

    @Test("one pass: 8-bit, 16-bit and windowed 8- and 16-bit rows equal the Swift loop's bits", arguments: cases)
    func sameBits(test: Case) throws {
        var g = SeededGenerator(stream: test.seed)
        let width = Int.random(in: 1...150, using: &g)
        let rowStride = width + Int.random(in: 0...9, using: &g)
        let taps = Int.random(in: 1...12, using: &g)
        let rows = taps + Int.random(in: 0...4, using: &g)
        let firstRow = Int.random(in: 0...(rows - taps), using: &g)
        // Column ranges of every length exercise the 32-, 8- and 1-column loops.
        let first = Int.random(in: 0..<width, using: &g)
        let end = Int.random(in: first...width, using: &g)
        // Lanczos and bicubic weights are negative at the edges; area ones are not.
        let weights = (0..<taps).map { _ in Float.random(in: -0.4...1.1, using: &g) }
        let bytes8 = Self.bytes(rows * rowStride, using: &g)
        let bytes16 = Self.bytes(2 * rows * rowStride, using: &g)
        let window = Self.windows[Int(test.seed) % Self.windows.count]

        func compare<In: KernelSample, Map: SourceMap>(_ bytes: [UInt8], _: In.Type, _ map: Map, _ label: String) {
            var swift = [Float](repeating: -7, count: width + 8)
            var avx2 = swift
            bytes.withUnsafeBytes { raw in
                weights.withUnsafeBufferPointer { w in
                    guard let start = raw.baseAddress, let taps = w.baseAddress else { return }
                    swift.withUnsafeMutableBytes { out in
                        guard let row = out.baseAddress else { return }
                        ResizeKernel.verticalPass(
                            start + 1, In.self, map, rowStride: rowStride, firstRow: firstRow, weights: taps,
                            taps: w.count, columns: first..<end, into: row)
                    }
                    avx2.withUnsafeMutableBytes { out in
                        guard let row = out.baseAddress else { return }
                        VerticalPassAVX2.run(
                            start + 1, In.self, map, rowStride: rowStride, firstRow: firstRow, weights: taps,
                            taps: w.count, columns: first..<end, into: row)
                    }
                }
            }
            let differing = (0..<swift.count).filter { swift[$0].bitPattern != avx2[$0].bitPattern }
            let firstDifference = differing.first.map { "\($0): \(swift[$0]) vs \(avx2[$0])" } ?? ""
            #expect(differing.isEmpty, "\(label): \(differing.count) columns differ, first \(firstDifference)")
            // Columns outside the range are left alone.
            #expect(avx2[..<first].allSatisfy { $0 == -7 } && avx2[end...].allSatisfy { $0 == -7 }, "\(label)")
        }
        compare(bytes8, UInt8.self, UnmappedSource(), "8-bit")
        compare(bytes16, UInt16.self, UnmappedSource(), "16-bit")
        compare(bytes16, UInt16.self, window, "16-bit, window \(window.scale) \(window.offset)")
        compare(bytes8, UInt8.self, window, "8-bit, window \(window.scale) \(window.offset)")
    }

    @Test("whole resizes give the same bytes with and without AVX2", arguments: cases.prefix(60))
    func sameImages(test: Case) {
        var g = SeededGenerator(stream: test.seed &+ 1000)
        let width = Int.random(in: 1...300, using: &g), height = Int.random(in: 1...120, using: &g)
        let filter = ResampleFilter.allCases[Int(test.seed) % ResampleFilter.allCases.count]
        // Reductions mostly (what a pipeline does), enlargements too; area is defined for reductions.
        let outWidth = Int.random(in: 1...(filter.isArea ? width : 2 * width), using: &g)
        let outHeight = Int.random(in: 1...(filter.isArea ? height : 2 * height), using: &g)
        let horizontal = ResamplePlan(inputSize: width, outputSize: outWidth, filter: filter)
        let vertical = ResamplePlan(inputSize: height, outputSize: outHeight, filter: filter)
        let bytes8 = Self.bytes(width * height, using: &g)
        let bytes16 = Self.bytes(2 * width * height, using: &g)
        let window = Self.windows[Int(test.seed) % 3]

        func resized<In: KernelSample, Out: KernelSample, Map: SourceMap>(
            _ bytes: [UInt8], _: In.Type, _ map: Map, _: Out.Type, avx2: Bool
        ) -> [UInt8] {
            var out = [UInt8](repeating: 0xA5, count: outWidth * outHeight * MemoryLayout<Out>.stride)
            var scratch = [Float](repeating: 0, count: ResizeKernel.scratchCount(inputWidth: width, channels: 1))
            bytes.withUnsafeBytes { raw in
                out.withUnsafeMutableBytes { destination in
                    scratch.withUnsafeMutableBufferPointer { tmp in
                        guard let source = raw.baseAddress, let target = destination.baseAddress,
                            let row = tmp.baseAddress
                        else { return }
                        ResizeKernel.resample(
                            source + 1, as: In.self, mappedBy: map, sourceRowStride: width, into: target,
                            as: Out.self, destinationRowStride: outWidth, channels: 1, horizontal: horizontal,
                            vertical: vertical, scratch: row, allowingAVX2: avx2)
                    }
                }
            }
            return out
        }
        func expectSame(_ name: String, _ make: (Bool) -> [UInt8]) {
            let with = make(true), without = make(false)
            let differing = zip(with, without).filter { $0 != $1 }.count
            #expect(
                with.count == without.count && differing == 0,
                "\(name), \(width)x\(height) to \(outWidth)x\(outHeight), \(filter): \(differing) bytes differ")
        }
        expectSame("8-bit") { resized(bytes8, UInt8.self, UnmappedSource(), UInt8.self, avx2: $0) }
        expectSame("16-bit") { resized(bytes16, UInt16.self, UnmappedSource(), UInt16.self, avx2: $0) }
        expectSame("16-bit to Float") { resized(bytes16, UInt16.self, UnmappedSource(), Float.self, avx2: $0) }
        expectSame("windowed") { resized(bytes16, UInt16.self, window, UInt8.self, avx2: $0) }
        expectSame("8-bit windowed") { resized(bytes8, UInt8.self, window, UInt8.self, avx2: $0) }
    }

    @Test("the resize kernel takes the AVX2 pass for 8- and 16-bit input, plain or windowed, only")
    func dispatch() {
        #expect(VerticalPassAVX2.handles(UInt8.self, UnmappedSource.self))
        #expect(VerticalPassAVX2.handles(UInt16.self, UnmappedSource.self))
        #expect(VerticalPassAVX2.handles(UInt16.self, QuantizedWindow.self))
        #expect(!VerticalPassAVX2.handles(Float.self, UnmappedSource.self))
        #expect(VerticalPassAVX2.handles(UInt8.self, QuantizedWindow.self))
        #expect(!VerticalPassAVX2.handles(Float.self, QuantizedWindow.self))
    }
}
