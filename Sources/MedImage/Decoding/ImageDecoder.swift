import MedCore
/// Decodes DICOM, PNG and JPEG files, choosing the decoder from the bytes (see ``FormatSniffer``).
public enum ImageDecoder {
    /// Decodes an image already in memory.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - path: the file's path, used only in error messages.
    ///   - options: frame, minimum size for DCT-scaled JPEG decoding, memory limit.
    /// - Throws: ``ImageError`` with code `empty`, `unknownFormat`, or whatever the format's decoder reports.
    public static func decode(_ bytes: [UInt8], path: String, options: DecodeOptions = DecodeOptions())
        throws(ImageError) -> DecodedImage
    {
        guard !bytes.isEmpty else { throw ImageError(.empty, path: path, reason: "the file is empty (0 bytes)") }
        switch FormatSniffer.format(of: bytes) {
        case .dicom: return try DICOMDecoder().decode(bytes, path: path, options: options)
        case .png: return try PNGDecoder().decode(bytes, path: path, options: options)
        case .jpeg: return try JPEGDecoder().decode(bytes, path: path, options: options)
        case nil:
            throw ImageError(.unknownFormat, path: path, location: .byteOffset(0),
                             reason: "not DICOM, PNG or JPEG (first bytes \(hexPrefix(bytes)))")
        }
    }

    /// Reads and decodes a file.
    ///
    /// - Throws: ``ImageError`` with code `unreadable` when the file cannot be read, else as ``decode(_:path:options:)``.
    public static func decode(contentsOf path: String, options: DecodeOptions = DecodeOptions())
        throws(ImageError) -> DecodedImage
    {
        try decode(try readFile(path), path: path, options: options)
    }

    /// Reads a whole file into memory.
    ///
    /// - Throws: ``ImageError`` with code `unreadable` and the system's reason.
    public static func readFile(_ path: String) throws(ImageError) -> [UInt8] {
        do {
            return try WholeFile.contents(of: path)
        } catch {
            throw ImageError(
                .unreadable, path: path, location: error.offset > 0 ? .byteOffset(error.offset) : nil,
                reason: error.reason)
        }
    }
}

private func hexPrefix(_ bytes: [UInt8]) -> String {
    bytes.prefix(8).map { Hex.uppercase($0, width: 2) }.joined(separator: " ")
}
