import MedImage

/// Which listed files are images to convert, and which are other files beside them (a README, a
/// label CSV, JSON metadata, an `index.html`) that are counted as *ignored* rather than reported as
/// errors.
///
/// The rule: a file is an image input when its name claims an image format (extension, any case:
/// `dcm dicom dic ima png jpg jpeg jpe jfif`) **or** its first bytes are DICOM, PNG or JPEG
/// (``FormatSniffer``, which reads at most 132 bytes). Every other file is ignored: its name does
/// not claim an image and its bytes are not one. So `notes.dcm` holding text stays an input and its
/// decoding error is reported; `IM000001` or `1.2.840.113619.2.5.1` holding DICOM is an input;
/// `README`, `labels.csv`, `meta.json` and an empty file without an image extension are ignored.
/// A file whose first bytes cannot be read (permissions) stays an input, so the reason is reported.
///
/// Ignored files are not dropped silently: convert counts them in its summary and lists them in the
/// manifest (`ignored`).
public enum InputSelection {
    /// Extensions, lowercase, that claim an image format.
    public static let imageExtensions: Set<String> = [
        "dcm", "dicom", "dic", "ima", "png", "jpg", "jpeg", "jpe", "jfif",
    ]

    /// Bytes read to sniff a file's format: DICOM's `DICM` ends at offset 132.
    public static let sniffedBytes = 132

    /// Splits `files` (order kept) into image inputs and ignored files.
    public static func split(_ files: [InputFile]) -> (images: [InputFile], ignored: [InputFile]) {
        var images = files
        let ignored = removeIgnored(from: &images)
        return (images, ignored)
    }

    /// Removes the ignored files from `files` in place (order kept) and returns them: no copy of a
    /// large listing.
    public static func removeIgnored(from files: inout [InputFile]) -> [InputFile] {
        // The common case, every name claiming an image, reads no file and changes nothing.
        let allClaim = files.withUnsafeBufferPointer { buffer in
            buffer.indices.allSatisfy { claimsImage(buffer[$0].relativePath) }
        }
        if allClaim { return [] }
        var ignored: [InputFile] = []
        files.removeAll { file in
            if isImage(file) { return false }
            ignored.append(file)
            return true
        }
        return ignored
    }

    /// Whether `file` is an image input by the rule above; reads its first bytes only when its name
    /// does not claim an image.
    public static func isImage(_ file: InputFile) -> Bool {
        if claimsImage(file.relativePath) { return true }
        guard let head = file.head(sniffedBytes) else { return true }
        return FormatSniffer.format(of: head) != nil
    }

    /// Whether the last component of `path` has an image extension (1 to 5 characters after its last dot).
    ///
    /// - Complexity: O(1) in the path's length; no allocation.
    public static func claimsImage(_ path: String) -> Bool {
        let utf8 = path.utf8
        var start = utf8.endIndex
        var length = 0
        while start > utf8.startIndex {
            let previous = utf8.index(before: start)
            let byte = utf8[previous]
            if byte == UInt8(ascii: ".") { break }
            if byte == UInt8(ascii: "/") || length == 5 { return false }
            length += 1
            start = previous
        }
        guard start > utf8.startIndex, length > 0 else { return false }
        let dot = utf8.index(before: start)
        // A name that starts with its dot (".png") has no extension.
        guard dot > utf8.startIndex, utf8[utf8.index(before: dot)] != UInt8(ascii: "/") else { return false }
        var packed: UInt64 = 0
        for byte in utf8[start...] { packed = packed << 8 | UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
        return packedExtensions.contains(packed)
    }

    /// ``imageExtensions`` packed as big-endian integers, for a lookup without allocation.
    private static let packedExtensions: Set<UInt64> = Set(
        imageExtensions.map { $0.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } })
}
