/// The character encodings a label table may be written in; every table is turned into UTF-8 before
/// it is parsed.
///
/// Public tables are UTF-8 (NIH, CheXpert, MIMIC, RSNA), but tables exported from spreadsheets on
/// Windows are often Windows-1252 (Figure1's COVID-19 `metadata.csv`). Latin-1 (ISO 8859-1) maps
/// every byte to the code point of the same value; Windows-1252 differs from it only in 0x80–0x9F,
/// where it has curly quotes, dashes and a few letters, and leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D
/// undefined (those are refused, as Python's `cp1252` codec does). It does not guess: a table that is
/// not valid in the encoding given is refused with the line, and the likely encoding is named.
public enum TableEncoding: String, Sendable, Hashable, Codable, CaseIterable {
    /// UTF-8, with or without a byte order mark (the default).
    case utf8 = "utf-8"
    /// ISO 8859-1.
    case latin1 = "latin-1"
    /// Windows-1252.
    case cp1252

    /// The code points of Windows-1252 bytes 0x80–0x9F; 0 where the byte is undefined.
    static let cp1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
        0x0178,
    ]

    /// The UTF-8 form of a whole table.
    ///
    /// - Parameters:
    ///   - bytes: The table as stored (already inflated).
    ///   - path: The table's name, for errors.
    /// - Returns: UTF-8 bytes; `bytes` itself for `.utf8` (checked later, field by field, by the parser).
    /// - Throws: ``LabelError`` `.unreadable` for a Windows-1252 byte that has no character, with its line.
    func utf8(_ bytes: [UInt8], path: String) throws(LabelError) -> [UInt8] {
        guard self != .utf8 else { return bytes }
        var high = 0
        for byte in bytes where byte >= 0x80 { high &+= 1 }
        if high == 0 { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 2 * high)
        var line = 1
        for byte in bytes {
            if byte == UInt8(ascii: "\n") { line &+= 1 }
            if byte < 0x80 {
                out.append(byte)
                continue
            }
            var scalar = UInt32(byte)
            if self == .cp1252, byte < 0xA0 {
                scalar = Self.cp1252High[Int(byte - 0x80)]
                if scalar == 0 {
                    throw LabelError(
                        .unreadable, path: path, line: line,
                        reason: "byte 0x\(String(byte, radix: 16, uppercase: true)) has no character in Windows-1252; "
                            + "the table may be Latin-1 (--encoding latin-1)")
                }
            }
            if scalar < 0x800 {
                out.append(UInt8(0xC0 | (scalar >> 6)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            } else {
                out.append(UInt8(0xE0 | (scalar >> 12)))
                out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
        return out
    }

    /// What to say when bytes are not valid UTF-8: the encoding they most likely are, and the option.
    ///
    /// Bytes that are valid Windows-1252 and use its 0x80–0x9F characters point to Windows-1252; other
    /// high bytes to Latin-1, which Windows-1252 extends.
    static func hint(forInvalidUTF8 bytes: some Collection<UInt8>) -> String {
        let usesWindowsRange = bytes.contains { $0 >= 0x80 && $0 < 0xA0 && cp1252High[Int($0 - 0x80)] != 0 }
        let undefinedInWindows = bytes.contains { $0 >= 0x80 && $0 < 0xA0 && cp1252High[Int($0 - 0x80)] == 0 }
        if undefinedInWindows { return "it looks like Latin-1 (ISO 8859-1): read it with --encoding latin-1" }
        if usesWindowsRange { return "it looks like Windows-1252: read it with --encoding cp1252" }
        return "it looks like Windows-1252 or Latin-1: read it with --encoding cp1252 (or latin-1)"
    }
}
