import MedImage
import MedKernels

/// A pipeline's output image, in the requested sample type.
public enum PreparedImage: Sendable, Equatable {
    case uint8(PixelBuffer<UInt8>)
    case uint16(PixelBuffer<UInt16>)
    case float16(PixelBuffer<Float16>)
    case float32(PixelBuffer<Float>)

    /// Width in pixels.
    public var width: Int {
        switch self {
        case .uint8(let b): b.width
        case .uint16(let b): b.width
        case .float16(let b): b.width
        case .float32(let b): b.width
        }
    }

    /// Height in pixels.
    public var height: Int {
        switch self {
        case .uint8(let b): b.height
        case .uint16(let b): b.height
        case .float16(let b): b.height
        case .float32(let b): b.height
        }
    }
}

/// What a pipeline produced for one sample, with its provenance.
public struct PipelineResult: Sendable {
    /// The image.
    public var image: PreparedImage
    /// The resolved normalization (with its statistics), for the sample's metadata.
    public var mapping: IntensityMapping
    /// The resize layout, when resized.
    public var layout: ResizeLayout?
    /// The drawn augmentation parameters, when augmenting.
    public var augmentation: AugmentationParameters?
}
