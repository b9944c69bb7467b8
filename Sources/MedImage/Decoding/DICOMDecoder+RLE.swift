/// RLE Lossless frames through ``RLEFrame`` rather than DCMTK's codec (which trusts the header):
/// the frame's fragments are found by ``EncapsulatedFrames`` and every length is checked.
extension DICOMDecoder {
    /// The stored values of RLE `frame`.
    static func rleFrame(
        of dataSet: DICOMDataSet, layout: DICOMPixelLayout, pixelInfo: PixelDataInfo, syntax: TransferSyntax,
        frame: Int, path: String
    ) throws(ImageError) -> (buffer: AnyPixelBuffer, photometric: PhotometricInterpretation) {
        guard layout.bitsAllocated % 8 == 0 else {
            throw ImageError(
                .unsupported, path: path, location: .element(group: 0x0028, element: 0x0100),
                reason: "RLE Lossless with BitsAllocated \(layout.bitsAllocated) is not supported (8 or 16)")
        }
        if layout.samplesPerPixel == 3, layout.bitsAllocated > 8,
            layout.photometric == .ybrFull || layout.photometric == .ybrFull422
        {
            // As for the other codecs: pydicom's YCbCr conversion is 8-bit only.
            throw ImageError(
                .unsupported, path: path, location: .element(group: 0x0028, element: 0x0004),
                reason:
                    "\(layout.photometric.rawValue) with \(layout.bitsAllocated) bits per sample is not supported (8 only)"
            )
        }
        let bytes = try EncapsulatedFrames.frameBytes(
            dataSet, fragments: pixelInfo.fragments, frameCount: layout.frameCount, frame: frame, path: path)
        let decoder = RLEFrame(
            rows: layout.rows, columns: layout.columns, samplesPerPixel: layout.samplesPerPixel,
            bytesPerSample: layout.bitsAllocated / 8)
        var raw = [UInt8](repeating: 0, count: decoder.outputBytes)
        let outcome = bytes.withUnsafeBytes { source in
            raw.withUnsafeMutableBytes { target in
                Result { () throws(RLEFrame.Failure) in try decoder.decode(source, into: target) }
            }
        }
        if case .failure(let failure) = outcome {
            throw ImageError(
                .malformed, path: path, location: .frame(frame),
                reason:
                    "cannot decode frame \(frame) (RLE Lossless): \(failure.reason) (byte \(failure.offset) of the frame's \(bytes.count))"
            )
        }
        var unpacked = StoredSamples(layout: layout, subsampled: false, planar: 0)
        unpacked.masksUnusedBits = true
        return raw.withUnsafeBytes { unpacked.buffer(from: $0, photometric: layout.photometric) }
    }
}

extension TransferSyntax {
    /// RLE Lossless (PS3.5 Annex G).
    static let rleLosslessUID = "1.2.840.10008.1.2.5"
}
