import MedCore
import MedImage
import MedImageTestSupport
import MedTestSupport
import Testing

@testable import MedKernels

private func texture(width: Int, height: Int, channels: Int, seed: UInt64) -> [Double] {
    var g = SeededGenerator(stream: seed)
    return (0..<(width * height * channels)).map { i in
        let x = Double((i / channels) % width), y = Double((i / channels) / width)
        return min(max(120 + 50 * ((x * 0.3).squareRoot() - (y * 0.2).squareRoot()) + g.uniform(-30...30), 0), 255)
    }
}

@Suite("Resize kernels against the Double reference")
struct ResizeTests {
    @Test(
        "Float resize equals the Double reference within float rounding",
        arguments: ResampleFilter.allCases,
        [(61, 47, 1, 17, 13), (61, 47, 3, 29, 31), (40, 30, 1, 90, 70), (33, 20, 1, 11, 20)])
    func floatMatchesReference(filter: ResampleFilter, size: (Int, Int, Int, Int, Int)) {
        let (w, h, ch, ow, oh) = size
        if filter == .area && (ow > w || oh > h) { return }  // area is defined for reductions
        let input = texture(width: w, height: h, channels: ch, seed: 3)
        let image = PixelBuffer(width: w, height: h, channels: ch, samples: input.map { Float($0) })
        let out = image.resized(.stretch(width: ow, height: oh), filter: filter)
        let ref = ReferenceKernels.resize(
            input, width: w, height: h, channels: ch, outWidth: ow, outHeight: oh,
            filter: filter.name)
        let worst = zip(out.samples, ref).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst < 2e-3, "max difference \(worst)")
    }

    @Test("16-bit resize rounds the reference half to even, within one unit")
    func uint16() {
        let input = texture(width: 70, height: 50, channels: 1, seed: 5).map { ($0 * 250).rounded() }
        let image = PixelBuffer(width: 70, height: 50, samples: input.map { UInt16($0) })
        for filter in ResampleFilter.allCases {
            let out = image.resized(.stretch(width: 23, height: 19), filter: filter)
            let ref = ReferenceKernels.resize(
                input, width: 70, height: 50, channels: 1, outWidth: 23, outHeight: 19,
                filter: filter.name)
            let worst =
                zip(out.samples, ref).map { abs(Double($0) - ReferenceKernels.quantize($1, top: 65535)) }.max() ?? 0
            #expect(worst <= 1, "\(filter): max difference \(worst)")
        }
    }

    @Test("Area resize by an integer factor is the exact block mean")
    func areaInteger() {
        let input = texture(width: 64, height: 48, channels: 1, seed: 8).map { $0.rounded() }
        let image = PixelBuffer(width: 64, height: 48, samples: input.map { Float($0) })
        let out = image.resized(.stretch(width: 16, height: 12), filter: .area)
        let ref = ReferenceKernels.boxReduce(input, width: 64, height: 48, channels: 1, fx: 4, fy: 4)
        #expect(zip(out.samples, ref).allSatisfy { abs(Double($0) - $1) < 1e-4 })
    }

    @Test(
        "The integer pre-shrink kernel equals block means, partial blocks included",
        arguments: [(1, 1), (2, 3), (4, 4), (5, 2)])
    func areaReduce(factors: (Int, Int)) {
        let (fx, fy) = factors
        let (w, h, ch) = (37, 29, 3)
        let input = texture(width: w, height: h, channels: ch, seed: 1)
        let samples = input.map { UInt8($0.rounded()) }
        let ow = (w + fx - 1) / fx, oh = (h + fy - 1) / fy
        var out = [Float](repeating: 0, count: ow * oh * ch), row = [Float](repeating: 0, count: w * ch)
        samples.withUnsafeBytes { s in
            out.withUnsafeMutableBufferPointer { o in
                row.withUnsafeMutableBufferPointer { r in
                    AreaReduceKernel.reduce(
                        s.baseAddress!, as: UInt8.self, width: w, height: h, channels: ch,
                        rowStride: w * ch, factorX: fx, factorY: fy, into: o.baseAddress!,
                        row: r.baseAddress!)
                }
            }
        }
        let ref = ReferenceKernels.boxReduce(
            samples.map(Double.init), width: w, height: h, channels: ch, fx: fx, fy: fy)
        #expect(zip(out, ref).allSatisfy { abs(Double($0) - $1) < 1e-3 })
    }

    @Test("A reducing gap stays close to the one-step resize")
    func reducingGap() {
        let input = texture(width: 400, height: 300, channels: 1, seed: 4)
        let image = PixelBuffer(width: 400, height: 300, samples: input.map { UInt8($0.rounded()) })
        let exact = image.resized(.stretch(width: 50, height: 40), filter: .bicubic)
        let fast = image.resized(.stretch(width: 50, height: 40), filter: .bicubic, reducingGap: 2)
        let r = Resizer(
            inputWidth: 400, inputHeight: 300, geometry: .stretch(width: 50, height: 40), filter: .bicubic,
            reducingGap: 2)
        #expect(r.reduceX == 4 && r.reduceY == 3)
        let mean = zip(exact.samples, fast.samples).map { abs(Double($0) - Double($1)) }.reduce(0, +) / 2000
        #expect(mean < 2)
    }

    @Test("Geometry: shorter side, longer side with letterbox, and center crop")
    func geometry() {
        let a = ResizeLayout(inputWidth: 2048, inputHeight: 2500, geometry: .shorterSide(512))
        #expect((a.contentWidth, a.contentHeight) == (512, 625))
        let b = ResizeLayout(inputWidth: 2048, inputHeight: 2500, geometry: .longerSide(512, letterbox: true))
        #expect(
            (b.canvasWidth, b.canvasHeight, b.contentWidth, b.contentHeight, b.contentX, b.contentY) == (
                512, 512, 419, 512, 46, 0
            ))
        let c = ResizeLayout(inputWidth: 2048, inputHeight: 2500, geometry: .centerCrop(width: 224, height: 224))
        #expect(c.sourceX == 0...2048)
        #expect(c.sourceY == 226...2274)
    }

    @Test("Letterboxed content equals the stretched resize, padded with the pad value")
    func letterbox() {
        let input = texture(width: 90, height: 60, channels: 1, seed: 2)
        let image = PixelBuffer(width: 90, height: 60, samples: input.map { UInt8($0.rounded()) })
        let boxed = image.resized(.longerSide(45, letterbox: true), filter: .bilinear, padValue: 7)
        let plain = image.resized(.stretch(width: 45, height: 30), filter: .bilinear)
        #expect(boxed.width == 45 && boxed.height == 45)
        for y in 0..<45 {
            for x in 0..<45 {
                let inside = y >= 7 && y < 37
                #expect(boxed[x, y] == (inside ? plain[x, y - 7] : 7))
            }
        }
    }

    @Test("Center crop equals the reference resampling of the centered box")
    func centerCrop() {
        let input = texture(width: 80, height: 50, channels: 1, seed: 6)
        let image = PixelBuffer(width: 80, height: 50, samples: input.map { Float($0) })
        let out = image.resized(.centerCrop(width: 20, height: 20), filter: .bicubic)
        let ref = ReferenceKernels.resize(
            input, width: 80, height: 50, channels: 1, outWidth: 20, outHeight: 20,
            filter: "bicubic", boxX: 15...65, boxY: 0...50)
        #expect(zip(out.samples, ref).allSatisfy { abs(Double($0) - $1) < 2e-3 })
    }

    @Test("Resizing into a caller-owned buffer twice gives the same bytes")
    func reuse() {
        let image = PixelBuffer(
            width: 97, height: 71, samples: texture(width: 97, height: 71, channels: 1, seed: 9).map { UInt8($0) })
        let r = Resizer(inputWidth: 97, inputHeight: 71, geometry: .stretch(width: 30, height: 20), filter: .lanczos3)
        var out = PixelBuffer<UInt8>(width: 1, height: 1, repeating: 0)
        var scratch: [Float] = []
        r.resize(image, into: &out, scratch: &scratch)
        let first = out
        r.resize(image, into: &out, scratch: &scratch)
        #expect(out == first)
        #expect(first == image.resized(.stretch(width: 30, height: 20), filter: .lanczos3))
    }
}
