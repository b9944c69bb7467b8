/// One decoded frame with everything needed to derive its three levels of values.
///
/// - ``stored``: the values in the file after decompression, with Bits Stored masked and signed
///   values sign-extended; color as interleaved samples (planar data is interleaved).
/// - modality values: ``stored`` through ``modalityLUT`` (rescale or Modality LUT Sequence).
/// - presentation values: modality values through VOI (a window or a VOI LUT), then MONOCHROME1
///   inverted, so that higher always means brighter; color converted to RGB.
///
/// PNG and JPEG images have the identity modality LUT and no VOI.
public struct DecodedImage: Sendable {
    /// What the decoder learned about the file.
    public var metadata: ImageMetadata
    /// The zero-based frame these pixels belong to.
    public var frame: Int
    /// Stored values of ``frame``.
    public var stored: AnyPixelBuffer
    /// The modality transformation for ``frame`` (per-frame rescale where the file has it).
    public var modalityLUT: ModalityLUT
    /// Windows from the file, in file order (Window Center/Width, per-frame where present).
    public var windows: [VOIWindow]
    /// VOI LUT Sequence items from the file, in file order.
    public var voiLUTs: [LookupTable]
    /// Red, green and blue palette tables for PALETTE COLOR images.
    public var palette: [LookupTable]?
    /// The DCT scale denominator a JPEG was decoded at (1, 2, 4 or 8); 1 for everything else.
    public var scaleDenominator: Int
    /// The color space of ``stored``. Usually ``ImageMetadata/photometric``, but a DICOM decoder
    /// returns 8-bit YBR_FULL and YBR_FULL_422 as RGB, as pydicom's `pixel_array` does, and then
    /// says `.rgb` here while the metadata keep the file's value.
    public var storedPhotometric: PhotometricInterpretation
    /// Faults the decoder met and decoded around, for a person (a codestream quirk, bytes after the
    /// frame it dropped); empty for a clean file. Shown by `inspect` and kept in a sample's record.
    public var warnings: [String] = []
    /// How a color source was reduced to the one gray channel of ``stored``, with
    /// ``DecodeOptions/decodesColorAsGray``; `nil` when nothing was reduced (gray sources, color kept).
    /// ``metadata`` keeps the file's samples per pixel and photometric interpretation.
    public var grayReduction: GrayReduction?

    /// Creates a decoded image; DICOM-specific parts default to "none".
    public init(metadata: ImageMetadata, frame: Int = 0, stored: AnyPixelBuffer, modalityLUT: ModalityLUT = .identity,
                windows: [VOIWindow] = [], voiLUTs: [LookupTable] = [], palette: [LookupTable]? = nil,
                scaleDenominator: Int = 1, storedPhotometric: PhotometricInterpretation? = nil) {
        self.metadata = metadata
        self.frame = frame
        self.stored = stored
        self.modalityLUT = modalityLUT
        self.windows = windows
        self.voiLUTs = voiLUTs
        self.palette = palette
        self.scaleDenominator = scaleDenominator
        self.storedPhotometric = storedPhotometric ?? metadata.photometric
    }
}

/// What to decode, beyond the file itself.
public struct DecodeOptions: Sendable, Equatable {
    /// The zero-based frame of a multi-frame image; the first by default.
    public var frame: Int
    /// The smallest size the caller will use. A JPEG decoder may decode at 1/2, 1/4 or 1/8 scale in
    /// the DCT domain, but never smaller than this in either dimension. `nil` means full size.
    public var minimumSize: (width: Int, height: Int)?
    /// Refuse images whose decoded pixels would take more bytes than this (guards against hostile headers).
    public var maximumPixelBytes: Int
    /// Refuse images (or frames) of more pixels than this, width times height, before allocating
    /// anything for them; ``defaultMaximumPixels`` unless the caller says otherwise.
    public var maximumPixels: Int
    /// Whether 8-bit gray JPEG frames inside DICOM go through libjpeg-turbo (with DCT scaling) rather
    /// than DCMTK's IJG codec; off only in tests that compare the two.
    var decodesDICOMJPEGWithLibjpegTurbo = true
    /// Whether lossless JPEG frames inside DICOM go through CLosslessJPEG rather than DCMTK's IJG
    /// codec; off only in tests and benchmarks that compare the two (or with the environment
    /// variable `MEDPREP_LOSSLESS_JPEG=dcmtk`, which Benchmarks/LosslessDecode uses).
    public var decodesLosslessJPEGWithCLosslessJPEG = DecodeOptions.losslessJPEGDefault
    /// Whether non-interlaced 8/16-bit gray and RGB(A) PNGs are inflated by libdeflate (PNGReader.c)
    /// rather than libpng; off only in tests that compare the two.
    var decodesPNGWithLibdeflate = true
    /// Whether color images come back as one gray channel (``GrayReduction`` says how): a YCbCr JPEG
    /// decoded straight to luminance, PNG RGB(A) reduced while its rows are unfiltered, DICOM RGB
    /// reduced after decoding, all with OpenCV's `COLOR_RGB2GRAY` weights. Off by default: color is kept.
    public var decodesColorAsGray = false

    /// Creates options.
    public init(
        frame: Int = 0, minimumSize: (width: Int, height: Int)? = nil, maximumPixelBytes: Int = 1 << 31,
        maximumPixels: Int = DecodeOptions.defaultMaximumPixels
    ) {
        self.frame = frame
        self.minimumSize = minimumSize
        self.maximumPixelBytes = maximumPixelBytes
        self.maximumPixels = maximumPixels
    }

    /// 2^26 = 67,108,864 pixels (8192 x 8192): half again the largest mammograms, digitized film
    /// at 42 µm (DDSM's DBA scans, about 5700 x 7100 = 41 MP), and more than twice the largest
    /// detector (4800 x 6000 at 50 µm = 29 MP). Such a frame of 16-bit RGB is 384 MiB.
    public static let defaultMaximumPixels = 1 << 26

    /// Throws `tooLarge` when `width` x `height` is over ``maximumPixels``; no arithmetic can overflow.
    func checkPixelCount(width: Int, height: Int, path: String, location: ImageError.Location? = nil)
        throws(ImageError)
    {
        let product = width.multipliedReportingOverflow(by: height)
        guard product.overflow || product.partialValue > maximumPixels || width < 0 || height < 0 else { return }
        let count = product.overflow ? "more than \(Int.max)" : "\(product.partialValue)"
        throw ImageError(
            .tooLarge, path: path, location: location,
            reason: "the header claims \(width)x\(height) = \(count) pixels, over the limit of \(maximumPixels) pixels (--max-pixels)")
    }

    public static func == (lhs: DecodeOptions, rhs: DecodeOptions) -> Bool {
        lhs.frame == rhs.frame && lhs.minimumSize?.width == rhs.minimumSize?.width
            && lhs.minimumSize?.height == rhs.minimumSize?.height && lhs.maximumPixelBytes == rhs.maximumPixelBytes
            && lhs.maximumPixels == rhs.maximumPixels && lhs.decodesColorAsGray == rhs.decodesColorAsGray
    }
}
