import MedCore
/// Reads files whose only structural fault lies inside private elements before Pixel Data, as pydicom does.
///
/// Vendors write private sequences whose inner lengths disagree with their items. DCMTK parses the
/// inside of every sequence and refuses the whole data set; pydicom skips a private sequence by its
/// outer length and reads the file. When DCMTK fails, this walks the top-level elements itself (tag,
/// VR, length; undefined-length sequences and items skipped by their delimiters, never looking inside
/// a defined-length value) in explicit or implicit VR little endian. When that walk reaches the end of
/// the file through Pixel Data, the bytes are rebuilt without the top-level private (odd group)
/// elements, which MedPrep never reads; the decoder parses them again and reports a warning naming
/// what was dropped. Every standard element is kept byte for byte, so a fault in an element we use
/// (or one the walk cannot step over) is still refused.
struct PrivateElementRecovery {
    /// The file without its top-level private elements.
    var bytes: [UInt8]
    /// For the warning: which private elements were dropped, where, and DCMTK's complaint.
    var warning: String

    /// The rebuilt bytes to parse instead of `file`, or `nil` when the walk fails or finds no private element.
    init?(_ file: [UInt8], transferSyntax: String?, failure: String) {
        // Big endian and deflated streams are not walked.
        if let syntax = transferSyntax, syntax == "1.2.840.10008.1.2.2" || syntax == "1.2.840.10008.1.2.1.99" {
            return nil
        }
        let walker = Walker(file: file)
        let start = file.count >= 132 && file[128..<132].elementsEqual([0x44, 0x49, 0x43, 0x4D]) ? 132 : 0
        let explicit: Bool
        if let syntax = transferSyntax {
            explicit = syntax != "1.2.840.10008.1.2"
        } else {
            // A bare data set: explicit when the bytes after the first tag look like a VR.
            explicit = start + 6 <= file.count && Walker.isVR(file[start + 4], file[start + 5])
        }
        var kept: [UInt8] = []
        kept.reserveCapacity(file.count)
        kept += file[0..<start]
        var dropped: [(group: Int, element: Int, offset: Int, length: Int)] = []
        var sawPixelData = false
        var position = start
        while position < file.count {
            guard let group = walker.word16(position), let element = walker.word16(position + 2),
                let end = walker.elementEnd(at: position, explicit: group == 0x0002 || explicit, depth: 0)
            else { return nil }
            if group == 0x7FE0 && element == 0x0010 { sawPixelData = true }
            if group % 2 == 1 && !sawPixelData {
                dropped.append((group, element, position, end - position))
            } else {
                kept += file[position..<end]
            }
            position = end
        }
        guard sawPixelData, !dropped.isEmpty else { return nil }
        bytes = kept
        func hex(_ value: Int) -> String { Hex.uppercase(value, width: 4) }
        let named = dropped.prefix(8).map {
            "(\(hex($0.group)),\(hex($0.element))) at byte \($0.offset) (\($0.length) bytes)"
        }
        let more = dropped.count > 8 ? " and \(dropped.count - 8) more" : ""
        warning =
            "DCMTK cannot parse the data set (\(failure)), but its standard elements can be read without its private elements; dropped \(dropped.count) private element(s), never used: \(named.joined(separator: ", "))\(more)"
    }

    /// Steps over elements without interpreting their values.
    struct Walker {
        let file: [UInt8]

        static func isVR(_ first: UInt8, _ second: UInt8) -> Bool {
            (0x41...0x5A).contains(first) && (0x41...0x5A).contains(second)
        }

        func word16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= file.count else { return nil }
            return Int(file[at]) | Int(file[at + 1]) << 8
        }

        func word32(_ at: Int) -> Int? {
            guard at >= 0, at + 4 <= file.count else { return nil }
            return Int(file[at]) | Int(file[at + 1]) << 8 | Int(file[at + 2]) << 16 | Int(file[at + 3]) << 24
        }

        /// The offset after the element at `start`, or `nil` when it cannot be stepped over.
        func elementEnd(at start: Int, explicit: Bool, depth: Int) -> Int? {
            guard depth < 32, start + 8 <= file.count else { return nil }
            var valueStart: Int
            var length: Int
            var contentIsExplicit = explicit
            if explicit {
                guard start + 8 <= file.count, Self.isVR(file[start + 4], file[start + 5]) else { return nil }
                let vr = String(decoding: file[(start + 4)..<(start + 6)], as: UTF8.self)
                if ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT", "SV", "UV"].contains(vr) {
                    guard let long = word32(start + 8) else { return nil }
                    valueStart = start + 12
                    length = long
                    if vr == "UN" { contentIsExplicit = false }  // an undefined-length UN holds implicit VR
                } else {
                    guard let short = word16(start + 6) else { return nil }
                    valueStart = start + 8
                    length = short
                }
            } else {
                guard let long = word32(start + 4) else { return nil }
                valueStart = start + 8
                length = long
            }
            if length != 0xFFFF_FFFF {
                let end = valueStart + length
                return end <= file.count ? end : nil
            }
            // Undefined length: a sequence (or pixel sequence) of items closed by (FFFE,E0DD).
            var position = valueStart
            while true {
                guard let itemGroup = word16(position), let itemElement = word16(position + 2),
                    let itemLength = word32(position + 4), itemGroup == 0xFFFE
                else { return nil }
                if itemElement == 0xE0DD { return position + 8 }
                guard itemElement == 0xE000 else { return nil }
                if itemLength != 0xFFFF_FFFF {
                    position += 8 + itemLength
                    guard position <= file.count else { return nil }
                    continue
                }
                // An undefined-length item: its elements until (FFFE,E00D).
                position += 8
                while true {
                    guard let innerGroup = word16(position), let innerElement = word16(position + 2) else { return nil }
                    if innerGroup == 0xFFFE && innerElement == 0xE00D {
                        position += 8
                        break
                    }
                    guard let end = elementEnd(at: position, explicit: contentIsExplicit, depth: depth + 1) else {
                        return nil
                    }
                    position = end
                }
            }
        }
    }
}
