/// What the markers of a JPEG or JPEG-LS codestream say about its color space and conformance.
///
/// pydicom decides the color space of a decoded JPEG frame from these markers, not only from
/// Photometric Interpretation (`DecodeRunner._conform_jpg_colorspace`): component IDs `R G B`
/// mean RGB, and a JFIF APP0 segment means YCbCr. The decoder follows the same rules so that its
/// stored values equal pydicom's `pixel_array`. Parsing stops at the first start-of-scan.
struct JPEGCodestreamInfo: Equatable {
    /// Component identifiers from the SOF (or JPEG-LS SOF55) segment.
    var componentIDs: [UInt8] = []
    /// Whether an APP0 segment starts with `JFIF`.
    var hasJFIF = false
    /// Sample precision from the SOF segment.
    var precision = 0
    /// The start-of-frame marker (`0xC0` baseline, `0xC1` extended, `0xC3` lossless, `0xF7` JPEG-LS).
    var frameMarker: UInt8 = 0
    /// Spectral selection start and end and successive approximation of the first scan.
    var firstScan: (start: UInt8, end: UInt8, approximation: UInt8)?

    /// Parses markers from SOI up to the first start-of-scan; `nil` when `bytes` is not a codestream.
    ///
    /// `bytes` is an array or the fragment DCMTK holds (``DICOMDataSet/withFragment(_:_:)``): only the
    /// segments before the first scan are read, so a fragment of megabytes need not be copied first.
    init?<Bytes: RandomAccessCollection>(_ bytes: Bytes) where Bytes.Element == UInt8, Bytes.Index == Int {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var position = 2
        while position + 4 <= bytes.count {
            guard bytes[position] == 0xFF else { return }
            let marker = bytes[position + 1]
            if marker == 0xFF {  // fill byte
                position += 1
                continue
            }
            let length = Int(bytes[position + 2]) << 8 | Int(bytes[position + 3])
            let start = position + 4
            guard length >= 2, start + length - 2 <= bytes.count else { return }
            let isSOF = (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
            if marker == 0xE0, length >= 6, bytes[start..<start + 4].elementsEqual("JFIF".utf8) {
                hasJFIF = true
            }
            if (isSOF || marker == 0xF7) && frameMarker == 0 {
                guard length >= 8 else { return }
                frameMarker = marker
                precision = Int(bytes[start])
                let count = Int(bytes[start + 5])
                for index in 0..<count where start + 6 + index * 3 < bytes.count {
                    componentIDs.append(bytes[start + 6 + index * 3])
                }
            }
            if marker == 0xDA {
                let components = length >= 3 ? Int(bytes[start]) : 0
                let tail = start + 1 + components * 2
                if tail + 2 < bytes.count, tail + 3 <= start + length - 2 {
                    firstScan = (bytes[tail], bytes[tail + 1], bytes[tail + 2])
                }
                return
            }
            position = start + length - 2
        }
    }

    /// Whether the component IDs spell `RGB` or `rgb` (ASCII), which marks untransformed RGB.
    var hasRGBComponentIDs: Bool { componentIDs == [82, 71, 66] || componentIDs == [114, 103, 98] }

    /// Why a 12-bit sequential (extended) stream breaks ISO 10918-1 B.2.3, or `nil` if it does not.
    ///
    /// Sequential DCT scans must have Ss = 0 and Se = 63. libjpeg 6b decodes streams that do not
    /// (NEMA WG04's NM1_JPLY has Se = 0) with a warning; pydicom's only 12-bit JPEG decoder
    /// (pylibjpeg) refuses them, and so do we, so that such a file is rejected by both. 8-bit ones
    /// are decoded, as pydicom's Pillow plugin decodes them.
    var sequentialScanViolation: String? {
        guard frameMarker == 0xC0 || frameMarker == 0xC1, precision > 8, let scan = firstScan else { return nil }
        guard scan.start == 0 && scan.end == 63 else {
            return "the first scan has Ss \(scan.start) and Se \(scan.end); sequential JPEG needs 0 and 63 "
                + "(ISO 10918-1 B.2.3)"
        }
        return nil
    }

    static func == (lhs: JPEGCodestreamInfo, rhs: JPEGCodestreamInfo) -> Bool {
        lhs.componentIDs == rhs.componentIDs && lhs.hasJFIF == rhs.hasJFIF && lhs.precision == rhs.precision
            && lhs.frameMarker == rhs.frameMarker && lhs.firstScan?.start == rhs.firstScan?.start
            && lhs.firstScan?.end == rhs.firstScan?.end && lhs.firstScan?.approximation == rhs.firstScan?.approximation
    }
}
