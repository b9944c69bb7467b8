import MedImage
import MedKernels

/// An output size in pixels: `--size N` (square) or `--size WxH`.
public struct OutputSize: Codable, Equatable, Sendable {
    /// Width in pixels, at least 1.
    public var width: Int
    /// Height in pixels, at least 1.
    public var height: Int

    /// A `width` x `height` size.
    public init(width: Int, height: Int) {
        precondition(width > 0 && height > 0, "an output size is at least 1x1, not \(width)x\(height)")
        self.width = width
        self.height = height
    }
}

/// How an image is fitted to an ``OutputSize``: the choices of `convert --geometry`.
public enum ResizeFit: String, CaseIterable, Codable, Sendable {
    /// Exactly the size; the aspect ratio is not kept.
    case stretch
    /// The shorter side becomes the size's side (a square size only).
    case shorter
    /// The whole image, centered on the size's canvas with padding.
    case letterbox
    /// The image covers the size and the centered window is kept.
    case centerCrop = "center-crop"

    /// The geometry of this fit for `size`, the one place `--size` is interpreted.
    public func geometry(_ size: OutputSize) -> ResizeGeometry {
        switch self {
        case .stretch: .stretch(width: size.width, height: size.height)
        case .shorter: .shorterSide(min(size.width, size.height))
        // A square canvas keeps the description (and shard bytes) it always had.
        case .letterbox where size.width == size.height: .longerSide(size.width, letterbox: true)
        case .letterbox: .letterbox(width: size.width, height: size.height)
        case .centerCrop: .centerCrop(width: size.width, height: size.height)
        }
    }
}

extension ResizeGeometry {
    /// The smallest decoded size this geometry can use at full quality, so that JPEG can decode at 1/2,
    /// 1/4 or 1/8 scale and JPEG 2000 at a lower resolution level: the canvas for stretch and
    /// letterbox, the longer requested side squared for the aspect-keeping fits.
    public var minimumDecodedSize: (width: Int, height: Int) {
        switch self {
        case .stretch(let width, let height), .letterbox(let width, let height): (width, height)
        case .shorterSide(let side), .longerSide(let side, _): (side, side)
        case .centerCrop(let width, let height): (max(width, height), max(width, height))
        }
    }
}

/// The per-image choices of a conversion (everything `convert`'s pipeline flags decide), as plain values.
public struct ImageSettings: Sendable {
    /// The resize step, or `nil` to keep the input size.
    public var resize: ResizeDescription?
    /// How stored values become output values.
    public var normalization: Normalization
    /// Invert MONOCHROME1 after VOI (PS3.3 C.7.6.3.1.2).
    public var invertMonochrome1: Bool
    /// The image member's format.
    public var format: OutputFormat
    /// PNG compression level, 0...9.
    public var pngLevel: Int
    /// Frame of multi-frame images, zero-based.
    public var frame: Int
    /// Augmented copies per image, besides the image itself.
    public var augmentedCopies: Int
    /// The largest image or frame decoded, in pixels.
    public var maximumPixels: Int
    /// Decode at full resolution even when the resize would allow a reduced decode.
    public var decodesAtFullResolution: Bool
    /// Color sources: gray (luma) or RGB.
    public var color: ColorOutput

    /// Creates settings; the defaults are `convert`'s.
    public init(
        resize: ResizeDescription? = nil,
        normalization: Normalization = .fileWindow(fallback: .percentile(low: 0.5, high: 99.5)),
        invertMonochrome1: Bool = true, format: OutputFormat = .png8, pngLevel: Int = 1, frame: Int = 0,
        augmentedCopies: Int = 0, maximumPixels: Int = DecodeOptions.defaultMaximumPixels,
        decodesAtFullResolution: Bool = false, color: ColorOutput = .gray
    ) {
        self.resize = resize
        self.normalization = normalization
        self.invertMonochrome1 = invertMonochrome1
        self.format = format
        self.pngLevel = pngLevel
        self.frame = frame
        self.augmentedCopies = augmentedCopies
        self.maximumPixels = maximumPixels
        self.decodesAtFullResolution = decodesAtFullResolution
        self.color = color
    }

    /// The smallest decoded size the resize can use, or `nil` (no resize, or full-resolution decoding).
    public var minimumDecodedSize: (width: Int, height: Int)? {
        guard let resize, !decodesAtFullResolution else { return nil }
        return resize.geometry.minimumDecodedSize
    }

    /// What the decoder is asked for: the frame, the smallest useful size, and gray with `--color gray`.
    public var decodeOptions: DecodeOptions {
        var options = DecodeOptions(frame: frame, minimumSize: minimumDecodedSize, maximumPixels: maximumPixels)
        options.decodesColorAsGray = color == .gray
        return options
    }

    /// The augmentation of augmented copies: mild affine jitter and intensity changes, no flips
    /// (left and right matter in a chest radiograph).
    public static let augmentation: Augmentation = {
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
    ///
    /// - Parameter seed: The run seed; with each sample's key it seeds augmentation.
    public func descriptions(seed: UInt64) -> (plain: PipelineDescription, augmented: PipelineDescription?) {
        let plain = PipelineDescription(
            normalization: normalization, invertMonochrome1: invertMonochrome1,
            resize: resize, augmentation: nil, output: format.sampleType, seed: seed, color: color)
        guard augmentedCopies > 0 else { return (plain, nil) }
        var augmented = plain
        augmented.augmentation = Self.augmentation
        return (plain, augmented)
    }
}
