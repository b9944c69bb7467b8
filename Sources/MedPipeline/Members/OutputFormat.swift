import Foundation
import ArgumentParser
import MedImage
import MedKernels

/// The image member of each sample: PNG (8 or 16 bit) or NumPy `.npy` (u8, u16, f16, f32).
enum OutputFormat: String, CaseIterable, Codable, ExpressibleByArgument {
    case png8, png16
    case npyU8 = "npy-u8", npyU16 = "npy-u16", npyF16 = "npy-f16", npyF32 = "npy-f32"

    /// The sample type the pipeline produces for this format.
    var sampleType: OutputSampleType {
        switch self {
        case .png8, .npyU8: .uint8
        case .png16, .npyU16: .uint16
        case .npyF16: .float16
        case .npyF32: .float32
        }
    }

    /// The member extension: `png` or `npy`.
    var fileExtension: String { self == .png8 || self == .png16 ? "png" : "npy" }

    /// Encodes a pipeline output.
    ///
    /// - Throws: `PNGEncoder.EncodingError` when the PNG writer fails (bad shape or level, out of memory).
    func encode(_ image: PreparedImage, compressionLevel: Int) throws -> [UInt8] {
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

/// `--geometry`: how the image is fitted to `--size`.
enum GeometryOption: String, CaseIterable, Codable, ExpressibleByArgument {
    case stretch, shorter, letterbox, centerCrop = "center-crop"
}

/// `--resize`: the reconstruction filter.
enum FilterOption: String, CaseIterable, Codable, ExpressibleByArgument {
    case area, bilinear, bicubic, lanczos

    var filter: ResampleFilter {
        switch self {
        case .area: .area
        case .bilinear: .bilinear
        case .bicubic: .bicubic
        case .lanczos: .lanczos3
        }
    }
}

/// `--normalize`: how stored values become output values.
enum NormalizeOption: String, CaseIterable, Codable, ExpressibleByArgument {
    case window, minmax, percentile, none
}

/// `--size N` or `--size WxH`.
struct OutputSize: ExpressibleByArgument, Codable, Equatable {
    var width: Int
    var height: Int

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x").map { Int($0) }
        if parts.count == 1, let n = parts[0], n > 0 {
            (width, height) = (n, n)
        } else if parts.count == 2, let w = parts[0], let h = parts[1], w > 0, h > 0 {
            (width, height) = (w, h)
        } else {
            return nil
        }
    }
}

/// A byte count with an optional K, M, G suffix (powers of 1024): `--shard-bytes 1G`.
struct ByteCount: ExpressibleByArgument, Codable, Equatable {
    var bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        let text = argument.uppercased().replacingOccurrences(of: "B", with: "").replacingOccurrences(of: "I", with: "")
        let multipliers: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        if let last = text.last, let multiplier = multipliers[last], let value = Double(text.dropLast()), value > 0 {
            bytes = Int(value * Double(multiplier))
        } else if let value = Int(text), value > 0 {
            bytes = value
        } else {
            return nil
        }
    }
}

extension ByteCount {
    /// The count as the flag takes it, in the largest unit that divides it (`512M`), for `--help`.
    var defaultValueDescription: String {
        for (suffix, shift) in [("T", 40), ("G", 30), ("M", 20), ("K", 10)] where bytes % (1 << shift) == 0 {
            return "\(bytes >> shift)\(suffix)"
        }
        return "\(bytes)"
    }
}
