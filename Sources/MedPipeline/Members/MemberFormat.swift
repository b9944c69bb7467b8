import Foundation
import MedImage
import MedKernels
import MedShards

/// One kind of sample member, by the extension after the key (`KEY.png`), as webdataset keeps its
/// handlers: how `convert` encodes it, how `verify` checks it and how `preview` draws it.
///
/// The table is ``all``, and ``OutputFormat`` (below) names the image members `convert --format`
/// offers. Adding an output format touches this file (a case of ``OutputFormat`` and, for a new
/// extension, an entry here), its encoder, and the README.
public struct MemberFormat: Sendable {
    /// The extension: `png`, `npy`, `json`, `cls`.
    public let fileExtension: String
    /// Whether the member holds an image (encoded from the pipeline's output, drawn by `preview`).
    public var isImage: Bool { pixels != nil }
    /// Encodes a pipeline output; `nil` for members that are not images.
    private let encoder: (@Sendable (PreparedImage, _ compressionLevel: Int) throws -> [UInt8])?
    /// What is wrong with a member's bytes at a glance, or `nil`; no image decode.
    private let structure: @Sendable ([UInt8]) -> String?
    /// A member's pixels (a full decode); `nil` for members that are not images.
    private let pixels: (@Sendable (_ contents: [UInt8], _ name: String) throws -> AnyPixelBuffer)?

    /// PNG, 8 or 16 bits, gray or RGB (``PNGEncoder``; read back by ``ImageDecoder``).
    public static let png = MemberFormat(
        fileExtension: "png",
        encoder: { image, level in
            switch image {
            case .uint8(let b): try PNGEncoder.encode(b, compressionLevel: level)
            case .uint16(let b): try PNGEncoder.encode(b, compressionLevel: level)
            case .float16, .float32:
                // OutputFormat gives PNG formats integer sample types; anything else is a programming error.
                preconditionFailure("PNG holds 8- or 16-bit integers, not floating point")
            }
        },
        structure: { _ in nil },
        pixels: { contents, name in try ImageDecoder.decode(contents, path: name).stored })

    /// NumPy `.npy` (``NPYEncoder``, read back by ``NPYDecoder``).
    public static let npy = MemberFormat(
        fileExtension: "npy",
        encoder: { image, _ in
            switch image {
            case .uint8(let b): NPYEncoder.encode(b)
            case .uint16(let b): NPYEncoder.encode(b)
            case .float16(let b): NPYEncoder.encode(b)
            case .float32(let b): NPYEncoder.encode(b)
            }
        },
        structure: { NPYHeader($0) == nil ? "not a valid .npy array" : nil },
        pixels: { contents, name in try NPYDecoder.decode(contents, path: name) })

    /// The sample's metadata, ``SampleMetadata`` as one JSON object.
    public static let json = MemberFormat(
        fileExtension: "json", encoder: nil,
        structure: { contents in
            do {
                _ = try JSONSerialization.jsonObject(with: Data(contents))
                return nil
            } catch {
                return "\(error)"
            }
        },
        pixels: nil)

    /// The class index of single-label data, as decimal text.
    public static let cls = MemberFormat(
        fileExtension: "cls", encoder: nil,
        structure: { contents in
            Int(String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) == nil
                ? "not an integer class index" : nil
        },
        pixels: nil)

    /// Every member format, images first.
    public static let all: [MemberFormat] = [.png, .npy, .json, .cls]

    /// The format of members with extension `fileExtension`, or `nil` for one medprep does not write.
    public static func named(_ fileExtension: String) -> MemberFormat? {
        all.first { $0.fileExtension == fileExtension }
    }

    /// The member bytes of a pipeline output.
    ///
    /// - Throws: `PNGEncoder.EncodingError` when the PNG writer fails.
    /// - Precondition: an image member, and for PNG an integer image.
    public func encode(_ image: PreparedImage, compressionLevel: Int) throws -> [UInt8] {
        guard let encoder else { preconditionFailure("\(fileExtension) members are not images") }
        return try encoder(image, compressionLevel)
    }

    /// The `KEY.json` member of `metadata`.
    public static func jsonMember(_ metadata: SampleMetadata) throws -> ShardSample.Member {
        ShardSample.Member(
            fileExtension: json.fileExtension, contents: try metadata.compactJSON() ?? ManifestCoding.line(metadata))
    }

    /// The `KEY.cls` member of a class index.
    public static func clsMember(_ classIndex: Int) -> ShardSample.Member {
        ShardSample.Member(fileExtension: cls.fileExtension, contents: Array(String(classIndex).utf8))
    }

    /// Checks a member of a shard: its structure, and with `decode` its pixels.
    ///
    /// A member of an extension medprep does not write is decoded as an image when `decode` is set
    /// (any format ``ImageDecoder`` reads passes), and otherwise accepted.
    ///
    /// - Parameters:
    ///   - name: The member's name, `KEY.EXT`.
    ///   - decode: Decode image members, not only check their structure.
    /// - Returns: Whether an image was decoded.
    /// - Throws: ``ShardError`` `undecodableMember` naming the member and the reason.
    public static func verify(name: String, contents: [UInt8], decode: Bool) throws(ShardError) -> Bool {
        let fileExtension = name.firstIndex(of: ".").map { String(name[name.index(after: $0)...]) } ?? ""
        let format = named(fileExtension)
        if let reason = format?.structure(contents) {
            throw ShardError(.undecodableMember, path: name, reason: reason)
        }
        guard decode, format?.isImage ?? true else { return false }
        do {
            _ = try (format?.pixels ?? MemberFormat.png.pixels)?(contents, name)
            return true
        } catch let error as ImageError {
            throw ShardError(.undecodableMember, path: name, reason: error.description)
        } catch {
            throw ShardError(.undecodableMember, path: name, reason: "\(error)")
        }
    }

    /// The pixels of an image member, for previews.
    ///
    /// - Throws: `ImageError` when the member does not decode, or is not an image.
    public static func pixels(name: String, contents: [UInt8]) throws -> AnyPixelBuffer {
        let fileExtension = name.firstIndex(of: ".").map { String(name[name.index(after: $0)...]) } ?? ""
        guard let pixels = named(fileExtension)?.pixels else {
            throw ImageError(.notAnImage, path: name, reason: "a .\(fileExtension) member holds no image")
        }
        return try pixels(contents, name)
    }
}

/// The image member of each sample: PNG (8 or 16 bit) or NumPy `.npy` (u8, u16, f16, f32).
///
/// `convert --format` offers every case, by its raw value.
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

    /// The member this format writes: ``MemberFormat/png`` or ``MemberFormat/npy``.
    public var member: MemberFormat {
        switch self {
        case .png8, .png16: .png
        case .npyU8, .npyU16, .npyF16, .npyF32: .npy
        }
    }
}
