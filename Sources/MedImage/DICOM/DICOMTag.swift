/// Paths of the attributes the decoder reads, in DCMTK's path syntax (`(gggg,eeee)`, items `[n]`).
enum DICOMTag {
    static let transferSyntaxUID = "(0002,0010)"
    static let sopInstanceUID = "(0008,0018)"
    static let modality = "(0008,0060)"
    static let patientID = "(0010,0020)"
    static let bodyPartExamined = "(0018,0015)"
    static let imagerPixelSpacing = "(0018,1164)"
    static let viewPosition = "(0018,5101)"
    static let studyInstanceUID = "(0020,000D)"
    static let seriesInstanceUID = "(0020,000E)"
    static let laterality = "(0020,0060)"
    static let imageLaterality = "(0020,0062)"
    static let samplesPerPixel = "(0028,0002)"
    static let photometricInterpretation = "(0028,0004)"
    static let planarConfiguration = "(0028,0006)"
    static let numberOfFrames = "(0028,0008)"
    static let rows = "(0028,0010)"
    static let columns = "(0028,0011)"
    static let pixelSpacing = "(0028,0030)"
    static let bitsAllocated = "(0028,0100)"
    static let bitsStored = "(0028,0101)"
    static let highBit = "(0028,0102)"
    static let pixelRepresentation = "(0028,0103)"
    static let windowCenter = "(0028,1050)"
    static let windowWidth = "(0028,1051)"
    static let rescaleIntercept = "(0028,1052)"
    static let rescaleSlope = "(0028,1053)"
    static let rescaleType = "(0028,1054)"
    static let windowExplanation = "(0028,1055)"
    static let voiLUTFunction = "(0028,1056)"
    static let modalityLUTSequence = "(0028,3000)"
    static let lutDescriptor = "(0028,3002)"
    static let lutExplanation = "(0028,3003)"
    static let lutData = "(0028,3006)"
    static let voiLUTSequence = "(0028,3010)"
    static let sharedFunctionalGroups = "(5200,9229)"
    static let perFrameFunctionalGroups = "(5200,9230)"
    static let pixelMeasuresSequence = "(0028,9110)"
    static let frameVOILUTSequence = "(0028,9132)"
    static let pixelValueTransformationSequence = "(0028,9145)"

    /// Red, green and blue Palette Color Lookup Table Descriptor (0028,1101-1103).
    static let paletteDescriptors = ["(0028,1101)", "(0028,1102)", "(0028,1103)"]
    /// Red, green and blue Palette Color Lookup Table Data (0028,1201-1203).
    static let paletteData = ["(0028,1201)", "(0028,1202)", "(0028,1203)"]
    /// Red, green and blue Segmented Palette Color Lookup Table Data (0028,1221-1223).
    static let segmentedPaletteData = ["(0028,1221)", "(0028,1222)", "(0028,1223)"]

    /// `parent[item].child`, DCMTK's syntax for an attribute inside a sequence item.
    static func nested(_ parent: String, _ item: Int, _ child: String) -> String { "\(parent)[\(item)].\(child)" }
}
