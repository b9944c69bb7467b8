import MedCore
import MedImage

/// The random part of a pipeline: ranges and probabilities.
///
/// A MONAI-style random transform split into ``draw(width:height:using:)`` (parameters first)
/// and ``apply(_:to:)`` (pure).
///
/// Every draw happens whether or not its augmentation is enabled, in a fixed order, so enabling
/// one augmentation never changes the values drawn for another. Application order: flips,
/// quarter turns, affine, crop/pad, brightness/contrast/gamma, noise. Intensity augmentations
/// assume normalized data (integer outputs, or floats in `0...1`).
public struct Augmentation: Sendable, Hashable, Codable {
    /// Probability of a left-right flip.
    public var horizontalFlipProbability: Double = 0
    /// Probability of a top-bottom flip.
    public var verticalFlipProbability: Double = 0
    /// Whether to turn by a uniformly drawn multiple of 90 degrees.
    public var randomQuarterTurns: Bool = false
    /// Probability of applying the affine transform.
    public var affineProbability: Double = 0
    /// Rotation range in degrees.
    public var rotation: ClosedRange<Double> = 0...0
    /// Scale range.
    public var scale: ClosedRange<Double> = 1...1
    /// Translation range as a fraction of width (x) and height (y).
    public var translation: ClosedRange<Double> = 0...0
    /// Horizontal shear range in degrees.
    public var shear: ClosedRange<Double> = 0...0
    /// Border mode of the affine transform.
    ///
    /// Here a constant is a fraction of the output range (0 is black, 1 is white), scaled to the
    /// sample type when applied.
    public var border: BorderMode = .constant(0)
    /// Random crop: output width and height, and padding allowed on each side, in pixels.
    public var crop: CropSpecification?
    /// Brightness offset range (fraction of the output range).
    public var brightness: ClosedRange<Double> = 0...0
    /// Contrast factor range.
    public var contrast: ClosedRange<Double> = 1...1
    /// Gamma range.
    public var gamma: ClosedRange<Double> = 1...1
    /// Gaussian noise standard deviation range (fraction of the output range).
    public var noiseStandardDeviation: ClosedRange<Double> = 0...0

    /// A random crop's output size and the padding it may reach into.
    public struct CropSpecification: Sendable, Hashable, Codable {
        /// Output width in pixels.
        public var width: Int
        /// Output height in pixels.
        public var height: Int
        /// How far, in pixels, the window may reach past each edge (filled with 0).
        public var padding: Int
        /// Creates a crop specification.
        public init(width: Int, height: Int, padding: Int = 0) {
            (self.width, self.height, self.padding) = (width, height, padding)
        }
    }

    /// No augmentation.
    public init() {}

    /// Draws this sample's parameters for an image of `width` x `height` (after resize).
    ///
    /// - Parameter rng: The sample's generator, `SeededGenerator(seed:sampleKey:)`.
    /// - Returns: Parameters to record in the sample's metadata and pass to ``apply(_:to:)``.
    public func draw(width: Int, height: Int, using rng: inout SeededGenerator) -> AugmentationParameters {
        var p = AugmentationParameters()
        p.horizontalFlip = rng.bernoulli(horizontalFlipProbability)
        p.verticalFlip = rng.bernoulli(verticalFlipProbability)
        let turns = rng.integer(0...3)
        p.quarterTurns = randomQuarterTurns ? turns : 0
        let doAffine = rng.bernoulli(affineProbability)
        let affine = AffineParameters(
            rotation: rng.uniform(rotation), scale: rng.uniform(scale),
            translationX: rng.uniform(translation), translationY: rng.uniform(translation),
            shear: rng.uniform(shear))
        let (w, h) = p.quarterTurns % 2 == 1 ? (height, width) : (width, height)
        if doAffine {
            var a = affine
            a.translationX *= Double(w)
            a.translationY *= Double(h)
            p.affine = a
            p.border = border
        }
        let cx = rng.nextUnit(), cy = rng.nextUnit()
        if let crop {
            let spanX = w - crop.width + 2 * crop.padding, spanY = h - crop.height + 2 * crop.padding
            p.crop = CropRectangle(
                x: -crop.padding + Int(cx * Double(max(spanX, 0) + 1)),
                y: -crop.padding + Int(cy * Double(max(spanY, 0) + 1)),
                width: crop.width, height: crop.height)
        }
        p.intensity = IntensityJitter(
            brightness: rng.uniform(brightness), contrast: rng.uniform(contrast),
            gamma: rng.uniform(gamma))
        p.noiseStandardDeviation = rng.uniform(noiseStandardDeviation)
        p.noiseStream = rng.next()
        return p
    }

    /// Applies drawn parameters; pure, so the same parameters always give the same bytes.
    ///
    /// - Complexity: O(pixels) per enabled step.
    public func apply<S: KernelSample>(_ p: AugmentationParameters, to image: PixelBuffer<S>) -> PixelBuffer<S> {
        p.apply(to: image)
    }
}

/// The parameters drawn for one sample: `Codable` provenance for its metadata, and enough to
/// reproduce the augmented copy without the generator.
public struct AugmentationParameters: Sendable, Hashable, Codable {
    /// Mirror left to right (applied first).
    public var horizontalFlip = false
    /// Mirror top to bottom.
    public var verticalFlip = false
    /// Counterclockwise quarter turns, 0...3.
    public var quarterTurns = 0
    /// The affine transform, when drawn.
    public var affine: AffineParameters?
    /// Border mode used by the affine transform.
    public var border: BorderMode = .constant(0)
    /// The crop window, when cropping.
    public var crop: CropRectangle?
    /// Brightness, contrast, gamma.
    public var intensity = IntensityJitter()
    /// Noise standard deviation (fraction of the output range); 0 for none.
    public var noiseStandardDeviation = 0.0
    /// The noise field's generator stream.
    public var noiseStream: UInt64 = 0

    /// No-op parameters.
    public init() {}

    /// Applies the parameters in the documented order.
    ///
    /// Prespecialized for the three sample types, so callers in other modules (MedPipeline's
    /// `Preprocessor`) do not run the generic body (measured: the augment stage took 2.3x as long).
    @_specialize(exported: true, where S == UInt8)
    @_specialize(exported: true, where S == UInt16)
    @_specialize(exported: true, where S == Float)
    public func apply<S: KernelSample>(to image: PixelBuffer<S>) -> PixelBuffer<S> {
        var out = image
        if horizontalFlip { out = out.flippedHorizontally() }
        if verticalFlip { out = out.flippedVertically() }
        if quarterTurns != 0 { out = out.rotated90(quarterTurns: quarterTurns) }
        if let affine {
            var b = border
            if case .constant(let v) = b { b = .constant(v * Double(S.presentationMaximum)) }
            out = out.transformed(by: affine, border: b)
        }
        if let crop { out = out.cropped(to: crop, padValue: .zero) }
        if !intensity.isIdentity { out = out.jittered(intensity) }
        if noiseStandardDeviation > 0 { out = out.withNoise(sigma: noiseStandardDeviation, stream: noiseStream) }
        return out
    }
}
