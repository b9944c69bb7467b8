import Foundation
import MedCore
import MedImage
import MedTestSupport
import Testing

@testable import MedKernels
import MedPipeline

@Suite("Pipeline description")
struct PipelineTests {
    private var description: PipelineDescription {
        var aug = Augmentation()
        aug.horizontalFlipProbability = 0.5
        aug.affineProbability = 1
        aug.rotation = -10...10
        aug.border = .reflect
        aug.brightness = -0.1...0.1
        aug.noiseStandardDeviation = 0.01...0.02
        return PipelineDescription(
            normalization: .fileWindow(fallback: .percentile(low: 0.5, high: 99.5)),
            resize: ResizeDescription(geometry: .longerSide(64, letterbox: true), filter: .lanczos3),
            augmentation: aug, output: .uint8, seed: 99)
    }

    @Test("A description round-trips through JSON unchanged")
    func roundTrip() throws {
        let data = try description.jsonData()
        let back = try PipelineDescription(jsonData: data)
        #expect(back == description)
        #expect(try back.jsonData() == data)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"lanczos3\""))
        for n: Normalization in [
            .none, .minMax, .zScore, .histogramEqualization, .window(VOIWindow(center: 1, width: 2)),
        ] {
            var d = description
            d.normalization = n
            d.output = .float16
            #expect(try PipelineDescription(jsonData: d.jsonData()) == d)
        }
    }

    @Test(
        "Running a pipeline twice, or from its decoded JSON, gives the same bytes", arguments: OutputSampleType.allCases
    )
    func reproducible(output: OutputSampleType) throws {
        var g = SeededGenerator(stream: 1)
        let image = AnyPixelBuffer.uint16(
            PixelBuffer(width: 150, height: 120, samples: (0..<18_000).map { _ in UInt16(g.integer(0...4095)) }))
        var d = description
        d.output = output
        let a = d.run(image, photometric: .monochrome1, sampleKey: "p1_view0")
        let b = try PipelineDescription(jsonData: d.jsonData()).run(
            image, photometric: .monochrome1, sampleKey: "p1_view0")
        #expect(a.image == b.image)
        #expect(a.augmentation == b.augmentation)
        #expect(a.image.width == 64 && a.image.height == 64)
        #expect(a.mapping.invert)
        let c = d.run(image, photometric: .monochrome1, sampleKey: "p2_view0")
        #expect(c.augmentation != a.augmentation)
    }

    @Test(
        "Augmented copies made from one resized image equal separate runs of the augmented description",
        arguments: OutputSampleType.allCases)
    func copiesFromOneRun(output: OutputSampleType) {
        var g = SeededGenerator(stream: 3)
        let image = AnyPixelBuffer.uint16(
            PixelBuffer(width: 150, height: 120, samples: (0..<18_000).map { _ in UInt16(g.integer(0...4095)) }))
        var augmented = description
        augmented.output = output
        var plain = augmented
        plain.augmentation = nil
        var preprocessor = Preprocessor(plain)
        let keys = ["k_aug1", "k_aug2", "k_aug3"]
        let results = preprocessor.run(
            image, photometric: .monochrome1, sampleKey: "k", augmentedCopies: keys,
            augmentation: augmented.augmentation ?? Augmentation())
        #expect(results.count == 4)
        #expect(results[0].image == plain.run(image, photometric: .monochrome1, sampleKey: "k").image)
        #expect(results[0].augmentation == nil)
        for (key, copy) in zip(keys, results.dropFirst()) {
            let separate = augmented.run(image, photometric: .monochrome1, sampleKey: key)
            #expect(copy.image == separate.image)
            #expect(copy.augmentation == separate.augmentation && copy.augmentation != nil)
        }
        #expect(results[1].image != results[2].image)
    }

    @Test(
        "16-bit to 8-bit windowed while resizing gives the bytes of windowing, then resizing",
        arguments: [
            ResizeGeometry.stretch(width: 64, height: 48), .longerSide(50, letterbox: true), .shorterSide(40),
            .centerCrop(width: 33, height: 33),
        ], [ResampleFilter.area, .bilinear, .lanczos3])
    func windowWhileResizing(geometry: ResizeGeometry, filter: ResampleFilter) {
        var g = SeededGenerator(stream: 4)
        // 12-bit values with garbage-free high bits, odd size so vector tails run.
        let raw = PixelBuffer(width: 203, height: 157, samples: (0..<(203 * 157)).map { _ in UInt16(g.integer(0...4095)) })
        let modality = ModalityLUT.rescale(slope: 1, intercept: -1024, type: "HU")
        for (window, photometric) in [
            (VOIWindow(center: 40, width: 400), PhotometricInterpretation.monochrome2),
            (VOIWindow(center: 2048 - 1024, width: 4096), .monochrome1),
            (VOIWindow(center: -600, width: 1500), .monochrome2),
        ] {
            var d = PipelineDescription(
                normalization: .window(window), resize: ResizeDescription(geometry: geometry, filter: filter))
            d.resize?.padValue = 0.25
            let result = d.run(.uint16(raw), modality: modality, photometric: photometric, sampleKey: "k")
            let windowed = raw.windowed(
                by: window, modality: modality, invert: photometric == .monochrome1, as: UInt8.self)
            let expected = windowed.resized(geometry, filter: filter, padValue: 64)
            #expect(result.image == .uint8(expected), "\(window) \(photometric)")
        }
    }

    @Test("Without augmentation, the pipeline is normalize then resize")
    func composition() {
        var g = SeededGenerator(stream: 2)
        let raw = PixelBuffer(width: 100, height: 80, samples: (0..<8000).map { _ in Int16(g.integer(-1000...3000)) })
        let window = VOIWindow(center: 40, width: 400)
        let d = PipelineDescription(
            normalization: .window(window),
            resize: ResizeDescription(geometry: .stretch(width: 50, height: 40), filter: .area))
        let result = d.run(.int16(raw), modality: .rescale(slope: 1, intercept: -1024, type: "HU"), sampleKey: "k")
        let expected = raw.windowed(
            by: window, modality: .rescale(slope: 1, intercept: -1024, type: "HU"), as: UInt8.self
        )
        .resized(.stretch(width: 50, height: 40), filter: .area)
        #expect(result.image == .uint8(expected))
        #expect(result.augmentation == nil)
    }
}
