/// Header text as medprep repeats it: in error messages, and in the coded fields a sample's
/// metadata carries (Modality, View Position; Body Part Examined and Laterality for `inspect`).
///
/// A header can hold any text in any element (a misplaced name or id in Photometric
/// Interpretation or View Position, a crafted transfer syntax UID), and an error record or a
/// sample's JSON must not carry it out of the archive. The form of a code string does not tell a
/// code from a name (`JOHN SMITH` and `MRN12345` are valid code strings), so coded attributes are
/// repeated only when they are terms the standard defines (or, for View Position, made of the
/// words writers use); numbers and UIDs only when they have their VR's form (PS3.5 6.2). Anything
/// else is described by its length, never copied.
enum HeaderValueText {
    /// Photometric Interpretation's defined terms (PS3.3 C.7.6.3.1.2), retired ones included.
    static let photometricTerms: Set<String> = [
        "MONOCHROME1", "MONOCHROME2", "PALETTE COLOR", "RGB", "HSV", "ARGB", "CMYK", "YBR_FULL", "YBR_FULL_422",
        "YBR_PARTIAL_422", "YBR_PARTIAL_420", "YBR_ICT", "YBR_RCT", "XYB",
    ]

    /// Modality's defined terms (PS3.3 C.7.3.1.1.1), retired ones included.
    static let modalityTerms: Set<String> = [
        "AR", "ASMT", "AU", "BDUS", "BI", "BMD", "CFM", "CR", "CT", "CTPROTOCOL", "DG", "DMS", "DOC", "DX", "ECG",
        "EEG", "EMG", "EOG", "EPS", "ES", "FID", "GM", "HC", "HD", "IO", "IOL", "IVOCT", "IVUS", "KER", "KO", "LEN",
        "LS", "M3D", "MG", "MR", "NM", "OAM", "OCT", "OP", "OPM", "OPT", "OPTBSV", "OPTENF", "OPV", "OSS", "OT", "PA",
        "PLAN", "POS", "PR", "PT", "PX", "REG", "RESP", "RF", "RG", "RTDOSE", "RTIMAGE", "RTINTENT", "RTPLAN",
        "RTRAD", "RTRECORD", "RTSEGANN", "RTSTRUCT", "RWV", "SEG", "SM", "SMR", "SR", "SRF", "STAIN", "TEXTUREMAP",
        "TG", "US", "VA", "XA", "XAPROTOCOL", "XC",
        // retired
        "AS", "CD", "CF", "CP", "CS", "DD", "DF", "DM", "DS", "EC", "FA", "FS", "LP", "MA", "MS", "OPR", "ST", "VF",
    ]

    /// The words View Position values are made of: the defined terms (AP, PA, LL, RL, RLD, LLD, RLO,
    /// LLO) and those writers use besides, as in MIMIC-CXR's `LATERAL`, `AP AXIAL`, `XTABLE LATERAL`.
    static let viewWords: Set<String> = [
        "AP", "PA", "LL", "RL", "RLD", "LLD", "RLO", "LLO", "LAO", "RAO", "LPO", "RPO", "LATERAL", "LAT", "AXIAL",
        "XTABLE", "OBLIQUE", "OBL", "SWIMMERS", "LORDOTIC", "DECUBITUS", "ERECT", "UPRIGHT", "SUPINE", "PRONE",
        "LEFT", "RIGHT", "CC", "MLO", "ML", "LM", "XCC", "XCCL", "XCCM", "FB", "SIO", "LMO",
    ]

    /// Laterality's and Image Laterality's enumerated values.
    static let lateralityTerms: Set<String> = ["R", "L", "B", "U"]

    /// `text` when it is one of `terms` (compared in upper case), else `nil`.
    static func term(_ text: String, in terms: Set<String>) -> String? {
        terms.contains(text.uppercased()) ? text : nil
    }

    /// `text` when every space-separated word is a View Position word, else `nil`.
    static func viewPosition(_ text: String) -> String? {
        let words = text.uppercased().split(separator: " ")
        return !words.isEmpty && words.allSatisfy { viewWords.contains(String($0)) } ? text : nil
    }

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

    /// `'HSV'` for a defined Photometric Interpretation, else a description such as
    /// `a 10-byte value that is not a defined term`.
    static func quotedPhotometric(_ text: String) -> String {
        term(text, in: photometricTerms).map { "'\($0)'" } ?? described(text, as: "a defined term")
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
