/// Reads files whose only structural fault lies after Pixel Data, as pydicom does.
///
/// Real archives hold files with a stray delimiter or garbage after Pixel Data, or whose pixel
/// sequence lacks its closing Sequence Delimitation Item at the end of the file. DCMTK refuses the
/// whole data set; pydicom reads everything up to the fault. When DCMTK fails, this finds the last
/// top-level-looking Pixel Data (7FE0,0010) element, ends the bytes there (closing an unclosed pixel
/// sequence after its last whole item) and lets DCMTK parse that prefix. The prefix must parse
/// cleanly; the decoder then decodes it and reports a warning naming what was dropped. A fault
/// before or inside Pixel Data is still refused.
struct TrailingDataRecovery {
    /// The bytes up to the end of Pixel Data (plus a Sequence Delimitation Item when it was missing).
    var bytes: [UInt8]
    /// For the warning: what was wrong after Pixel Data.
    var warning: String

    /// The prefix to parse instead of `file`, or `nil` when there is nothing after Pixel Data to drop.
    init?(_ file: [UInt8], failure: String) {
        let pattern: [UInt8] = [0xE0, 0x7F, 0x10, 0x00]
        var candidate: Int?
        var index = file.count - 8
        while index >= 0 {
            if file[index] == 0xE0, file[index + 1] == 0x7F, file[index..<index + 4].elementsEqual(pattern) {
                candidate = index
                break
            }
            index -= 1
        }
        guard let start = candidate else { return nil }
        func word32(_ at: Int) -> Int? {
            guard at >= 0, at + 4 <= file.count else { return nil }
            return Int(file[at]) | Int(file[at + 1]) << 8 | Int(file[at + 2]) << 16 | Int(file[at + 3]) << 24
        }
        // Explicit VR (OB, OW, UN: 2 reserved bytes, 4-byte length) or implicit VR (4-byte length).
        let vr = String(decoding: file[(start + 4)..<min(start + 6, file.count)], as: UTF8.self)
        let explicit = ["OB", "OW", "UN"].contains(vr)
        guard let length = word32(explicit ? start + 8 : start + 4) else { return nil }
        let valueStart = start + (explicit ? 12 : 8)
        var end: Int
        var closed = true
        if length == 0xFFFF_FFFF {
            // Items (FFFE,E000) until the Sequence Delimitation Item (FFFE,E0DD).
            var position = valueStart
            closed = false
            while position + 8 <= file.count {
                let group = Int(file[position]) | Int(file[position + 1]) << 8
                let element = Int(file[position + 2]) | Int(file[position + 3]) << 8
                guard group == 0xFFFE, let itemLength = word32(position + 4) else { break }
                if element == 0xE0DD {
                    position += 8
                    closed = true
                    break
                }
                guard element == 0xE000 else { break }
                // An item cut by the end of the file is a fault inside Pixel Data: no recovery.
                guard position + 8 + itemLength <= file.count else { return nil }
                position += 8 + itemLength
            }
            end = position
        } else {
            end = valueStart + length
            guard end <= file.count else { return nil }
        }
        guard end < file.count || !closed, end > valueStart else { return nil }
        var prefix = Array(file[0..<end])
        if !closed { prefix += [0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0] }
        bytes = prefix
        if !closed && end == file.count {
            warning =
                "the pixel sequence has no Sequence Delimitation Item at the end of the file (DCMTK: \(failure)); read up to its last item"
        } else if !closed {
            warning =
                "the pixel sequence ends at byte \(end) without its Sequence Delimitation Item, followed by \(file.count - end) unreadable bytes (DCMTK: \(failure)); they were ignored"
        } else {
            warning =
                "\(file.count - end) bytes after Pixel Data, from byte \(end), cannot be parsed (DCMTK: \(failure)); they were ignored"
        }
    }
}
