internal import CJPEG

/// Decodes JPEG through libjpeg-turbo, optionally at 1/2, 1/4 or 1/8 scale in the DCT domain.
///
/// Gray and color (YCbCr or RGB, decoded to RGB, or with ``DecodeOptions/decodesColorAsGray`` to
/// luminance alone), baseline and progressive, 8-bit samples. 12-bit
/// JPEG, CMYK and YCCK fail with `unsupported`. Corrupt-data warnings, which libjpeg would paper
/// over with gray, fail with `truncated` or `malformed`.
public struct JPEGDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// The largest DCT scale denominator (1, 2, 4 or 8) whose output is at least `minimum` in both
    /// dimensions. libjpeg rounds scaled sizes up: `ceil(size / denominator)`.
    public static func scaleDenominator(imageWidth: Int, imageHeight: Int,
                                        minimum: (width: Int, height: Int)?) -> Int {
        guard let minimum else { return 1 }
        for denominator in [8, 4, 2] {
            let width = (imageWidth + denominator - 1) / denominator
            let height = (imageHeight + denominator - 1) / denominator
            if width >= minimum.width && height >= minimum.height { return denominator }
        }
        return 1
    }

    /// Decodes the JPEG in `bytes`, at the smallest DCT scale that stays at least `options.minimumSize`.
    ///
    /// - Throws: ``ImageError``: `unsupported`, `truncated`, `malformed` with libjpeg's reason; `frameOutOfRange`; `tooLarge`.
    public func decode(_ bytes: [UInt8], path: String, options: DecodeOptions = DecodeOptions())
        throws(ImageError) -> DecodedImage
    {
        guard options.frame == 0 else {
            throw ImageError(.frameOutOfRange, path: path, location: .frame(options.frame),
                             reason: "a JPEG has one frame; frame \(options.frame) was requested")
        }
        var info = CJPEG_Info()
        var status = CJPEG_Status()
        let gray: Int32 = options.decodesColorAsGray ? 1 : 0
        var result = bytes.withUnsafeBytes { CJPEG_read_info($0.baseAddress, $0.count, 1, gray, &info, &status) }
        guard result == 0 else { throw jpegError(status, path: path) }
        try options.checkPixelCount(
            width: Int(info.image_width), height: Int(info.image_height), path: path,
            location: Self.frameHeaderOffset(bytes).map { .byteOffset($0) })
        try Self.checkCompressedSize(info, fileBytes: bytes.count, path: path)
        let scale = Self.scaleDenominator(imageWidth: Int(info.image_width), imageHeight: Int(info.image_height),
                                          minimum: options.minimumSize)
        // libjpeg's scaled size, ceil(full / denominator), without reading the header a third time.
        let width = (Int(info.image_width) + scale - 1) / scale, height = (Int(info.image_height) + scale - 1) / scale
        let channels = Int(info.components)
        let count = width * height * channels
        guard count <= options.maximumPixelBytes else {
            throw ImageError(.tooLarge, path: path, reason:
                "\(width)x\(height)x\(channels) samples exceed the limit of \(options.maximumPixelBytes) bytes")
        }
        // Every sample is written by a successful decode; a failure throws before the array is read.
        let samples = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            result = bytes.withUnsafeBytes {
                CJPEG_decode($0.baseAddress, $0.count, Int32(scale), gray, out.baseAddress, out.count, &status)
            }
            initialized = count
        }
        guard result == 0 else { throw jpegError(status, path: path) }
        let fileChannels = Int(info.file_components)
        var metadata = ImageMetadata(format: .jpeg, width: Int(info.image_width), height: Int(info.image_height),
                                     samplesPerPixel: fileChannels, bitsAllocated: 8, bitsStored: 8,
                                     photometric: fileChannels == 1 ? .monochrome2 : .rgb)
        metadata.frameCount = 1
        let buffer = PixelBuffer(width: width, height: height, channels: channels, samples: samples)
        var image = DecodedImage(metadata: metadata, stored: .uint8(buffer), scaleDenominator: scale,
                                 storedPhotometric: channels == 1 ? .monochrome2 : .rgb)
        if channels == 1 && fileChannels == 3 { image.grayReduction = info.ycbcr != 0 ? .jpegLuminance : .luma }
        return image
    }

    private func jpegError(_ status: CJPEG_Status, path: String) -> ImageError {
        let code: ImageError.Code = status.unsupported != 0 ? .unsupported : status.truncated != 0 ? .truncated : .malformed
        return ImageError(
            code, path: path, location: status.offset >= 0 ? .byteOffset(Int(status.offset)) : nil,
            reason: "JPEG: \(status.text)")
    }
}

extension CJPEG_Status {
    /// libjpeg's message as a Swift string.
    var text: String {
        withUnsafeBytes(of: message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }
}

extension JPEGDecoder {
    /// Refuses a Huffman-coded header whose scan could not fit in the file, before the pixels are
    /// allocated (961 bytes claiming 46000x46000 once zero-filled 2 GB before libjpeg failed).
    ///
    /// Every 8x8 block of a component codes at least its DC difference, and a Huffman code is at
    /// least one bit (T.81 F.1.2), so a scan of W x H pixels holds at least W x H / 64 bits. libjpeg
    /// fails a scan that ends early, so the bound holds for every file it decodes. Arithmetic
    /// coding (SOF9 and up) can code a block in less than a bit and is bounded by the pixel limit only.
    static func checkCompressedSize(_ info: CJPEG_Info, fileBytes: Int, path: String) throws(ImageError) {
        guard info.arithmetic == 0 else { return }
        let width = Int(info.image_width), height = Int(info.image_height)
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        let needed = overflow ? Int.max : pixels / (64 * 8)
        guard needed > fileBytes else { return }
        throw ImageError(
            .truncated, path: path, location: .byteOffset(fileBytes),
            reason: "\(width)x\(height) pixels need at least \(needed) bytes of Huffman-coded data (one bit per 8x8 block); the file has \(fileBytes)")
    }

    /// The offset of the first SOF marker (FFC0-FFCF but DHT C4, JPG C8, DAC CC), walking the
    /// marker segments before the first scan; `nil` when there is none.
    static func frameHeaderOffset(_ bytes: [UInt8]) -> Int? {
        var at = 2
        while at + 4 <= bytes.count, bytes[at] == 0xFF {
            let marker = bytes[at + 1]
            if marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC { return at }
            if marker == 0xDA || marker == 0xD9 { return nil }
            at += 2 + (Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]))
        }
        return nil
    }
}
