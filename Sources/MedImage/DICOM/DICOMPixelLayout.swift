/// The Image Pixel module attributes (PS3.3 C.7.6.3) that say how Pixel Data is laid out,
/// validated before anything is allocated.
struct DICOMPixelLayout: Equatable {
    var rows: Int
    var columns: Int
    var samplesPerPixel: Int
    var bitsAllocated: Int
    var bitsStored: Int
    var highBit: Int
    var isSigned: Bool
    var planarConfiguration: Int
    var frameCount: Int
    var photometric: PhotometricInterpretation

    /// Bytes of one sample in the decoded frame (1-bit data is unpacked to one byte per sample).
    var bytesPerSample: Int { bitsAllocated <= 8 ? 1 : bitsAllocated <= 16 ? 2 : bitsAllocated <= 32 ? 4 : 8 }

    /// Samples of one decoded frame: rows x columns x samples per pixel.
    var samplesPerFrame: Int { rows * columns * samplesPerPixel }

    /// Bytes one frame takes as stored in native (uncompressed) Pixel Data.
    ///
    /// YBR_FULL_422 stores two luminance and one pair of chroma samples per two pixels
    /// (PS3.3 C.7.6.3.1.2), so a frame holds `2 * rows * columns` samples rather than three per pixel.
    func nativeFrameBytes(subsampled: Bool) -> Int {
        let samples = subsampled ? rows * columns * 2 : samplesPerFrame
        if bitsAllocated == 1 { return (samples + 7) / 8 }
        if bitsAllocated == 12 { return (samples * 12 + 7) / 8 }
        return samples * bitsAllocated / 8
    }

    /// Reads and checks the attributes.
    ///
    /// - Throws: `inconsistent` or `unsupported`, located at the offending attribute.
    /// With `floatWidth` 4 or 8 the data are Float or Double Float Pixel Data, whose Bits Allocated
    /// must be 32 or 64 to match.
    static func read(from dataSet: DICOMDataSet, path: String, floatWidth: Int? = nil) throws(ImageError)
        -> DICOMPixelLayout
    {
        func fail(_ code: ImageError.Code, _ tag: (UInt16, UInt16), _ reason: String) -> ImageError {
            ImageError(code, path: path, location: .element(group: tag.0, element: tag.1), reason: reason)
        }
        guard let rows = dataSet.int(DICOMTag.rows), (1...65535).contains(rows) else {
            throw fail(
                .inconsistent, (0x0028, 0x0010),
                "Rows is \(dataSet.string(DICOMTag.rows).map(HeaderValueText.quotedInteger) ?? "missing"); it must be in 1...65535")
        }
        guard let columns = dataSet.int(DICOMTag.columns), (1...65535).contains(columns) else {
            throw fail(
                .inconsistent, (0x0028, 0x0011),
                "Columns is \(dataSet.string(DICOMTag.columns).map(HeaderValueText.quotedInteger) ?? "missing"); it must be in 1...65535")
        }
        let samples = dataSet.int(DICOMTag.samplesPerPixel) ?? 1
        guard samples == 1 || samples == 3 else {
            throw fail(.unsupported, (0x0028, 0x0002), "SamplesPerPixel \(samples) is not supported (only 1 or 3)")
        }
        guard let allocated = dataSet.int(DICOMTag.bitsAllocated) else {
            throw fail(.inconsistent, (0x0028, 0x0100), "BitsAllocated is missing")
        }
        if let floatWidth, allocated != floatWidth * 8 {
            throw fail(
                .inconsistent, (0x0028, 0x0100),
                "BitsAllocated \(allocated) does not match \(floatWidth == 8 ? "Double Float" : "Float") Pixel Data (\(floatWidth * 8) bits)")
        }
        guard floatWidth != nil || [1, 8, 12, 16, 32].contains(allocated) else {
            throw fail(
                .unsupported, (0x0028, 0x0100),
                "BitsAllocated \(allocated) is not supported (only 1, 8, 12 (packed), 16 or 32)")
        }
        let stored = dataSet.int(DICOMTag.bitsStored) ?? allocated
        guard stored >= 1 else {
            throw fail(.inconsistent, (0x0028, 0x0101), "BitsStored \(stored) is less than 1")
        }
        guard stored <= allocated else {
            throw fail(.inconsistent, (0x0028, 0x0101), "BitsStored \(stored) exceeds BitsAllocated \(allocated)")
        }
        let highBit = dataSet.int(DICOMTag.highBit) ?? (stored - 1)
        let representation = dataSet.int(DICOMTag.pixelRepresentation) ?? 0
        guard representation == 0 || representation == 1 else {
            throw fail(.inconsistent, (0x0028, 0x0103), "PixelRepresentation \(representation) is neither 0 nor 1")
        }
        let photometricText =
            dataSet.string(DICOMTag.photometricInterpretation) ?? (samples == 3 ? "RGB" : "MONOCHROME2")
        guard let photometric = PhotometricInterpretation(rawValue: photometricText.uppercased()) else {
            throw fail(
                .unsupported, (0x0028, 0x0004), "PhotometricInterpretation \(HeaderValueText.quotedPhotometric(photometricText)) is not supported")
        }
        // A Samples per Pixel that contradicts the photometric interpretation is decoded as the
        // samples say (pydicom does the same); presentation then treats the image by its channels.
        let frames = max(1, dataSet.int(DICOMTag.numberOfFrames) ?? 1)
        return DICOMPixelLayout(
            rows: rows, columns: columns, samplesPerPixel: samples, bitsAllocated: allocated,
            bitsStored: stored, highBit: highBit, isSigned: representation == 1,
            planarConfiguration: dataSet.int(DICOMTag.planarConfiguration) ?? 0,
            frameCount: frames, photometric: photometric)
    }
}
