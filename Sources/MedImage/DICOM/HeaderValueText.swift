/// Header text as medprep repeats it: in error messages, and in the coded fields a sample's
/// metadata carries (Modality, View Position, Body Part Examined, Laterality).
///
/// A value is repeated only when it has the form its value representation allows (PS3.5 6.2);
/// anything else is described by its length, never copied. A header can hold any text in any
/// element (a misplaced name or id in Rows or Photometric Interpretation, a crafted transfer syntax
/// UID), and an error record or a sample's JSON must not carry it out of the archive.
enum HeaderValueText {
    /// A Code String (CS): letters, digits, space and underscore, at most 16 bytes. Lower-case letters
    /// are let through, as some writers use them; `^`, `=`, digits-only ids longer than 16, and every
    /// other character are not.
    static func codeString(_ text: String) -> String? {
        conforming(text, maximum: 16) { $0.isASCIILetter || $0.isASCIIDigit || $0 == 0x20 || $0 == 0x5F }
    }

    /// A Unique Identifier (UI): digits and dots, at most 64 bytes.
    static func uid(_ text: String) -> String? {
        conforming(text, maximum: 64) { $0.isASCIIDigit || $0 == 0x2E }
    }

    /// An Integer String (IS): sign, digits and spaces, at most 12 bytes.
    static func integerString(_ text: String) -> String? {
        conforming(text, maximum: 12) { $0.isASCIIDigit || $0 == 0x2B || $0 == 0x2D || $0 == 0x20 }
    }

    /// `'MONOCHROME3'` for a code string, else a description such as `a 17-byte value that is not a code string`.
    static func quotedCodeString(_ text: String) -> String {
        codeString(text).map { "'\($0)'" } ?? described(text, as: "a code string")
    }

    /// The UID itself, else a description such as `a 9-byte value that is not a UID`.
    static func quotedUID(_ text: String) -> String { uid(text) ?? described(text, as: "a UID") }

    /// The integer string itself, else a description such as `a 6-byte value that is not a number`.
    static func quotedInteger(_ text: String) -> String { integerString(text) ?? described(text, as: "a number") }

    private static func conforming(_ text: String, maximum: Int, _ allowed: (UInt8) -> Bool) -> String? {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= maximum, bytes.allSatisfy(allowed) else { return nil }
        return text
    }

    private static func described(_ text: String, as kind: String) -> String {
        "a \(text.utf8.count)-byte value that is not \(kind)"
    }
}

extension UInt8 {
    fileprivate var isASCIIDigit: Bool { (0x30...0x39).contains(self) }
    fileprivate var isASCIILetter: Bool { (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) }
}
