/// Decodes DICOM images: DCMTK 3.6.7 parses Part 10 files and bare data sets and decodes native,
/// deflated, JPEG baseline / extended / lossless and JPEG-LS frames; RLE Lossless is decoded by
/// ``RLEFrame`` and JPEG 2000 / HTJ2K by OpenJPEG (``DICOMDecoder/jpeg2000Frame``).
///
/// Only the requested frame is decompressed. Stored values are identical to pydicom's
/// `Dataset.pixel_array` for that frame: Bits Stored masked, Pixel Representation 1 sign-extended,
/// planar data interleaved, YBR_FULL and YBR_FULL_422 converted to RGB with pydicom's formula.
/// Lossy JPEG is the exception the standard allows: its IDCT is libjpeg 6b's (DCMTK) or libjpeg-turbo's
/// accurate integer one (8-bit gray frames, which go through libjpeg-turbo and may be decoded at 1/2,
/// 1/4 or 1/8 scale when ``DecodeOptions/minimumSize`` allows), which give the same samples and equal
/// pydicom's Pillow plugin, but differ from pylibjpeg by a few levels in some samples. JPEG 2000 may
/// likewise be decoded at 1/2^r of its size from its resolution levels.
/// Transfer syntaxes without a decoder (MPEG, HEVC, JPIP) fail with ``ImageError/Code/unsupported``
/// naming the syntax. 32-bit samples come back as float32 when every value of the frame is below 2^24 in magnitude, else as float64 (exact either way). Does not read
/// packed 12-bit or float pixel data, overlays or waveforms.
public struct DICOMDecoder: Sendable {
    /// Creates a decoder; DCMTK's codecs are registered on first use.
    public init() {}

    /// Decodes one frame of a DICOM file held in memory.
    ///
    /// - Parameters:
    ///   - bytes: the whole file (with or without the 128-byte preamble and meta header).
    ///   - path: used only in error messages.
    ///   - options: the frame (zero-based) and the memory limit.
    /// - Returns: stored values of the frame, metadata, and what modality and presentation values need.
    /// - Throws: ``ImageError`` with `empty`, `truncated`, `malformed`, `notAnImage`,
    ///   `unsupported`, `inconsistent`, `frameOutOfRange` or `tooLarge`, located by byte offset,
    ///   attribute tag or frame.
    public func decode(_ bytes: [UInt8], path: String, options: DecodeOptions = DecodeOptions())
        throws(ImageError) -> DecodedImage
    {
        guard !bytes.isEmpty else { throw ImageError(.empty, path: path, reason: "the file is empty (0 bytes)") }
        // HTJ2K files are parsed under the JPEG 2000 UID DCMTK 3.6.7 knows (TransferSyntaxAlias).
        let parseable = TransferSyntaxAlias.forDCMTK(bytes) ?? bytes
        return try DICOMDataSet.withParsed(parseable) { (parsed) throws(ImageError) in
            // A fault only after Pixel Data: decode what comes before it, with a warning.
            // A fault only inside private elements before it: decode without them, with a warning.
            if case .failure(let failure) = parsed {
                let recoveries: [(bytes: [UInt8], warning: String)?] = [
                    TrailingDataRecovery(parseable, failure: failure.message).map { ($0.bytes, $0.warning) },
                    PrivateElementRecovery(
                        parseable, transferSyntax: DICOMDataSet.peekTransferSyntax(parseable), failure: failure.message
                    ).map { ($0.bytes, $0.warning) },
                ]
                for case let recovery? in recoveries {
                    let recovered = try DICOMDataSet.withParsed(recovery.bytes) { (again) throws(ImageError) -> DecodedImage? in
                        guard case .success(let dataSet) = again else { return nil }
                        var image = try Self.decode(dataSet, bytes, path: path, options: options)
                        image.warnings.append(recovery.warning)
                        return try image.reducedToGray(options.decodesColorAsGray, path: path)
                    }
                    if let recovered { return recovered }
                }
            }
            return try Self.decode(Self.opened(parsed, bytes, path: path), bytes, path: path, options: options)
                .reducedToGray(options.decodesColorAsGray, path: path)
        }
    }

