internal import CPNG

/// Encodes 8- or 16-bit gray or RGB pixels as PNG: rows filtered by CPNG, DEFLATE by libdeflate.
///
/// The output has no time, text or gamma chunks, so the same pixels and level always give the same
/// bytes with the same libdeflate. Does not write alpha, palettes or interlacing.
public enum PNGEncoder {
    /// A failure while encoding (out of memory, in practice).
    public struct EncodingError: Error, Sendable, CustomStringConvertible {
        /// What failed.
        public var reason: String
        public var description: String { "PNG encoding failed: \(reason)" }
    }

    /// PNG bytes of an 8-bit image.
    ///
    /// - Parameters:
    ///   - buffer: 1 (gray) or 3 (RGB) channels.
    ///   - compressionLevel: 0...9 (0 stores, 1 is fast and the default for shards, 9 is smallest).
    public static func encode(_ buffer: PixelBuffer<UInt8>, compressionLevel: Int = 1) throws(EncodingError) -> [UInt8] {
        try buffer.withUnsafeBufferPointer { samples in
            encode(UnsafeRawPointer(samples.baseAddress!), width: buffer.width, height: buffer.height,
                   channels: buffer.channels, bitDepth: 8, level: compressionLevel)
        }.get()
    }

    /// PNG bytes of a 16-bit image; samples are written exactly (big endian in the file, as PNG requires).
    public static func encode(_ buffer: PixelBuffer<UInt16>, compressionLevel: Int = 1) throws(EncodingError) -> [UInt8] {
        try buffer.withUnsafeBufferPointer { samples in
            encode(UnsafeRawPointer(samples.baseAddress!), width: buffer.width, height: buffer.height,
                   channels: buffer.channels, bitDepth: 16, level: compressionLevel)
        }.get()
    }

    private static func encode(_ pixels: UnsafeRawPointer, width: Int, height: Int, channels: Int, bitDepth: Int,
                               level: Int) -> Result<[UInt8], EncodingError> {
        precondition((0...9).contains(level), "PNG compression level \(level) is outside 0...9")
        var output: UnsafeMutableRawPointer?
        var size = 0
        var status = CPNG_Status()
        guard CPNG_encode(pixels, Int32(width), Int32(height), Int32(channels), Int32(bitDepth), Int32(level),
                          &output, &size, &status) == 0, let output else {
            return .failure(EncodingError(reason: status.text))
        }
        defer { CPNG_free(output) }
        return .success([UInt8](UnsafeRawBufferPointer(start: output, count: size)))
    }
}
