import Foundation
import MedCore
import MedImage
import MedImageTestSupport
import MedTestSupport
import Testing

@testable import MedKernels

private let affineCases = (try? KernelFixtureCase.all().filter { $0.kind == "affine" }) ?? []

private func ramp(_ w: Int, _ h: Int, _ ch: Int) -> PixelBuffer<UInt16> {
    PixelBuffer(width: w, height: h, channels: ch, samples: (0..<(w * h * ch)).map { UInt16($0) })
}

@Suite("Augmentation")
struct AugmentationTests {
    @Test("Flips and quarter turns are exact permutations", arguments: [1, 3], [(5, 3), (33, 40), (64, 1)])
    func permutations(channels: Int, size: (Int, Int)) {
        let (w, h) = size
        let image = ramp(w, h, channels)
        let input = image.samples.map(Double.init)
        func check(_ out: PixelBuffer<UInt16>, _ ow: Int, _ oh: Int, _ f: @escaping (Int, Int) -> (Int, Int)) {
            let ref = ReferenceKernels.permuted(
                input, width: w, height: h, channels: channels, transform: f,
                outWidth: ow, outHeight: oh)
            #expect(out.width == ow && out.height == oh)
            #expect(out.samples.map(Double.init) == ref)
        }
        check(image.flippedHorizontally(), w, h) { x, y in (w - 1 - x, y) }
        check(image.flippedVertically(), w, h) { x, y in (x, h - 1 - y) }
        check(image.rotated90(quarterTurns: 1), h, w) { x, y in (w - 1 - y, x) }
        check(image.rotated90(quarterTurns: 2), w, h) { x, y in (w - 1 - x, h - 1 - y) }
        check(image.rotated90(quarterTurns: 3), h, w) { x, y in (y, h - 1 - x) }
        #expect(image.rotated90(quarterTurns: 4) == image)
        #expect(image.rotated90(quarterTurns: -1) == image.rotated90(quarterTurns: 3))
    }

    @Test("Permutations work on 8-bit, float and half samples")
    func otherTypes() {
        let a = PixelBuffer(width: 3, height: 2, samples: [UInt8]([1, 2, 3, 4, 5, 6]))
        #expect(a.flippedHorizontally().samples == [3, 2, 1, 6, 5, 4])
        let b = PixelBuffer(width: 3, height: 2, samples: [Float]([1, 2, 3, 4, 5, 6]))
        #expect(b.rotated90(quarterTurns: 1).samples == [3, 6, 2, 5, 1, 4])
        let c = PixelBuffer(width: 2, height: 2, samples: [Float16]([1, 2, 3, 4]))
        #expect(c.flippedVertically().samples == [3, 4, 1, 2])
    }

    @Test("Affine warp is within 1 gray level of OpenCV warpAffine away from the borders", arguments: affineCases)
    func affineMatchesOpenCV(_ fixture: KernelFixtureCase) throws {
        let input = PixelBuffer(width: fixture.width, height: fixture.height, samples: try fixture.inputSamples())
        let matrix = try #require(fixture.matrix)
        let params = AffineParameters(
            rotation: fixture.rotation ?? 0, scale: fixture.scale ?? 1,
            translationX: fixture.translationX ?? 0, translationY: fixture.translationY ?? 0,
            shear: fixture.shear ?? 0)
        let ours = params.inverseMatrix(width: fixture.width, height: fixture.height)
        #expect(zip(ours, matrix).allSatisfy { abs($0 - $1) < 1e-9 }, "parameters give the generator's matrix")
        let out = input.warped(by: matrix, border: .constant(0))
        let expected = try fixture.outputSamples()
        var worst = 0, compared = 0
        for y in 0..<fixture.height {
            for x in 0..<fixture.width {
                let sx = matrix[0] * Double(x) + matrix[1] * Double(y) + matrix[2]
                let sy = matrix[3] * Double(x) + matrix[4] * Double(y) + matrix[5]
                guard sx >= 1 && sy >= 1 && sx <= Double(fixture.width - 2) && sy <= Double(fixture.height - 2) else {
                    continue
                }
                compared += 1
                worst = max(worst, abs(Int(out[x, y]) - Int(expected[y * fixture.width + x])))
            }
        }
        #expect(compared > fixture.width * fixture.height / 3)
        #expect(worst <= 1, "max difference \(worst) over \(compared) interior pixels")
    }

