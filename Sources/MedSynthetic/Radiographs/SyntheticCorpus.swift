import Foundation
import MedImage

/// `--synthetic`: the kind of generated corpus.
public enum SyntheticKind: String, CaseIterable, Codable, Sendable {
    /// 12 bits stored in 16, uncompressed DICOM (Explicit VR Little Endian), with a VOI window.
    case dicom16
    /// 8-bit gray PNG, zlib level 6 (what most tools write by default).
    case png8
    /// 8-bit gray baseline JPEG, quality 90, written by ``BaselineJPEGEncoder``.
    case jpeg8

    /// The file name extension of this kind: `dcm`, `png` or `jpg`.
    public var fileExtension: String {
        switch self {
        case .dicom16: "dcm"
        case .png8: "png"
        case .jpeg8: "jpg"
        }
    }
}

/// Writes a deterministic corpus of ``SyntheticRadiograph`` files: `img0000.EXT`, `img0001.EXT`, ...
///
/// The same kind, count, size and seed give the same bytes on the same platform, so a run of
/// `medprep bench` and the Python comparison script can share a corpus.
public enum SyntheticCorpus {
    /// Writes the files into `folder` (created if needed) and returns their paths.
    ///
    /// - Parameters:
    ///   - kind: file format.
    ///   - count: number of images, at least 1.
    ///   - width: image width in pixels.
    ///   - height: image height in pixels.
    ///   - seed: base seed; image `i` uses `seed + i`.
    /// - Throws: `CocoaError` when the folder or a file cannot be written; `PNGEncoder.EncodingError`.
    public static func write(
        _ kind: SyntheticKind, count: Int, width: Int, height: Int, seed: UInt64 = 0, to folder: String
    ) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var paths: [String] = []
        for index in 0..<count {
            let picture = SyntheticRadiograph(width: width, height: height, seed: seed &+ UInt64(index))
            let bytes: [UInt8]
            switch kind {
            case .dicom16:
                bytes = SyntheticDICOMWriter.fileBytes(picture.gray16(bitsStored: 12), bitsStored: 12, index: index)
            case .png8:
                bytes = try PNGEncoder.encode(picture.gray8(), compressionLevel: 6)
            case .jpeg8:
                bytes = BaselineJPEGEncoder(quality: 90).encode(picture.gray8())
            }
            let digits = String(index)
            let name = "img" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
            let path = folder + "/" + name + "." + kind.fileExtension
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        return paths
    }
}
