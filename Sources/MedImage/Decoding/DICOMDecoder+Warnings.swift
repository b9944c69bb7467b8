/// Faults in a frame that every reference decoder decodes around, reported as warnings rather than
/// refused.
extension DICOMDecoder {
    /// Warnings about frame `frame`'s codestream.
    ///
    /// A 12-bit sequential JPEG whose first scan says Ss 0 / Se 0 instead of 0 / 63 (ISO 10918-1
    /// B.2.3) is an encoder quirk (pydicom's `JPEG-lossy.dcm`, NEMA WG04's NM1_JPLY): the scan holds
    /// whole 8x8 blocks, libjpeg decodes it with its JWRN_NOT_SEQUENTIAL warning (DCMTK's 12-bit
    /// codec, GDCM; pylibjpeg refuses), and DCMTK's result equals GDCM's.
    static func frameWarnings(
        of dataSet: DICOMDataSet, pixelInfo: PixelDataInfo, syntax: TransferSyntax, frame: Int
    ) -> [String] {
        guard pixelInfo.encapsulated, syntax.isJPEGFamily,
            let info = dataSet.withFragment(1, { JPEGCodestreamInfo($0) }) ?? nil,
            let violation = info.sequentialScanViolation
        else { return [] }
        return ["frame \(frame): \(violation); decoded as sequential, as libjpeg and GDCM do"]
    }
}