    @Test("Affine border modes match the Double reference", arguments: ["constant", "edge", "reflect"])
    func borders(mode: String) {
        let (w, h) = (23, 17)
        var g = SeededGenerator(stream: 77)
        let input = (0..<(w * h)).map { _ in Float(g.uniform(0...255)) }
        let image = PixelBuffer(width: w, height: h, samples: input)
        let matrix = AffineParameters(rotation: 33, scale: 0.7, translationX: 4, translationY: -3, shear: 5)
            .inverseMatrix(width: w, height: h)
        let border: BorderMode = mode == "edge" ? .edge : mode == "reflect" ? .reflect : .constant(9)
        let out = image.warped(by: matrix, border: border)
        let ref = ReferenceKernels.affine(
            input.map(Double.init), width: w, height: h, channels: 1, matrix: matrix,
            border: mode, fill: 9)
        let worst = zip(out.samples, ref).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst < 1e-3, "max difference \(worst)")
    }

    @Test("Crop and pad copy the window and fill outside")
    func crop() {
        let image = ramp(4, 3, 1)
        let out = image.cropped(to: CropRectangle(x: -1, y: 1, width: 3, height: 3), padValue: 99)
        #expect(out.samples == [99, 4, 5, 99, 8, 9, 99, 99, 99])
    }

    @Test("Brightness, contrast and gamma match the formula after rounding")
    func jitter() {
        let image = PixelBuffer(width: 16, height: 16, samples: (0...255).map { UInt8($0) })
        let j = IntensityJitter(brightness: 0.05, contrast: 1.2, gamma: 0.8)
        let out = image.jittered(j)
        for v in 0...255 {
            let expected = ReferenceKernels.quantize(
                ReferenceKernels.jitter(Double(v) / 255, brightness: 0.05, contrast: 1.2, gamma: 0.8) * 255, top: 255)
            #expect(Double(out.samples[v]) == expected)
        }
    }

    @Test("Noise has the requested spread and depends only on the stream")
    func noise() {
        let image = PixelBuffer(width: 200, height: 200, samples: [Float](repeating: 0.5, count: 40_000))
        let a = image.withNoise(sigma: 0.1, stream: 5), b = image.withNoise(sigma: 0.1, stream: 5)
        #expect(a == b)
        let (mean, sd) = ReferenceKernels.meanAndDeviation(a.samples.map(Double.init))
        #expect(abs(mean - 0.5) < 0.003 && abs(sd - 0.1) < 0.003)
        #expect(image.withNoise(sigma: 0.1, stream: 6) != a)
    }

    @Test("Drawn parameters depend only on seed and sample key, not on call order")
    func determinism() throws {
        var spec = Augmentation()
        spec.horizontalFlipProbability = 0.5
        spec.randomQuarterTurns = true
        spec.affineProbability = 0.8
        spec.rotation = -15...15
        spec.scale = 0.9...1.1
        spec.translation = -0.05...0.05
        spec.crop = .init(width: 200, height: 200, padding: 8)
        spec.brightness = -0.1...0.1
        spec.noiseStandardDeviation = 0...0.02
        let keys = (0..<50).map { "sample_\($0)" }
        let frozen = spec
        let draw: @Sendable (String) -> AugmentationParameters = { key in
            var rng = SeededGenerator(seed: 1234, sampleKey: key)
            return frozen.draw(width: 224, height: 224, using: &rng)
        }
        let forward = keys.map(draw)
        let backward = Array(keys.reversed().map(draw).reversed())
        let concurrent = try concurrentDraws(keys, draw)
        #expect(forward == backward)
        #expect(forward == concurrent)
        #expect(Set(forward.map(\.horizontalFlip)).count == 2)
        #expect(Set(forward.map(\.noiseStream)).count == 50)
        var other = SeededGenerator(seed: 1235, sampleKey: "sample_0")
        #expect(spec.draw(width: 224, height: 224, using: &other) != forward[0])
        let data = try JSONEncoder().encode(forward[3])
        #expect(try JSONDecoder().decode(AugmentationParameters.self, from: data) == forward[3])
    }

    @Test("The generator is a pure function of stream and counter, with known first values")
    func generator() {
        var g = SeededGenerator(stream: 0)
        // SplitMix64 of seed 0 starts with 0xE220A8397B1DCDAF (Vigna's reference implementation).
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(SeededGenerator.value(stream: 0, counter: 1) == g.next())
        var a = SeededGenerator(seed: 7, sampleKey: "x"), b = SeededGenerator(seed: 7, sampleKey: "x")
        #expect((0..<10).map { _ in a.next() } == (0..<10).map { _ in b.next() })
        var u = SeededGenerator(stream: 3)
        let values = (0..<10_000).map { _ in u.nextUnit() }
        #expect(values.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(values.reduce(0, +) / 10_000 - 0.5) < 0.01)
    }
}

private func concurrentDraws(_ keys: [String], _ draw: @escaping @Sendable (String) -> AugmentationParameters) throws
    -> [AugmentationParameters]
{
    let results = UnsafeMutableBufferPointer<AugmentationParameters>.allocate(capacity: keys.count)
    defer { results.deallocate() }
    _ = results.initialize(from: Array(repeating: AugmentationParameters(), count: keys.count))
    nonisolated(unsafe) let out = results
    DispatchQueue.concurrentPerform(iterations: keys.count) { i in
        out[keys.count - 1 - i] = draw(keys[keys.count - 1 - i])
    }
    return Array(results)
}
