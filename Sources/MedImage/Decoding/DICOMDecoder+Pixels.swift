/// Stored values: DCMTK decodes one frame, Swift lays the samples out the way pydicom does.
extension DICOMDecoder {
    /// The stored values of `frame` and the photometric interpretation they are in.
    static func storedValues(
        of dataSet: DICOMDataSet, layout: DICOMPixelLayout, pixelInfo: PixelDataInfo,
        syntax: TransferSyntax, frame: Int, path: String, options: DecodeOptions
    ) throws(ImageError) -> (buffer: AnyPixelBuffer, photometric: PhotometricInterpretation) {
        let pixelDataTag = ImageError.Location.element(group: 0x7FE0, element: 0x0010)
        let encapsulated = pixelInfo.encapsulated
        try options.checkPixelCount(
            width: layout.columns, height: layout.rows, path: path, location: .element(group: 0x0028, element: 0x0010))
        let outputBytes = layout.samplesPerFrame.multipliedReportingOverflow(by: layout.bytesPerSample)
        guard !outputBytes.overflow, outputBytes.partialValue <= options.maximumPixelBytes else {
            throw ImageError(
                .tooLarge, path: path, location: .element(group: 0x0028, element: 0x0010),
                reason:
                    "\(layout.columns)x\(layout.rows)x\(layout.samplesPerPixel) samples of \(layout.bitsAllocated) bits exceed the limit of \(options.maximumPixelBytes) bytes"
            )
        }

        if layout.bitsAllocated == 12,
            encapsulated || syntax.uid == "1.2.840.10008.1.2.2" || (layout.frameCount > 1 && layout.samplesPerFrame % 2 == 1)
        {
            // Packed 12-bit is a native layout: DCMTK swaps big-endian OW data by 16-bit words, which
            // scrambles 3-byte groups, and an odd frame would make the next start inside a byte.
            throw ImageError(
                .unsupported, path: path, location: .element(group: 0x0028, element: 0x0100),
                reason:
                    "BitsAllocated 12 (packed) is supported only in little-endian native Pixel Data with whole bytes per frame (\(syntax.name))"
            )
        }
        // Native data must hold every frame the header announces (pydicom refuses less, too).
        var subsampled = false
        if !encapsulated {
            let available = pixelInfo.length
            var frameBytes = layout.nativeFrameBytes(subsampled: false)
            if layout.photometric == .ybrFull422 && layout.samplesPerPixel == 3 {
                // Some writers label full 3-sample data YBR_FULL_422; pydicom accepts both sizes.
                let subsampledBytes = layout.nativeFrameBytes(subsampled: true)
                if available < frameBytes * layout.frameCount {
                    subsampled = true
                    frameBytes = subsampledBytes
                }
            }
            // Saturating: a hostile Number of Frames must not overflow into a small, passing number.
            let expected =
                layout.bitsAllocated == 1
                ? (min(saturatingProduct(layout.samplesPerFrame, layout.frameCount), .max - 7) + 7) / 8
                : saturatingProduct(frameBytes, layout.frameCount)
            guard available >= expected else {
                throw ImageError(
                    .inconsistent, path: path, location: pixelDataTag,
                    reason:
                        "Pixel Data holds \(available) bytes, but Rows \(layout.rows) x Columns \(layout.columns) x SamplesPerPixel \(layout.samplesPerPixel) x BitsAllocated \(layout.bitsAllocated) / 8 x \(layout.frameCount) frame(s) need \(expected)"
                )
            }
        } else {
            // A compressed frame cannot expand without bound: refuse headers that promise far more
            // pixels than any codec could produce from the fragments actually present.
            let compressed = pixelInfo.length
            if outputBytes.partialValue > 64 << 20, outputBytes.partialValue / 4096 > compressed {
                throw ImageError(
                    .tooLarge, path: path, location: pixelDataTag,
                    reason:
                        "\(outputBytes.partialValue) bytes of pixels announced for \(compressed) bytes of compressed data"
                )
            }
        }

        if encapsulated, syntax.uid == TransferSyntax.rleLosslessUID {
            return try rleFrame(
                of: dataSet, layout: layout, pixelInfo: pixelInfo, syntax: syntax, frame: frame, path: path)
        }
        if encapsulated, var words = try losslessJPEGFrame(
            of: dataSet, layout: layout, pixelInfo: pixelInfo, syntax: syntax, frame: frame, path: path,
            options: options)
        {
            let (unpacked, photometric) = try unpacking(
                encapsulated: true, of: dataSet, layout: layout, subsampled: subsampled, planar: 0,
                syntax: syntax, frame: frame, path: path)
            if let stored = unpacked.buffer(takingWords: &words, photometric: photometric) { return stored }
            if layout.bitsAllocated == 16 {
                return words.withUnsafeBytes { unpacked.buffer(from: $0, photometric: photometric) }
            }
            let bytes = words.map { UInt8(truncatingIfNeeded: $0) }
            return bytes.withUnsafeBytes { unpacked.buffer(from: $0, photometric: photometric) }
        }
        if encapsulated {
            // DCMTK's frame size can differ from ours (YBR_FULL_422); allocate the larger. Zeroed:
            // a codec that writes fewer bytes must leave zeros, not whatever the heap held.
            var raw = [UInt8](repeating: 0, count: max(pixelInfo.frameSize, outputBytes.partialValue, 2) + 8)
            let planar: Int
            switch raw.withUnsafeMutableBytes({ dataSet.decodeFrame(frame, into: $0) }) {
            case .success(let value):
                planar = Self.planarConfiguration(after: syntax, reported: value)
            case .failure(let failure):
                let code: ImageError.Code = failure.kind == Int32(CDCMTKKind.unsupported) ? .unsupported : .malformed
                throw ImageError(
                    code, path: path, location: .frame(frame),
                    reason: "cannot decode frame \(frame) (\(syntax.name)): \(failure.message)")
            }
            let (unpacked, photometric) = try unpacking(
                encapsulated: true, of: dataSet, layout: layout, subsampled: subsampled, planar: planar,
                syntax: syntax, frame: frame, path: path)
            return raw.withUnsafeBytes { unpacked.buffer(from: $0, photometric: photometric) }
        }

        // Native 8- and 16-bit frames are read where they lie (the file's bytes, or DCMTK's copy of a
        // short, swapped or inflated value): no zeroed buffer, no copy.
        let frameBytes = layout.nativeFrameBytes(subsampled: subsampled)
        if layout.bitsAllocated != 1,
            let result = try dataSet.withNativePixelData(
                offset: frame * frameBytes, count: frameBytes,
                { (raw) throws(ImageError) in
                    let (unpacked, photometric) = try unpacking(
                        encapsulated: false, of: dataSet, layout: layout, subsampled: subsampled,
                        planar: layout.planarConfiguration, syntax: syntax, frame: frame, path: path)
                    return unpacked.buffer(from: raw, photometric: photometric)
                })
        {
            return result
        }

        // Otherwise copy this frame's bytes; 1-bit frames may start inside a byte (pydicom counts bits).
        var offset = frame * frameBytes
        var count = frameBytes
        var bitShift = 0
        if layout.bitsAllocated == 1 {
            let firstBit = frame * layout.samplesPerFrame
            offset = firstBit / 8
            bitShift = firstBit % 8
            count = min((bitShift + layout.samplesPerFrame + 7) / 8, pixelInfo.length - offset)
        }
        var raw = [UInt8](repeating: 0, count: max(count, outputBytes.partialValue) + 8)
        let result = raw.withUnsafeMutableBytes {
            dataSet.readNative(offset: offset, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<count]))
        }
        if case .failure(let failure) = result {
            throw ImageError(
                .malformed, path: path, location: .frame(frame),
                reason: "cannot read frame \(frame) of Pixel Data: \(failure.message)")
        }
        if bitShift > 0 {
            for index in 0..<count {
                raw[index] = raw[index] >> UInt8(bitShift) | raw[index + 1] << UInt8(8 - bitShift)
            }
        }
        let (unpacked, photometric) = try unpacking(
            encapsulated: false, of: dataSet, layout: layout, subsampled: subsampled,
            planar: layout.planarConfiguration, syntax: syntax, frame: frame, path: path)
        return raw.withUnsafeBytes { unpacked.buffer(from: $0, photometric: photometric) }
    }

    /// How to turn the frame just read into stored values, and the photometric interpretation the
    /// samples are in: a JPEG codestream's markers can override the header's (checked after the
    /// frame is read, so that a frame that does not decode reports that first).
    private static func unpacking(
        encapsulated: Bool, of dataSet: DICOMDataSet, layout: DICOMPixelLayout, subsampled: Bool, planar: Int,
        syntax: TransferSyntax, frame: Int, path: String
    ) throws(ImageError) -> (samples: StoredSamples, photometric: PhotometricInterpretation) {
        var photometric = layout.photometric
        let isJPEGLS = syntax.uid == "1.2.840.10008.1.2.4.80" || syntax.uid == "1.2.840.10008.1.2.4.81"
        var codestream: JPEGCodestreamInfo?
        if encapsulated, syntax.isJPEGFamily {
            codestream = dataSet.withFragment(1) { JPEGCodestreamInfo($0) } ?? nil
        }
        if layout.samplesPerPixel == 3, let info = codestream {
            if info.hasRGBComponentIDs && photometric != .rgb {
                photometric = .rgb
            } else if info.hasJFIF && !photometric.rawValue.contains("YBR") {
                photometric = syntax.uid == "1.2.840.10008.1.2.4.50" ? .ybrFull422 : .ybrFull
            }
        }
        if layout.samplesPerPixel == 3, layout.bitsAllocated > 8, photometric == .ybrFull || photometric == .ybrFull422
        {
            // pydicom's YCbCr conversion is 8-bit only and refuses these; so do we, rather than
            // return values nobody else would.
            throw ImageError(
                .unsupported, path: path, location: .element(group: 0x0028, element: 0x0004),
                reason: "\(photometric.rawValue) with \(layout.bitsAllocated) bits per sample is not supported (8 only)"
            )
        }
        var unpacked = StoredSamples(layout: layout, subsampled: subsampled, planar: planar)
        // DCMTK swaps big-endian OW data by 16-bit words; a 32-bit sample's halves are then exchanged.
        unpacked.swapsHalves = !encapsulated && layout.bitsAllocated == 32 && syntax.uid == "1.2.840.10008.1.2.2"
        if isJPEGLS {
            // JPEG-LS cannot say "signed": pydicom sign-extends from the codestream's precision
            // and leaves unused bits alone, so we do the same (they agree whenever P = Bits Stored).
            unpacked.masksUnusedBits = false
            if let precision = codestream?.precision, (2...16).contains(precision) { unpacked.signBits = precision }
        }
        return (unpacked, photometric)
    }

    /// The layout of samples DCMTK's codecs hand back for color frames.
    ///
    /// RLE decodes segment by segment, that is color-by-plane (PS3.5 G.2); the JPEG and JPEG-LS
    /// codecs return color-by-pixel.
    private static func planarConfiguration(after syntax: TransferSyntax, reported: Int) -> Int {
        syntax.uid == "1.2.840.10008.1.2.5" ? reported : 0
    }
}

/// `a * b`, or `Int.max` when that overflows.
func saturatingProduct(_ a: Int, _ b: Int) -> Int {
    let product = a.multipliedReportingOverflow(by: b)
    return product.overflow ? .max : product.partialValue
}

extension TransferSyntax {
    /// JPEG (ISO 10918) and JPEG-LS syntaxes, whose codestream markers carry color hints.
    var isJPEGFamily: Bool {
        uid.hasPrefix("1.2.840.10008.1.2.4.5") || uid.hasPrefix("1.2.840.10008.1.2.4.7")
            || uid.hasPrefix("1.2.840.10008.1.2.4.8")
    }
}
