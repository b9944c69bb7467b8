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

    /// Creates options.
    public init(frame: Int = 0, minimumSize: (width: Int, height: Int)? = nil, maximumPixelBytes: Int = 1 << 31) {
        self.frame = frame
        self.minimumSize = minimumSize
        self.maximumPixelBytes = maximumPixelBytes
    }

    public static func == (lhs: DecodeOptions, rhs: DecodeOptions) -> Bool {
        lhs.frame == rhs.frame && lhs.minimumSize?.width == rhs.minimumSize?.width
            && lhs.minimumSize?.height == rhs.minimumSize?.height && lhs.maximumPixelBytes == rhs.maximumPixelBytes
    }
}
