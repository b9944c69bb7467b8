import Foundation
import ArgumentParser
import MedImage
import MedKernels

extension ColorOutput: ExpressibleByArgument {}

/// The per-image pipeline flags of `convert`: size, geometry, filter, normalization, output format.
struct PipelineOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Output size: N (square) or WxH; omit to keep the input size.", valueName: "size"))
    var size: OutputSize?

    @Option(help: "How the image fits --size: stretch, shorter (shorter side to N), letterbox, center-crop.")
    var geometry: GeometryOption = .stretch

    @Option(name: .customLong("resize"), help: "Resampling filter: area, bilinear, bicubic, lanczos (antialiased).")
    var filter: FilterOption = .area

    @Option(help: "Intensity: window (the file's VOI window, else percentile), minmax, percentile, none.")
    var normalize: NormalizeOption = .window

    @Option(
        help: ArgumentHelp("Percentiles for --normalize percentile (and the window fallback).", valueName: "low,high"))
    var percentiles: String = "0.5,99.5"

    @Option(
        help: ArgumentHelp(
            "An explicit VOI window for --normalize window, overriding the file's.", valueName: "center,width"))
    var window: String?

    @Option(help: "Output: png8, png16, npy-u8, npy-u16, npy-f16, npy-f32.")
    var format: OutputFormat = .png8

    @Option(help: "PNG compression level 0-9 (0 stores, 1 is fast, 9 is smallest).")
    var pngLevel: Int = 1

    @Option(help: "Frame of multi-frame images (zero-based).")
    var frame: Int = 0

    @Option(help: "Augmented copies per image (seeded by --seed and the key), besides the original.")
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

    /// The resize step, or `nil` without `--size`.
    var resize: ResizeDescription? {
        guard let size else { return nil }
        let geometry: ResizeGeometry =
            switch self.geometry {
            case .stretch: .stretch(width: size.width, height: size.height)
            case .shorter: .shorterSide(min(size.width, size.height))
            // A square canvas keeps the description (and shard bytes) it always had.
            case .letterbox where size.width == size.height: .longerSide(size.width, letterbox: true)
            case .letterbox: .letterbox(width: size.width, height: size.height)
            case .centerCrop: .centerCrop(width: size.width, height: size.height)
            }
        return ResizeDescription(geometry: geometry, filter: filter.filter)
    }

    /// The smallest decoded size the resize can use, so JPEG can decode at 1/2, 1/4 or 1/8 scale.
    var minimumDecodedSize: (width: Int, height: Int)? {
        guard let size, !fullResolutionDecode else { return nil }
        if geometry == .stretch || geometry == .letterbox { return (size.width, size.height) }
        let side = max(size.width, size.height)
        return (side, side)
    }

    /// What the decoder is asked for: the frame, the smallest useful size, and gray with `--color gray`.
    var decodeOptions: DecodeOptions {
        var options = DecodeOptions(frame: frame, minimumSize: minimumDecodedSize, maximumPixels: pixelLimit.maxPixels)
        options.decodesColorAsGray = color == .gray
        return options
    }

    /// The augmentation of `--augment` copies: mild affine jitter and intensity changes, no flips
    /// (left and right matter in a chest radiograph).
    static let augmentation: Augmentation = {
        var a = Augmentation()
        a.affineProbability = 1
        a.rotation = -10...10
        a.scale = 0.9...1.1
        a.translation = -0.05...0.05
        a.brightness = -0.05...0.05
        a.contrast = 0.9...1.1
        a.gamma = 0.9...1.1
        return a
    }()

    /// The full description, without augmentation (copy 0) and with it (copies 1...N).
    func descriptions(seed: UInt64) throws -> (plain: PipelineDescription, augmented: PipelineDescription?) {
        let plain = PipelineDescription(
            normalization: try normalization(), invertMonochrome1: !keepMonochrome1,
            resize: resize, augmentation: nil, output: format.sampleType, seed: seed, color: color)
        guard augment > 0 else { return (plain, nil) }
        var augmented = plain
        augmented.augmentation = Self.augmentation
        return (plain, augmented)
    }
}
