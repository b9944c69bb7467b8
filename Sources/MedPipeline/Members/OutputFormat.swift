import MedImage
import MedKernels

/// The image member of each sample: PNG (8 or 16 bit) or NumPy `.npy` (u8, u16, f16, f32).
///
/// `convert --format` offers every case, by its raw value. Adding a format: a case here, its encoder,
/// and a line in the README.
public enum OutputFormat: String, CaseIterable, Codable, Sendable {
    case png8, png16
    case npyU8 = "npy-u8", npyU16 = "npy-u16", npyF16 = "npy-f16", npyF32 = "npy-f32"

    /// The sample type the pipeline produces for this format.
    public var sampleType: OutputSampleType {
        switch self {
        case .png8, .npyU8: .uint8
        case .png16, .npyU16: .uint16
        case .npyF16: .float16
        case .npyF32: .float32
        }
    }

    /// Whether ``encode(_:compressionLevel:)`` takes a PNG compression level.
    public var isPNG: Bool { self == .png8 || self == .png16 }

    /// The member extension: `png` or `npy`.
    public var fileExtension: String { isPNG ? "png" : "npy" }

    /// Encodes a pipeline output.
    ///
    /// - Throws: `PNGEncoder.EncodingError` when the PNG writer fails (bad shape or level, out of memory).
    public func encode(_ image: PreparedImage, compressionLevel: Int) throws -> [UInt8] {
        switch (self, image) {
        case (.png8, .uint8(let b)): try PNGEncoder.encode(b, compressionLevel: compressionLevel)
        case (.png16, .uint16(let b)): try PNGEncoder.encode(b, compressionLevel: compressionLevel)
        case (_, .uint8(let b)): NPYEncoder.encode(b)
        case (_, .uint16(let b)): NPYEncoder.encode(b)
        case (_, .float16(let b)): NPYEncoder.encode(b)
        case (_, .float32(let b)): NPYEncoder.encode(b)
        }
    }
}
