import MedImage

/// Writes a minimal, valid DICOM Part 10 file (PS3.10 §7.1) of one 16-bit MONOCHROME2 frame in
/// Explicit VR Little Endian (1.2.840.10008.1.2.1), for the benchmark's synthetic corpus.
///
/// The data set is a Digital X-Ray image with what a reader needs to interpret the pixels (Image
/// Pixel module, PS3.3 C.7.6.3), one VOI window (C.11.2) and Pixel Spacing. It carries no patient
/// module at all, so no identifier can leak and `convert` needs no pseudonym key for patient ids
/// that do not exist. Does not write compressed transfer syntaxes, sequences or multiple frames.
public enum SyntheticDICOMWriter {
    /// Digital X-Ray Image Storage – For Presentation (PS3.4 B.5).
    public static let sopClassUID = "1.2.840.10008.5.1.4.1.1.1.1"
    /// Explicit VR Little Endian (PS3.5 A.2).
    public static let transferSyntaxUID = "1.2.840.10008.1.2.1"
    /// A UID root under the 2.25 (UUID-derived) arc, fixed so files are byte-identical between runs.
    public static let uidRoot = "2.25.276754372811243911245387349384763287"

    /// The Part 10 bytes of `pixels`.
    ///
    /// - Parameters:
    ///   - pixels: one channel of stored values, `bitsStored` bits used.
    ///   - bitsStored: 8...16 (PS3.3 C.7.6.3.1.1: High Bit is Bits Stored − 1).
    ///   - index: makes the SOP Instance UID unique within a corpus.
    public static func fileBytes(_ pixels: PixelBuffer<UInt16>, bitsStored: Int, index: Int) -> [UInt8] {
        precondition(pixels.channels == 1 && (8...16).contains(bitsStored), "one channel of 8...16 bit values")
        let instance = "\(uidRoot).\(index + 1)"
        var meta = Writer()
        meta.element(0x0002, 0x0001, "OB", [0, 1])
        meta.element(0x0002, 0x0002, "UI", uid: sopClassUID)
        meta.element(0x0002, 0x0003, "UI", uid: instance)
        meta.element(0x0002, 0x0010, "UI", uid: transferSyntaxUID)
        meta.element(0x0002, 0x0012, "UI", uid: "\(uidRoot).0")
        var file = [UInt8](repeating: 0, count: 128) + Array("DICM".utf8)
        var group = Writer()
        group.element(0x0002, 0x0000, "UL", le32(meta.bytes.count))
        file += group.bytes + meta.bytes

        let top = Double(1 << bitsStored)
        var data = Writer()
        data.element(0x0008, 0x0016, "UI", uid: sopClassUID)
        data.element(0x0008, 0x0018, "UI", uid: instance)
        data.element(0x0008, 0x0060, "CS", text: "DX")
        data.element(0x0018, 0x5101, "CS", text: "PA")
        data.element(0x0028, 0x0002, "US", le16(1))
        data.element(0x0028, 0x0004, "CS", text: "MONOCHROME2")
        data.element(0x0028, 0x0010, "US", le16(pixels.height))
        data.element(0x0028, 0x0011, "US", le16(pixels.width))
        data.element(0x0028, 0x0030, "DS", text: "0.139\\0.139")
        data.element(0x0028, 0x0100, "US", le16(16))
        data.element(0x0028, 0x0101, "US", le16(bitsStored))
        data.element(0x0028, 0x0102, "US", le16(bitsStored - 1))
        data.element(0x0028, 0x0103, "US", le16(0))
        data.element(0x0028, 0x1050, "DS", text: String(Int(top * 0.45)))
        data.element(0x0028, 0x1051, "DS", text: String(Int(top * 0.8)))
        var pixelBytes = [UInt8]()
        pixelBytes.reserveCapacity(pixels.samples.count * 2)
        for value in pixels.samples { pixelBytes += [UInt8(value & 0xFF), UInt8(value >> 8)] }
        data.element(0x7FE0, 0x0010, "OW", pixelBytes)
        return file + data.bytes
    }

    private static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
    private static func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    /// Explicit VR Little Endian elements, appended in the caller's (ascending tag) order.
    private struct Writer {
        var bytes: [UInt8] = []

        /// VRs with a 2-byte reserved field and a 4-byte length (PS3.5 Table 7.1-1).
        static let longVRs: Set<String> = ["OB", "OD", "OF", "OL", "OW", "SQ", "UC", "UN", "UR", "UT"]

        mutating func element(_ group: UInt16, _ element: UInt16, _ vr: String, _ value: [UInt8]) {
            var value = value
            if value.count % 2 == 1 { value.append(vr == "UI" || vr == "OB" ? 0 : 0x20) }  // PS3.5 §6.2
            bytes += le16(Int(group)) + le16(Int(element)) + Array(vr.utf8)
            if Self.longVRs.contains(vr) {
                bytes += [0, 0] + le32(value.count)
            } else {
                bytes += le16(value.count)
            }
            bytes += value
        }

        mutating func element(_ group: UInt16, _ element: UInt16, _ vr: String, uid: String) {
            self.element(group, element, vr, Array(uid.utf8))
        }

        mutating func element(_ group: UInt16, _ element: UInt16, _ vr: String, text: String) {
            self.element(group, element, vr, Array(text.utf8))
        }
    }
}
