import Foundation
import MedTestSupport
import Testing

@testable import MedImage

/// The standard's LINEAR window function (PS3.3 C.11.2.1.2.1), written out here independently of
/// `VOIWindow` so the test does not check the code against itself.
private func standardLinear(_ x: Double, center c: Double, width w: Double) -> Double {
    if x <= c - 0.5 - (w - 1) / 2 { return 0 }
    if x > c - 0.5 + (w - 1) / 2 { return 1 }
    return (x - (c - 0.5)) / (w - 1) + 0.5
}

/// The largest difference between our presentation values, scaled to 0...255, and a dcm2pnm rendering.
///
/// dcm2pnm rounds its 8-bit output differently (it works on its own integer
/// grid), so one gray level of difference is allowed and nothing more.
private func worstDifference(_ values: PixelBuffer<Float>, pgm: (width: Int, height: Int, pixels: [Int])) -> Int {
    precondition(values.width == pgm.width && values.height == pgm.height)
    return zip(values.samples, pgm.pixels).map { abs(Int((Double($0) * 255).rounded()) - $1) }.max() ?? .max
}

@Suite("Modality and presentation values")
struct PresentationTests {
    @Test("signed 16-bit with rescale slope and intercept gives Hounsfield units")
    func hounsfield() throws {
        let image = try DICOMFixture.decode("ct_signed12.dcm")
        #expect(image.modalityLUT == .rescale(slope: 2, intercept: 176, type: "HU"))
        let hu = image.modalityValues().samples.map(Double.init)
        #expect(hu == (try DICOMFixture.expected("ct_hu")))
        #expect(hu.min() == -1000 && hu.max() == 1200)
    }

    @Test("per-frame functional groups give each frame its own rescale and window", arguments: [0, 1, 2])
    func perFrame(frame: Int) throws {
        let image = try DICOMFixture.decode("enhanced_multiframe.dcm", frame: frame)
        #expect(image.modalityLUT == .rescale(slope: 1, intercept: Double(-1000 - 10 * frame), type: "HU"))
        #expect(image.windows == [VOIWindow(center: Double(40 + frame), width: Double(400 + frame))])
    }

    @Test("a Modality LUT Sequence maps stored values through its table")
    func modalityLUTSequence() throws {
        let image = try DICOMFixture.decode("modality_lut.dcm")
        let table = try DICOMFixture.expected("modality_lut_table")
        let stored = image.stored.doubleSamples
        #expect(image.modalityValues().samples.map(Double.init) == stored.map { table[Int($0)] })
    }

    @Test("an explicit window follows the standard's LINEAR formula and overrides the file's windows")
    func explicitWindow() throws {
        let image = try DICOMFixture.decode("mono12_explicit_le.dcm")
        let values = image.presentationValues(.explicit(VOIWindow(center: 1500, width: 1200)))
        let stored = image.stored.doubleSamples
        let worst = zip(values.samples, stored).map { abs(Double($0) - standardLinear($1, center: 1500, width: 1200)) }
            .max()
        #expect(worst ?? 1 < 1e-6)
        #expect(values.samples.min() == 0 && values.samples.max() == 1)
    }

    @Test("an explicit window matches dcm2pnm +Ww 1500 1200 within one gray level")
    func explicitWindowMatchesDCMTK() throws {
        let image = try DICOMFixture.decode("mono12_explicit_le.dcm")
        let values = image.presentationValues(.explicit(VOIWindow(center: 1500, width: 1200)))
        #expect(worstDifference(values, pgm: try DICOMFixture.pgm("mono12_window_1500_1200.pgm")) <= 1)
    }

    @Test("the file's second window is chosen by index and matches dcm2pnm +Wi 2")
    func secondWindow() throws {
        let image = try DICOMFixture.decode("mono12_explicit_le.dcm")
        #expect(image.windows[1].explanation == "NARROW")
        let values = image.presentationValues(.window(index: 1))
        let stored = image.stored.doubleSamples
        let worst = zip(values.samples, stored).map { abs(Double($0) - standardLinear($1, center: 1000, width: 500)) }
            .max()
        #expect(worst ?? 1 < 1e-6)
        #expect(worstDifference(values, pgm: try DICOMFixture.pgm("mono12_window2.pgm")) <= 1)
    }

    @Test("LINEAR_EXACT uses exactly center ± width / 2 (PS3.3 C.11.2.1.3.2)")
    func linearExact() throws {
        let image = try DICOMFixture.decode("mono12_explicit_le.dcm")
        let values = image.presentationValues(.explicit(VOIWindow(center: 2000, width: 1000, function: .linearExact)))
        for (value, x) in zip(values.samples, image.stored.doubleSamples) {
            let expected = min(max((x - 2000) / 1000 + 0.5, 0), 1)
            #expect(abs(Double(value) - expected) < 1e-6)
        }
    }

    @Test("MONOCHROME1 is inverted after windowing, and matches dcm2pnm")
    func monochrome1() throws {
        let image = try DICOMFixture.decode("cr_mono1.dcm")
        #expect(image.metadata.photometric == .monochrome1)
        let values = image.presentationValues(.window(index: 0))
        for (value, x) in zip(values.samples, image.stored.doubleSamples) {
            #expect(abs(Double(value) - (1 - standardLinear(x, center: 512, width: 600))) < 1e-6)
        }
        #expect(worstDifference(values, pgm: try DICOMFixture.pgm("cr_mono1_window1.pgm")) <= 1)
    }