    /// Decodes the frame `options` asks for from a parsed data set; see ``decode(_:path:options:)``.
    private static func decode(_ dataSet: DICOMDataSet, _ bytes: [UInt8], path: String, options: DecodeOptions)
        throws(ImageError) -> DecodedImage
    {
        let syntax = TransferSyntax(uid: DICOMDataSet.peekTransferSyntax(bytes) ?? dataSet.transferSyntaxUID)

        let pixelInfo = dataSet.pixelInfo().flatMap { $0.present ? $0 : nil }
        // Float and Double Float Pixel Data (parametric maps) are plain OF / OD values, never compressed.
        let floatWidth =
            pixelInfo != nil ? nil : dataSet.floatPixelDataLength(width: 4) != nil ? 4 : dataSet.floatPixelDataLength(width: 8) != nil ? 8 : nil
        guard pixelInfo != nil || floatWidth != nil else {
            throw ImageError(
                .notAnImage, path: path, location: .element(group: 0x7FE0, element: 0x0010),
                reason: "the data set has no Pixel Data (7FE0,0010); it is not an image")
        }
        guard syntax.isDecodable else {
            throw ImageError(
                .unsupported, path: path, location: .element(group: 0x0002, element: 0x0010),
                reason: "\(syntax.spelledOut) cannot be decoded by DCMTK 3.6.7")
        }
        let layout = try DICOMPixelLayout.read(from: dataSet, path: path, floatWidth: floatWidth)
        guard options.frame >= 0, options.frame < layout.frameCount else {
            throw ImageError(
                .frameOutOfRange, path: path, location: .frame(options.frame),
                reason: "frame \(options.frame) requested, but the image has \(layout.frameCount) frame(s)")
        }
        let stored: (buffer: AnyPixelBuffer, photometric: PhotometricInterpretation)
        var scale = 1
        guard let pixelInfo else {
            let buffer = try Self.floatFrame(
                of: dataSet, layout: layout, width: floatWidth ?? 4, frame: options.frame, path: path, options: options)
            return try Self.finish(dataSet, layout: layout, syntax: syntax, stored: (buffer, layout.photometric), scale: 1, path: path, options: options)
        }
        if let fast = Self.jpegFrameWithLibjpegTurbo(
            of: dataSet, layout: layout, pixelInfo: pixelInfo, syntax: syntax, path: path, options: options)
        {
            stored = (fast.buffer, layout.photometric)
            scale = fast.scale
        } else if syntax.isJPEG2000 {
            let decoded = try Self.jpeg2000Frame(
                of: dataSet, layout: layout, pixelInfo: pixelInfo, syntax: syntax, path: path, options: options)
            stored = (decoded.buffer, decoded.photometric)
            scale = decoded.scale
        } else {
            stored = try Self.storedValues(
                of: dataSet, layout: layout, pixelInfo: pixelInfo, syntax: syntax,
                frame: options.frame, path: path, options: options)
        }
        var image = try Self.finish(dataSet, layout: layout, syntax: syntax, stored: stored, scale: scale, path: path, options: options)
        image.warnings = Self.frameWarnings(of: dataSet, pixelInfo: pixelInfo, syntax: syntax, frame: options.frame)
        return image
    }

    /// The decoded image around `stored`: metadata, modality LUT, windows, VOI LUTs, palette.
    private static func finish(
        _ dataSet: DICOMDataSet, layout: DICOMPixelLayout, syntax: TransferSyntax,
        stored: (buffer: AnyPixelBuffer, photometric: PhotometricInterpretation), scale: Int, path: String,
        options: DecodeOptions
    ) throws(ImageError) -> DecodedImage {
        var metadata = Self.metadata(of: dataSet, layout: layout, syntax: syntax, frame: options.frame)
        metadata.transferSyntax = syntax
        let isGray = layout.photometric.isMonochrome && layout.samplesPerPixel == 1
        let modality = isGray ? Self.modalityLUT(of: dataSet, layout: layout, frame: options.frame) : .identity
        // A VOI LUT's first mapped value (0028,3002) is signed when modality values can be negative
        // (PS3.3 C.11.2.1.1); the descriptor's VR cannot be trusted in implicit VR files.
        var negativeModality = layout.isSigned
        if case .rescale(let slope, let intercept, _) = modality, slope < 0 || intercept < 0 { negativeModality = true }
        let image = DecodedImage(
            metadata: metadata, frame: options.frame, stored: stored.buffer,
            modalityLUT: modality,
            windows: isGray ? Self.windows(of: dataSet, frame: options.frame) : [],
            voiLUTs: isGray
                ? Self.voiLUTs(of: dataSet, signedInput: negativeModality, frame: options.frame) : [],
            palette: layout.photometric == .paletteColor && layout.samplesPerPixel == 1
                ? Self.palette(of: dataSet) : nil,
            scaleDenominator: scale, storedPhotometric: stored.photometric)
        return image
    }

    /// Parses the data set, turning DCMTK's failures into located errors.
    private static func opened(
        _ parsed: Result<DICOMDataSet, DICOMDataSet.OpenFailure>, _ bytes: [UInt8], path: String
    ) throws(ImageError) -> DICOMDataSet {
        switch parsed {
        case .success(let dataSet):
            return dataSet
        case .failure(let failure):
            if let uid = DICOMDataSet.peekTransferSyntax(bytes), !TransferSyntax(uid: uid).isDecodable {
                let syntax = TransferSyntax(uid: uid)
                throw ImageError(
                    .unsupported, path: path, location: .element(group: 0x0002, element: 0x0010),
                    reason: "\(syntax.spelledOut) cannot be decoded by DCMTK 3.6.7 (DCMTK: \(failure.message))")
            }
            // A value that runs past the end is "I/O suspension or premature end of stream" when DCMTK
            // skips it (over 4 KiB) and "Invalid stream" when it reads it; having consumed every byte
            // is the reliable sign of a cut file either way.
            switch failure.kind {
            case _ where failure.consumed >= bytes.count, Int32(CDCMTKKind.truncated):
                throw ImageError(
                    .truncated, path: path, location: .byteOffset(bytes.count),
                    reason:
                        "the data end at byte \(bytes.count), inside an element or item that announces more (DCMTK: \(failure.message))"
                )
            default:
                throw ImageError(
                    .malformed, path: path, location: .byteOffset(failure.consumed),
                    reason: "not a readable DICOM data set (DCMTK: \(failure.message))")
            }
        }
    }
}

extension TransferSyntax {
    /// `transfer syntax JPEG 2000 Image Compression (1.2.840.10008.1.2.4.91)`, or
    /// `unknown transfer syntax 1.2.3.4` for a UID the table does not list.
    var spelledOut: String {
        name == "unknown" ? "unknown transfer syntax \(HeaderValueText.quotedUID(uid))" : "transfer syntax \(name) (\(uid))"
    }
}

/// Mirrors `CDCMTK_Kind` so the Swift side need not import the C enum's spelling.
enum CDCMTKKind {
    static let ok = 0, truncated = 1, malformed = 2, unsupported = 3, internalError = 4
}
