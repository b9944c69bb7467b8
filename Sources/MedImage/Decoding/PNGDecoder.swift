internal import CPNG

/// Decodes PNG through libpng, and the common case through libdeflate.
///
/// Non-interlaced 8/16-bit gray, gray+alpha, RGB and RGBA files are inflated in one call by
/// libdeflate and unfiltered in C (PNGReader.c), about twice as fast as libpng with zlib; the samples
/// are the same. Every other file, and any such file with a damaged CRC, stream or filter byte, is
/// decoded by libpng, which words the error.
///
/// Gray of 1 to 16 bits, gray+alpha, RGB and RGBA of 8 or 16 bits, palette, interlaced. Samples are
/// exact: 16-bit values come out as stored, with no gamma, sRGB or ICC conversion. 1, 2 and 4-bit
/// gray are scaled to 8 bits (libpng's expansion: 1-bit 1 becomes 255), palettes become RGB, and
/// alpha is dropped, not composited.
public struct PNGDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes the PNG in `bytes`.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - path: used in errors only.
    ///   - options: only `frame` (must be 0) and `maximumPixelBytes` apply.
    /// - Throws: ``ImageError``: `truncated` or `malformed` with libpng's reason, `frameOutOfRange`, `tooLarge`.
    public func decode(_ bytes: [UInt8], path: String, options: DecodeOptions = DecodeOptions())
        throws(ImageError) -> DecodedImage
    {
        var info = CPNG_Info()
        var status = CPNG_Status()
        let fast = options.decodesPNGWithLibdeflate
            && bytes.withUnsafeBytes { CPNG_fast_read_info($0.baseAddress, $0.count, &info) } == 1
        if !fast {
            let headerResult = bytes.withUnsafeBytes { CPNG_read_info($0.baseAddress, $0.count, &info, &status) }
            guard headerResult == 0 else { throw pngError(status, path: path) }
        }
        guard options.frame == 0 else {
            throw ImageError(.frameOutOfRange, path: path, location: .frame(options.frame),
                             reason: "a PNG has one frame; frame \(options.frame) was requested")
        }
        guard info.channels == 1 || info.channels == 3 else {
            // Byte 25 is IHDR's color type (8-byte signature, 8-byte chunk header, then 9 bytes).
            throw ImageError(.unsupported, path: path, location: .byteOffset(25), reason:
                "PNG color type \(info.color_type) decodes to \(info.channels) channels; only gray and RGB are supported")
        }
        try options.checkPixelCount(width: Int(info.width), height: Int(info.height), path: path,
                                    location: .byteOffset(16))
        try Self.checkCompressedSize(info, fileBytes: bytes.count, path: path)
        let bytesPerSample = Int(info.bit_depth) / 8
        let sampleCount = Int(info.width) * Int(info.height) * Int(info.channels)
        guard sampleCount * bytesPerSample <= options.maximumPixelBytes else {
            throw ImageError(.tooLarge, path: path, reason:
                "\(info.width)x\(info.height) pixels need \(sampleCount * bytesPerSample) bytes, over the limit of \(options.maximumPixelBytes)")
        }
        let width = Int(info.width), height = Int(info.height), fileChannels = Int(info.channels)
        // The fast path reduces color to gray while unfiltering; libpng's output is reduced afterwards.
        var grayInline = fast && options.decodesColorAsGray && fileChannels == 3
        var channels = grayInline ? 1 : fileChannels
        var outCount = width * height * channels
        var result: Int32 = 0
        var channelsEqual: Int32 = 0
        var viaLibpng = false
        // Every sample is written by one decoder or the other before the buffer is read; a failure throws.
        func decodeSamples(into out: UnsafeMutableRawBufferPointer) -> Int32 {
            bytes.withUnsafeBytes { file in
                if fast, CPNG_fast_decode(file.baseAddress, file.count, grayInline ? 1 : 0, out.baseAddress, out.count,
                                          &channelsEqual) == 0 { return 0 }
                guard !grayInline else { viaLibpng = true; return 1 }
                return CPNG_decode(file.baseAddress, file.count, out.baseAddress, out.count, &status)
            }
        }
        func decodeOnce<S: BitwiseCopyable>(_: S.Type) -> [S] {
            [S](unsafeUninitializedCapacity: outCount) { buffer, count in
                result = decodeSamples(into: UnsafeMutableRawBufferPointer(buffer))
                count = outCount
            }
        }
        func decoded() -> AnyPixelBuffer {
            info.bit_depth == 16
                ? .uint16(PixelBuffer(width: width, height: height, channels: channels, samples: decodeOnce(UInt16.self)))
                : .uint8(PixelBuffer(width: width, height: height, channels: channels, samples: decodeOnce(UInt8.self)))
        }
        var stored = decoded()
        if viaLibpng {  // the fast path declined a damaged file: libpng decodes it in color and words any error
            grayInline = false
            channels = fileChannels
            outCount = width * height * channels
            stored = decoded()
        }
        guard result == 0 else { throw pngError(status, path: path) }
        let metadata = ImageMetadata(format: .png, width: width, height: height, samplesPerPixel: fileChannels,
                                     bitsAllocated: Int(info.bit_depth), bitsStored: Int(info.bit_depth),
                                     photometric: fileChannels == 1 ? .monochrome2 : .rgb)
        var image = DecodedImage(metadata: metadata, stored: stored, storedPhotometric: channels == 1 ? .monochrome2 : .rgb)
        if grayInline {
            image.grayReduction = channelsEqual != 0 ? .equalChannels : .luma
            return image
        }
        return try image.reducedToGray(options.decodesColorAsGray, path: path)
    }

    private func pngError(_ status: CPNG_Status, path: String) -> ImageError {
        let reason = status.text
        let code: ImageError.Code = reason.contains("truncated") || reason.contains("Not enough image data")
            || reason.contains("Read Error") ? .truncated : .malformed
        return ImageError(
            code, path: path, location: status.offset >= 0 ? .byteOffset(Int(status.offset)) : nil, reason: "PNG: \(reason)")
    }
}

extension CPNG_Status {
    /// libpng's message as a Swift string.
    var text: String {
        withUnsafeBytes(of: message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }
}

extension PNGDecoder {
    /// Deflate's largest compression ratio is 1032:1 (a 258-byte match in two bits, RFC 1951), so
    /// IDAT data, which is part of the file, holds at least 1/1032 of the filtered rows' bytes.
    static let deflateMaximumRatio = 1032

    /// Refuses a header whose rows could not fit in the file however well they compressed, before
    /// the pixels are allocated (a few hundred bytes claiming 46000x46000 once allocated 2 GB).
    static func checkCompressedSize(_ info: CPNG_Info, fileBytes: Int, path: String) throws(ImageError) {
        let fileChannels = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][Int(info.color_type)] ?? 1
        let bitsPerPixel = fileChannels * Int(info.file_bit_depth)
        let width = Int(info.width), height = Int(info.height)
        // Filtered rows: one filter byte plus ceil(width * bits / 8) bytes each (PNG 7.2, 7.3).
        let rowBytes = (width * bitsPerPixel + 7) / 8 + 1
        let (raw, overflow) = rowBytes.multipliedReportingOverflow(by: height)
        let needed = overflow ? Int.max : raw / deflateMaximumRatio
        guard needed > fileBytes else { return }
        throw ImageError(
            .truncated, path: path, location: .byteOffset(fileBytes),
            reason: "\(width)x\(height) pixels of \(bitsPerPixel) bits need at least \(needed) bytes of compressed data at deflate's best ratio of 1032:1; the file has \(fileBytes)")
    }
}
