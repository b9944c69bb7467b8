/// How stored samples map to color (PS3.3 C.7.6.3.1.2).
///
/// Decoders return MONOCHROME1 data as stored; inversion happens after VOI, in presentation
/// values, so that higher always means brighter there.
public enum PhotometricInterpretation: String, Sendable, Codable, CaseIterable {
    /// Gray; the minimum value is displayed white.
    case monochrome1 = "MONOCHROME1"
    /// Gray; the minimum value is displayed black.
    case monochrome2 = "MONOCHROME2"
    /// Indices into the Red/Green/Blue Palette Color Lookup Tables.
    case paletteColor = "PALETTE COLOR"
    /// Red, green, blue.
    case rgb = "RGB"
    /// Full-range Y, Cb, Cr.
    case ybrFull = "YBR_FULL"
    /// Y, Cb, Cr with chroma subsampled horizontally by 2.
    case ybrFull422 = "YBR_FULL_422"
    /// Irreversible color transform of JPEG baseline (stored as decoded to RGB by the codec).
    case ybrICT = "YBR_ICT"
    /// Reversible color transform of JPEG 2000.
    case ybrRCT = "YBR_RCT"
    /// Partial-range Y, Cb, Cr (retired).
    case ybrPartial422 = "YBR_PARTIAL_422"
    /// Partial-range Y, Cb, Cr, subsampled in both directions.
    case ybrPartial420 = "YBR_PARTIAL_420"

    /// Whether the image is gray (MONOCHROME1 or MONOCHROME2).
    public var isMonochrome: Bool { self == .monochrome1 || self == .monochrome2 }
}
