internal import COpenJPEG

/// JPEG 2000 (Part 1, lossless and lossy) and HTJ2K (Part 15) frames through OpenJPEG 2.5
/// (`Sources/COpenJPEG`), with the frame's fragments found by ``EncapsulatedFrames`` (a frame may
/// span several fragments) and, when the caller needs less, decoded at a reduced resolution.
///
/// JPEG 2000 keeps its resolution levels: a 2500-pixel image going to 512 is decoded at 1/4
/// (``DecodedImage/scaleDenominator`` 4), never smaller than ``DecodeOptions/minimumSize``.
extension DICOMDecoder {
    /// The stored values of `frame`, their photometric interpretation and the scale denominator.
    static func jpeg2000Frame(
        of dataSet: DICOMDataSet, layout: DICOMPixelLayout, pixelInfo: PixelDataInfo, syntax: TransferSyntax,
        path: String, options: DecodeOptions
    ) throws(ImageError) -> (buffer: AnyPixelBuffer, photometric: PhotometricInterpretation, scale: Int) {
        let frame = options.frame
        guard pixelInfo.encapsulated else {
            throw ImageError(
                .malformed, path: path, location: .element(group: 0x7FE0, element: 0x0010),
                reason: "\(syntax.spelledOut) needs encapsulated Pixel Data, but Pixel Data is native")
        }
        guard layout.bitsAllocated == 8 || layout.bitsAllocated == 16 else {
            throw ImageError(
                .unsupported, path: path, location: .element(group: 0x0028, element: 0x0100),
                reason: "JPEG 2000 with BitsAllocated \(layout.bitsAllocated) is not supported (8 or 16)")
        }
        let fullBytes = saturatingProduct(layout.samplesPerFrame, layout.bytesPerSample)
        guard fullBytes <= options.maximumPixelBytes else {
            throw ImageError(
                .tooLarge, path: path, location: .element(group: 0x0028, element: 0x0010),
                reason:
                    "\(layout.columns)x\(layout.rows)x\(layout.samplesPerPixel) samples of \(layout.bitsAllocated) bits exceed the limit of \(options.maximumPixelBytes) bytes"
            )
        }
        let codestream = try EncapsulatedFrames.frameBytes(
            dataSet, fragments: pixelInfo.fragments, frameCount: layout.frameCount, frame: frame, path: path)
        func failure(_ reason: String) -> ImageError {
            ImageError(
                .malformed, path: path, location: .frame(frame),
                reason: "cannot decode frame \(frame) (\(syntax.name)): \(reason)")
        }
        var info = COpenJPEG_Info()
        var message = [CChar](repeating: 0, count: 256)
        let header = codestream.withUnsafeBufferPointer {
            COpenJPEG_read_header($0.baseAddress, $0.count, &info, &message, message.count)
        }
        guard header == 0 else { throw failure(text(message)) }
        // The codestream must describe the image the header does; its precision and signedness may
        // differ (J2K_pixelrep_mismatch.dcm): the header's Bits Stored and Pixel Representation are
        // followed, as pydicom does, by masking or sign-extending the decoded bits below.
        guard Int(info.width) == layout.columns, Int(info.height) == layout.rows,
            Int(info.components) == layout.samplesPerPixel
        else {
            throw ImageError(
                .inconsistent, path: path, location: .frame(frame),
                reason:
                    "frame \(frame): the codestream is \(info.width)x\(info.height) with \(info.components) component(s), but the header says \(layout.columns)x\(layout.rows) with \(layout.samplesPerPixel)"
            )
        }
        guard info.precision >= 1, Int(info.precision) <= layout.bitsAllocated else {
            throw ImageError(
                .inconsistent, path: path, location: .frame(frame),
                reason:
                    "frame \(frame): the codestream's precision is \(info.precision) bits, more than BitsAllocated \(layout.bitsAllocated)"
            )
        }
        let reduce = reduction(
            width: layout.columns, height: layout.rows, levels: Int(info.resolutions), minimum: options.minimumSize)
        let scale = 1 << reduce
        var reduced = layout
        reduced.columns = (layout.columns + scale - 1) / scale
        reduced.rows = (layout.rows + scale - 1) / scale
        var raw = [UInt8](repeating: 0, count: reduced.samplesPerFrame * layout.bytesPerSample)
        let decoded = codestream.withUnsafeBufferPointer { source in
            raw.withUnsafeMutableBytes { target in
                COpenJPEG_decode(
                    source.baseAddress, source.count, UInt32(reduce), target.baseAddress, target.count,
                    Int32(layout.bytesPerSample), &info, &message, message.count)
            }
        }
        guard decoded == 0 else { throw failure(text(message)) }
        guard Int(info.decoded_width) == reduced.columns, Int(info.decoded_height) == reduced.rows else {
            throw failure(
                "OpenJPEG decoded \(info.decoded_width)x\(info.decoded_height) at 1/\(scale), expected \(reduced.columns)x\(reduced.rows)"
            )
        }
        // OpenJPEG undoes the codestream's component transform (ICT or RCT): the samples are RGB.
        var photometric = layout.photometric
        if info.mct != 0, photometric == .ybrICT || photometric == .ybrRCT { photometric = .rgb }
        if layout.samplesPerPixel == 3, layout.bitsAllocated > 8, photometric == .ybrFull || photometric == .ybrFull422
        {
            throw ImageError(
                .unsupported, path: path, location: .element(group: 0x0028, element: 0x0004),
                reason: "\(photometric.rawValue) with \(layout.bitsAllocated) bits per sample is not supported (8 only)"
            )
        }
        let unpacked = StoredSamples(layout: reduced, subsampled: false, planar: 0)
        let result = raw.withUnsafeBytes { unpacked.buffer(from: $0, photometric: photometric) }
        return (result.buffer, result.photometric, scale)
    }

    /// The largest `r` (at most `levels - 1`) whose 1/2^r image is at least `minimum` in both dimensions.
    static func reduction(width: Int, height: Int, levels: Int, minimum: (width: Int, height: Int)?) -> Int {
        guard let minimum else { return 0 }
        var reduce = 0
        while reduce + 1 < levels, reduce < 8 {
            let next = 1 << (reduce + 1)
            guard (width + next - 1) / next >= minimum.width, (height + next - 1) / next >= minimum.height else {
                break
            }
            reduce += 1
        }
        return reduce
    }
}

extension TransferSyntax {
    /// JPEG 2000 Part 1 (lossless only and lossy), Part 2 multi-component, and HTJ2K.
    var isJPEG2000: Bool {
        [
            "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.92", "1.2.840.10008.1.2.4.93",
            "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203",
        ].contains(uid)
    }
}

private func text(_ buffer: [CChar]) -> String {
    let message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return message.isEmpty ? "OpenJPEG failed without a message" : message
}
