import MedImage
import MedTestSupport
import Testing

@testable import MedKernels

private let resizeCases = (try? KernelFixtureCase.all().filter { $0.kind == "resize" }) ?? []

@Suite("Resize matches Pillow and OpenCV")
struct ResizeFixtureTests {
    @Test("The fixture set is present")
    func fixturesPresent() {
        #expect(resizeCases.count >= 30)
    }

    @Test("Resize is within 1 gray level of the library with the same filter", arguments: resizeCases)
    func matchesLibrary(_ fixture: KernelFixtureCase) throws {
        let input = PixelBuffer(
            width: fixture.width, height: fixture.height, channels: fixture.channels,
            samples: try fixture.inputSamples())
        let filter = try #require(ResampleFilter.allCases.first { $0.name == fixture.filter })
        let output = input.resized(.stretch(width: fixture.outputWidth, height: fixture.outputHeight), filter: filter)
        let expected = try fixture.outputSamples()
        try #require(output.samples.count == expected.count)
        var worst = 0, off = 0
        for (a, b) in zip(output.samples, expected) {
            let d = abs(Int(a) - Int(b))
            worst = max(worst, d)
            if d > 0 { off += 1 }
        }
        #expect(worst <= 1, "max difference \(worst), \(off) of \(expected.count) samples differ")
    }
}
