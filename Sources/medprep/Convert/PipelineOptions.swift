import ArgumentParser
import Foundation
import MedImage
import MedKernels
import MedPipeline

/// The per-image pipeline flags of `convert`: size, geometry, filter, normalization, output format.
struct PipelineOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Output size: N (square) or WxH; omit to keep the input size.", valueName: "size"))
    var size: OutputSize?

    @Option(
        help: "How the image fits --size: \(ResizeFit.allValueStrings.joined(separator: ", ")) (shorter: shorter side to N).")
    var geometry: ResizeFit = .stretch

    @Option(
        name: .customLong("resize"),
        help: "Resampling filter: \(ResampleFilter.allValueStrings.joined(separator: ", ")) (antialiased).")
    var filter: ResampleFilter = .area

    @Option(help: "Intensity: window (the file's VOI window, else percentile), minmax, percentile, none.")
    var normalize: NormalizeOption = .window

    @Option(
        help: ArgumentHelp("Percentiles for --normalize percentile (and the window fallback).", valueName: "low,high"))
    var percentiles: String = "0.5,99.5"

    @Option(
        help: ArgumentHelp(
            "An explicit VOI window for --normalize window, overriding the file's.", valueName: "center,width"))
    var window: String?

    @Option(help: "Output: \(OutputFormat.allValueStrings.joined(separator: ", ")).")
    var format: OutputFormat = .png8

    @Option(help: "PNG compression level 0-9 (0 stores, 1 is fast, 9 is smallest).")
    var pngLevel: Int = 1

    @Option(help: "Frame of multi-frame images (zero-based).")
    var frame: Int = 0

    @Option(help: "Augmented copies per image (drawn from --seed and the sample key), besides the original.")
    var augment: Int = 0

    @Flag(help: "Keep MONOCHROME1 as stored instead of inverting it after VOI.")
    var keepMonochrome1 = false

    @OptionGroup var pixelLimit: PixelLimitOption

    @Flag(
        help:
            "Decode at full resolution. By default JPEG (DCT scaling) and JPEG 2000 (resolution levels) decode at 1/2^r when --size allows, never smaller than the resize needs; KEY.json's decodedScale records it."
    )
    var fullResolutionDecode = false

    @Option(
        help: """
            Color sources: gray (one BT.601 luma channel as OpenCV's RGB2GRAY, or a JPEG's own \
            luminance) or rgb (keep color).
            """)
    var color: ColorOutput = .gray

    func validate() throws {
        if !(0...9).contains(pngLevel) { throw ValidationError("--png-level must be in 0...9") }
        if augment < 0 { throw ValidationError("--augment must be 0 or more") }
        if frame < 0 { throw ValidationError("--frame must be 0 or more") }
        if geometry == .shorter, let size, size.width != size.height {
            throw ValidationError(
                "--geometry shorter sets one side: give --size N, not \(size.width)x\(size.height) (stretch, letterbox and center-crop take WxH)")
        }
        _ = try normalization()
    }

    /// The normalization the flags describe.
    func normalization() throws -> Normalization {
        let bounds = percentiles.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard bounds.count == 2, bounds[0] >= 0, bounds[1] <= 100, bounds[0] < bounds[1] else {
            throw ValidationError("--percentiles '\(percentiles)' is not LOW,HIGH with 0 <= LOW < HIGH <= 100")
        }
        let percentile = Normalization.percentile(low: bounds[0], high: bounds[1])
        switch normalize {
        case .none: return .none
        case .minmax: return .minMax
        case .percentile: return percentile
        case .window:
            guard let window else { return .fileWindow(fallback: percentile) }
            let values = window.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard values.count == 2, values[1] >= 1 else {
                throw ValidationError("--window '\(window)' is not CENTER,WIDTH with WIDTH >= 1")
            }
            return .window(VOIWindow(center: values[0], width: values[1]))
        }
    }

    /// The per-image settings these flags describe; `--size` with `--geometry` is read here only.
    func settings() throws -> ImageSettings {
        ImageSettings(
            resize: size.map { ResizeDescription(geometry: geometry.geometry($0), filter: filter) },
            normalization: try normalization(), invertMonochrome1: !keepMonochrome1, format: format, pngLevel: pngLevel,
            frame: frame, augmentedCopies: augment, maximumPixels: pixelLimit.maxPixels,
            decodesAtFullResolution: fullResolutionDecode, color: color)
    }
}
