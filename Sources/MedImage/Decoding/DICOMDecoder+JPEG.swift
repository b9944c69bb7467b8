/// 8-bit gray JPEG frames inside DICOM through libjpeg-turbo, the route ARCHITECTURE.md asks for:
/// SIMD decoding, and DCT-domain scaling when the caller needs a smaller image. DCMTK's IJG 6b codec
/// stays the reference: libjpeg-turbo's accurate integer IDCT gives the same samples (checked in the
/// tests, and by the parity test against pydicom), and anything this path does not take, or fails
/// on, goes to DCMTK, whose result or error stands.
extension DICOMDecoder {
    /// The frame's stored values and DCT scale denominator, or `nil` to use DCMTK.
    ///
    /// Taken for single-frame, 8-bit, unsigned, one-sample JPEG baseline or extended (process 1, 2/4)
    /// data whose codestream says 8-bit precision.
    static func jpegFrameWithLibjpegTurbo(
        of dataSet: DICOMDataSet, layout: DICOMPixelLayout, pixelInfo: PixelDataInfo, syntax: TransferSyntax,
        path: String, options: DecodeOptions
    ) -> (buffer: AnyPixelBuffer, scale: Int)? {
        guard options.decodesDICOMJPEGWithLibjpegTurbo, options.frame == 0, pixelInfo.encapsulated,
            syntax.uid == "1.2.840.10008.1.2.4.50" || syntax.uid == "1.2.840.10008.1.2.4.51",
            layout.frameCount == 1, layout.samplesPerPixel == 1, layout.bitsAllocated == 8,
            layout.bitsStored == 8, !layout.isSigned, layout.photometric.isMonochrome,
            pixelInfo.fragments >= 2
        else { return nil }
        // Item 0 is the Basic Offset Table; a single frame's codestream is the other items in order
        // (usually just item 1, whose copy is then the codestream).
        guard var codestream = dataSet.fragment(1) else { return nil }
        for index in 2..<pixelInfo.fragments {
            guard let fragment = dataSet.fragment(index) else { return nil }
            codestream += fragment
        }
        guard let info = JPEGCodestreamInfo(codestream), info.precision == 8, info.componentIDs.count == 1 else {
            return nil
        }
        var jpegOptions = options
        jpegOptions.frame = 0
        guard let decoded = try? JPEGDecoder().decode(codestream, path: path, options: jpegOptions),
            case .uint8(let samples) = decoded.stored, samples.channels == 1
        else { return nil }
        let scale = decoded.scaleDenominator
        let expected = ((layout.columns + scale - 1) / scale, (layout.rows + scale - 1) / scale)
        guard (samples.width, samples.height) == expected else { return nil }
        return (.uint8(samples), scale)
    }
}
