/// Lets DCMTK 3.6.7 parse data sets in transfer syntaxes newer than itself.
///
/// DCMTK 3.6.7 predates HTJ2K (PS3.5 A.4.11, 2023): it does not know the UIDs, so it takes the
/// undefined-length Pixel Data for native data and cannot hand out the fragments. HTJ2K encodes
/// the data set exactly as JPEG 2000 does (explicit VR little endian, encapsulated Pixel Data), so
/// DCMTK is given a copy whose meta header names JPEG 2000 instead; the decoder itself still reads
/// the file's own UID (``DICOMDataSet/peekTransferSyntax(_:)`` on the original bytes) and sends the
/// frames to OpenJPEG, which decodes HTJ2K.
enum TransferSyntaxAlias {
    /// The UIDs DCMTK 3.6.7 does not know, and the one of the same encoding it does.
    static let aliases: [String: String] = [
        "1.2.840.10008.1.2.4.201": "1.2.840.10008.1.2.4.91",
        "1.2.840.10008.1.2.4.202": "1.2.840.10008.1.2.4.91",
        "1.2.840.10008.1.2.4.203": "1.2.840.10008.1.2.4.91",
    ]

    /// `bytes` with Transfer Syntax UID (0002,0010) replaced in place (same value length, padded
    /// with NULs) when it is one of ``aliases``; `nil` when nothing needs replacing.
    static func forDCMTK(_ bytes: [UInt8]) -> [UInt8]? {
        guard let uid = DICOMDataSet.peekTransferSyntax(bytes), let alias = aliases[uid] else { return nil }
        // The meta header is explicit VR little endian: 02 00 10 00 'U' 'I' length(2) value.
        let tag: [UInt8] = [0x02, 0x00, 0x10, 0x00, 0x55, 0x49]
        let limit = min(bytes.count - 8, 4096)
        guard limit > 0 else { return nil }
        for start in 0..<limit where bytes[start] == 0x02 && bytes[start..<start + 6].elementsEqual(tag) {
            let length = Int(bytes[start + 6]) | Int(bytes[start + 7]) << 8
            let value = start + 8
            guard value + length <= bytes.count, length >= alias.utf8.count,
                String(decoding: bytes[value..<value + length], as: UTF8.self).hasPrefix(uid)
            else { continue }
            var copy = bytes
            let replacement = Array(alias.utf8) + [UInt8](repeating: 0, count: length - alias.utf8.count)
            copy.replaceSubrange(value..<value + length, with: replacement)
            return copy
        }
        return nil
    }
}