    @Test("the SIGMOID VOI LUT Function (PS3.3 C.11.2.1.3.1), then MONOCHROME1 inversion")
    func sigmoid() throws {
        let image = try DICOMFixture.decode("cr_mono1_sigmoid.dcm")
        #expect(image.windows.first?.function == .sigmoid)
        let values = image.presentationValues()
        for (value, x) in zip(values.samples, image.stored.doubleSamples) {
            let expected = 1 - 1 / (1 + exp(-4 * (x - 512) / 600))
            #expect(abs(Double(value) - expected) < 1e-6)
        }
    }

    @Test(
        "a VOI LUT Sequence is preferred automatically, maps through its table and matches dcm2pnm +Wl 1",
        // Its 8 KiB LUT Data is read from the file's bytes on first use (values over 4 KiB are not
        // copied while parsing), in explicit VR and in implicit VR, where the dictionary gives its VR.
        arguments: ["dx_voi_lut.dcm", "dx_voi_lut_implicit.dcm"])
    func voiLUT(file: String) throws {
        let image = try DICOMFixture.decode(file)
        #expect(image.voiLUTs.count == 1 && image.voiLUTs[0].explanation == "SQRT")
        let table = try DICOMFixture.expected("voi_lut_table")
        let values = image.presentationValues()
        for (value, x) in zip(values.samples, image.stored.doubleSamples) {
            #expect(abs(Double(value) - table[Int(x)] / 65535) < 1e-6)
        }
        #expect(worstDifference(values, pgm: try DICOMFixture.pgm("dx_voi_lut.pgm")) <= 1)
        // The file's window is still available on request.
        let windowed = image.presentationValues(.window(index: 0))
        #expect(windowed != values)
    }

    @Test("min/max fallback spans exactly 0...1 when the file has no window")
    func minMax() throws {
        let image = try DICOMFixture.decode("multiframe.dcm")
        #expect(image.windows.isEmpty && image.voiLUTs.isEmpty)
        let values = image.presentationValues()
        #expect(values.samples.min() == 0 && values.samples.max() == 1)
        #expect(values == image.presentationValues(.minMax))
    }

    @Test("an index past the file's windows falls back to the automatic choice")
    func missingIndex() throws {
        let image = try DICOMFixture.decode("cr_mono1.dcm")
        #expect(image.presentationValues(.window(index: 5)) == image.presentationValues())
        #expect(image.presentationValues(.lut(index: 0)) == image.presentationValues())
    }

    @Test("PALETTE COLOR goes through the red, green and blue tables")
    func palette() throws {
        let image = try DICOMFixture.decode("palette.dcm")
        #expect(image.palette?.count == 3)
        let values = image.presentationValues()
        #expect(values.channels == 3)
        let expected = try DICOMFixture.expected("palette_rgb16").map { $0 / 65535 }
        let worst = zip(values.samples, expected).map { abs(Double($0) - $1) }.max() ?? 1
        #expect(worst < 1e-6)
    }

    @Test("RGB and YBR presentation values are RGB in 0...1", arguments: ["rgb.dcm", "ybr_full.dcm"])
    func color(file: String) throws {
        let image = try DICOMFixture.decode(file)
        let values = image.presentationValues()
        #expect(values.channels == 3)
        let reference = try DICOMFixture.expected(file == "rgb.dcm" ? "rgb" : "ybr_full_as_rgb")
        #expect(values.samples.map { Double($0) * 255 }.elementsEqual(reference) { abs($0 - $1) < 1e-3 })
    }

    @Test("modality values of a color image are its stored samples")
    func colorModality() throws {
        let image = try DICOMFixture.decode("rgb.dcm")
        #expect(image.modalityValues().samples.map(Double.init) == image.stored.doubleSamples)
    }
}

@Suite("Segmented palettes")
struct SegmentedPaletteTests {
    @Test("Segmented Palette Color LUTs expand exactly as pydicom's apply_color_lut does")
    func segmented() throws {
        let image = try DICOMFixture.decode("palette_segmented.dcm")
        #expect(image.palette?.map(\.entries.count) == [256, 256, 256])
        let values = image.presentationValues()
        let expected = try DICOMFixture.expected("palette_segmented_rgb16").map { $0 / 65535 }
        let worst = zip(values.samples, expected).map { abs(Double($0) - $1) }.max() ?? 1
        #expect(worst < 1e-6)
    }

    @Test("malformed or hostile segment lists give no table rather than a hang or a crash")
    func hostile() {
        #expect(SegmentedLUT.expand([1, 5, 100], count: 5) == nil)  // linear first: nothing to start from
        #expect(SegmentedLUT.expand([0, 10, 1, 2], count: 10) == nil)  // discrete segment past the end
        #expect(SegmentedLUT.expand([7, 1], count: 1) == nil)  // unknown opcode
        // Indirect segments that replay an empty segment 65535 times, nested: bounded by the budget.
        let loop: [UInt16] = [0, 0, 2, 65535, 0, 0, 2, 65535, 2, 0]
        #expect(SegmentedLUT.expand(loop, count: 256) == nil)
        #expect(SegmentedLUT.expand([0, 3, 1, 2, 3], count: 3) == [1, 2, 3])
    }
}
