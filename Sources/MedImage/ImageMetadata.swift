/// The container an image came in, recognised from its bytes (see ``FormatSniffer``).
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case dicom, png, jpeg
}

/// Physical size of a pixel, in millimetres, and which attribute it came from.
///
/// Pixel Spacing (0028,0030) is measured at the patient; Imager Pixel Spacing (0018,1164) at the
/// detector, which for projection radiographs differs by the geometric magnification (PS3.3 10.7.1.3).
public struct PixelSpacing: Sendable, Codable, Equatable {
    /// Which attribute the spacing was read from.
    public enum Source: String, Sendable, Codable {
        case pixelSpacing = "PixelSpacing"
        case imagerPixelSpacing = "ImagerPixelSpacing"
    }
    /// Distance between the centres of adjacent rows, in mm.
    public var row: Double
    /// Distance between the centres of adjacent columns, in mm.
    public var column: Double
    /// Which attribute it came from.
    public var source: Source

    /// Creates a spacing.
    public init(row: Double, column: Double, source: Source) {
        self.row = row
        self.column = column
        self.source = source
    }
}

/// What a decoder learned about an image besides its pixels.
///
/// DICOM fills every field it finds; PNG and JPEG fill the geometry and bit depth only.
/// ``patientID`` is personal data: it is kept so that later stages can pseudonymize it, and it is
/// not part of the `Codable` representation, so it never reaches JSON by accident.
public struct ImageMetadata: Sendable, Equatable, Codable {
    /// The container format.
    public var format: ImageFormat
    /// Columns.
    public var width: Int
    /// Rows.
    public var height: Int
    /// Samples per pixel in the stored data: 1 for gray or palette, 3 for color.
    public var samplesPerPixel: Int
    /// Number of frames; 1 for PNG and JPEG.
    public var frameCount: Int
    /// Bits allocated per sample (8 or 16).
    public var bitsAllocated: Int
    /// Bits stored per sample (1...bitsAllocated).
    public var bitsStored: Int
    /// Whether stored values are two's complement (DICOM Pixel Representation 1).
    public var isSigned: Bool
    /// Photometric interpretation of the stored values.
    public var photometric: PhotometricInterpretation
    /// The DICOM transfer syntax, `nil` for PNG and JPEG.
    public var transferSyntax: TransferSyntax?
    /// Physical pixel size, when the file states it.
    public var pixelSpacing: PixelSpacing?
    /// Modality (0008,0060), e.g. `CR`, `DX`, `CT`.
    public var modality: String?
    /// View Position (0018,5101), e.g. `PA`, `AP`, `LL`.
    public var viewPosition: String?
    /// Body Part Examined (0018,0015).
    public var bodyPart: String?
    /// Image Laterality (0020,0062), or Laterality (0020,0060) when the former is absent.
    public var laterality: String?
    /// SOP Instance UID (0008,0018).
    public var sopInstanceUID: String?
    /// Study Instance UID (0020,000D).
    public var studyInstanceUID: String?
    /// Series Instance UID (0020,000E).
    public var seriesInstanceUID: String?
    /// Patient ID (0010,0020). Personal data: never encoded, never printed by default.
    public var patientID: String?

    /// Creates metadata for a decoded image; DICOM-only fields default to `nil`.
    public init(format: ImageFormat, width: Int, height: Int, samplesPerPixel: Int, frameCount: Int = 1,
                bitsAllocated: Int, bitsStored: Int, isSigned: Bool = false,
                photometric: PhotometricInterpretation, transferSyntax: TransferSyntax? = nil) {
        self.format = format
        self.width = width
        self.height = height
        self.samplesPerPixel = samplesPerPixel
        self.frameCount = frameCount
        self.bitsAllocated = bitsAllocated
        self.bitsStored = bitsStored
        self.isSigned = isSigned
        self.photometric = photometric
        self.transferSyntax = transferSyntax
    }

    private enum CodingKeys: String, CodingKey {
        case format, width, height, samplesPerPixel, frameCount, bitsAllocated, bitsStored, isSigned, photometric,
             transferSyntax, pixelSpacing, modality, viewPosition, bodyPart, laterality, sopInstanceUID,
             studyInstanceUID, seriesInstanceUID
        // patientID is deliberately absent: it must be pseudonymized before it is written anywhere.
    }
}
