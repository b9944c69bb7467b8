/// Recognises DICOM, PNG and JPEG from their first bytes, never from a file name.
public enum FormatSniffer {
    /// The format of `bytes`, or `nil` if it is none of the three.
    ///
    /// - DICOM Part 10: `DICM` at offset 128.
    /// - DICOM without preamble: a data set starting with a group 0002 or 0008 element, in
    ///   little endian (implicit or explicit VR) or big endian.
    /// - PNG: the 8-byte signature `89 50 4E 47 0D 0A 1A 0A`.
    /// - JPEG: SOI `FF D8` followed by a marker `FF`.
    public static func format(of bytes: UnsafeRawBufferPointer) -> ImageFormat? {
        let count = bytes.count
        if count >= 8, bytes[0] == 0x89, bytes[1] == 0x50, bytes[2] == 0x4E, bytes[3] == 0x47,
           bytes[4] == 0x0D, bytes[5] == 0x0A, bytes[6] == 0x1A, bytes[7] == 0x0A {
            return .png
        }
        if count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF { return .jpeg }
        if count >= 132, bytes[128] == 0x44, bytes[129] == 0x49, bytes[130] == 0x43, bytes[131] == 0x4D {
            return .dicom
        }
        if count >= 8 {
            let groupLE = UInt16(bytes[0]) | UInt16(bytes[1]) << 8
            let groupBE = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
            let elementLE = UInt16(bytes[2]) | UInt16(bytes[3]) << 8
            let elementBE = UInt16(bytes[2]) << 8 | UInt16(bytes[3])
            // Early elements of these groups sort first in a data set: (0002,0000..0002) or (0008,0000..0018).
            if (groupLE == 0x0002 && elementLE <= 0x0102) || (groupLE == 0x0008 && elementLE <= 0x0018) {
                return .dicom
            }
            if (groupBE == 0x0002 && elementBE <= 0x0102) || (groupBE == 0x0008 && elementBE <= 0x0018) {
                return .dicom
            }
        }
        return nil
    }

    /// The format of `bytes`, or `nil` if it is none of the three.
    public static func format(of bytes: [UInt8]) -> ImageFormat? {
        bytes.withUnsafeBytes { format(of: $0) }
    }
}
