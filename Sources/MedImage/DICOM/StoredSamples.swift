/// Turns one decoded frame (machine byte order, as DCMTK writes it) into stored values.
///
/// The rules are pydicom's, so that the result equals `Dataset.pixel_array` for the frame:
/// - 1-bit data are unpacked least significant bit first into 0/1 bytes;
/// - Bits Stored < Bits Allocated: unsigned values keep their low Bits Stored bits, signed ones
///   are sign-extended from bit Bits Stored - 1 (pydicom's shift left then right; it ignores
///   High Bit, which every writer we know sets to Bits Stored - 1);
/// - YBR_FULL_422 native data (Y1 Y2 Cb Cr per pixel pair) are expanded to three samples;
/// - color-by-plane is interleaved; 8-bit YBR_FULL and YBR_FULL_422 become RGB.
struct StoredSamples {
    var layout: DICOMPixelLayout
    var subsampled: Bool
    var planar: Int
    /// Whether bits above Bits Stored are cleared (unsigned) or replaced by the sign (signed).
    var masksUnusedBits = true
    /// The bit width signed values are sign-extended from; Bits Stored unless the codec says otherwise.
    var signBits: Int?

    init(layout: DICOMPixelLayout, subsampled: Bool, planar: Int) {
        self.layout = layout
        self.subsampled = subsampled
        self.planar = planar
    }

    /// The stored values and the photometric interpretation they end up in.
    ///
    /// `raw` holds at least one frame as stored (for 8 and 16 bits, a shorter one reads as if
    /// padded with zeros). Gray and color-by-pixel frames go from `raw` to the result in one pass;
    /// color-by-plane and 4:2:2 frames are rearranged into a scratch array first.
    func buffer(from raw: UnsafeRawBufferPointer, photometric: PhotometricInterpretation)
        -> (buffer: AnyPixelBuffer, photometric: PhotometricInterpretation)
    {
        let count = layout.samplesPerFrame
        let width = layout.columns, height = layout.rows, channels = layout.samplesPerPixel
        let toRGB = channels == 3 && (photometric == .ybrFull || photometric == .ybrFull422)
        func image<Sample>(_ samples: [Sample]) -> PixelBuffer<Sample> {
            PixelBuffer(width: width, height: height, channels: channels, samples: samples)
        }
        if layout.bitsAllocated == 1 {
            var samples = [UInt8](repeating: 0, count: count)
            for index in 0..<count { samples[index] = (raw[index >> 3] >> UInt8(index & 7)) & 1 }
            return (.uint8(image(samples)), photometric)
        }
        if layout.bitsAllocated == 12 {
            // Packed 12-bit (native only): unpacked to 16-bit words, then masked or sign-extended as those.
            var wide = self
            wide.layout.bitsAllocated = 16
            return Self.unpacked12(raw, count: count).withUnsafeBytes { wide.buffer(from: $0, photometric: photometric) }
        }
        let storedBytes = (subsampled ? width * height * 2 : count) * layout.bytesPerSample
        if raw.count < storedBytes {
            // Callers pass whole frames; were one short, its missing samples would read as 0.
            var padded = [UInt8](repeating: 0, count: storedBytes)
            padded.withUnsafeMutableBytes { $0.copyMemory(from: raw) }
            return padded.withUnsafeBytes { buffer(from: $0, photometric: photometric) }
        }
        let stored = UnsafeRawBufferPointer(rebasing: raw[0..<storedBytes])
        switch layout.bitsAllocated {
        case 32:
            let values = wide32(stored)
            // Float holds every integer up to 2^24 exactly; a frame with larger values keeps Double.
            if values.allSatisfy({ abs($0) < 16_777_216 }) {
                return (.float32(image(values.map(Float.init))), photometric)
            }
            return (.float64(image(values)), photometric)
        case 8:
            if layout.isSigned { return (.int16(image(signExtended(stored, of: UInt8.self))), photometric) }
            var samples = masked(stored, of: UInt8.self)
            if toRGB { ColorConversion.convertYBRFullToRGB(&samples) }
            return (.uint8(image(samples)), toRGB ? .rgb : photometric)
        default:
            if layout.isSigned { return (.int16(image(signExtended(stored, of: UInt16.self))), photometric) }
            return (.uint16(image(masked(stored, of: UInt16.self))), photometric)
        }
    }

    /// The stored values of a frame of 16-bit unsigned words in pixel order, made from `words` in
    /// place (masked to Bits Stored unless ``masksUnusedBits`` is off), which leaves `words` empty:
    /// a decoder's output becomes the image without a second frame-sized array.
    ///
    /// - Returns: `nil`, with `words` untouched, for layouts that need ``buffer(from:photometric:)``:
    ///   other bit depths, signed values, color by plane or 4:2:2, or a frame of another size.
    func buffer(takingWords words: inout [UInt16], photometric: PhotometricInterpretation)
        -> (buffer: AnyPixelBuffer, photometric: PhotometricInterpretation)?
    {
        guard layout.bitsAllocated == 16, !layout.isSigned, words.count == layout.samplesPerFrame,
            layout.samplesPerPixel == 1 || (!subsampled && planar == 0)
        else { return nil }
        let bits = layout.bitsStored
        if bits < 16 && masksUnusedBits {
            let mask = UInt16(truncatingIfNeeded: (1 << bits) - 1)
            words.withUnsafeMutableBufferPointer { StoredSampleKernel.mask($0, with: mask) }
        }
        let samples = words
        words = []  // `samples` now holds the only reference: no copy
        let image = PixelBuffer(width: layout.columns, height: layout.rows, channels: layout.samplesPerPixel, samples: samples)
        return (.uint16(image), photometric)
    }

    /// 32-bit samples (RT dose, 32-bit RGB) as `Double` (exact for every 32-bit integer), masked to
    /// Bits Stored or sign-extended from it.
    /// With ``swapsHalves`` the 16-bit halves of each word are exchanged first (a big-endian file,
    /// which DCMTK swapped as 16-bit OW words).
    private func wide32(_ stored: UnsafeRawBufferPointer) -> [Double] {
        let bits = layout.bitsStored, count = layout.samplesPerFrame
        let mask: UInt32 = bits < 32 ? UInt32((1 << bits) - 1) : .max
        return withPixelOrder(stored, of: UInt32.self) { source in
            (0..<count).map { index in
                var word = source.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)
                if swapsHalves { word = word << 16 | word >> 16 }
                if layout.isSigned {
                    let shift = UInt32(32 - min(max(bits, 1), 32))
                    return Double(Int32(bitPattern: word << shift) >> Int32(shift))
                }
                return Double(word & mask)
            }
        }
    }

    /// `count` samples of packed 12-bit data: every 3 bytes b0 b1 b2 hold two samples,
    /// `b0 | (b1 & 0x0F) << 8` and `b1 >> 4 | b2 << 4` (GDCM's Unpacker12Bits; pydicom refuses the
    /// layout). Bytes past the end of `raw` read as 0.
    static func unpacked12(_ raw: UnsafeRawBufferPointer, count: Int) -> [UInt16] {
        func byte(_ index: Int) -> UInt16 { index < raw.count ? UInt16(raw[index]) : 0 }
        return (0..<count).map { index in
            let start = index / 2 * 3
            return index % 2 == 0
                ? byte(start) | (byte(start + 1) & 0x0F) << 8
                : byte(start + 1) >> 4 | byte(start + 2) << 4
        }
    }

    /// Whether 32-bit words arrive with their 16-bit halves exchanged (see ``wide32(_:)``).
    var swapsHalves = false

    /// The frame's words in pixel order, masked to Bits Stored unless ``masksUnusedBits`` is off.
    private func masked<Word: FixedWidthInteger & UnsignedInteger & BitwiseCopyable>(
        _ stored: UnsafeRawBufferPointer, of _: Word.Type
    ) -> [Word] {
        let bits = layout.bitsStored, count = layout.samplesPerFrame
        let mask: Word = bits < Word.bitWidth && masksUnusedBits ? Word((1 << bits) - 1) : .max
        return withPixelOrder(stored, of: Word.self) { source in
            [Word](unsafeUninitializedCapacity: count) { buffer, initialized in
                StoredSampleKernel.copy(from: source, into: buffer, mask: mask)
                initialized = count
            }
        }
    }

    /// The frame's words in pixel order, sign-extended from ``signBits`` (else Bits Stored).
    private func signExtended<Word: FixedWidthInteger & UnsignedInteger & BitwiseCopyable>(
        _ stored: UnsafeRawBufferPointer, of _: Word.Type
    ) -> [Int16] {
        let signWidth = min(signBits ?? layout.bitsStored, Word.bitWidth), count = layout.samplesPerFrame
        return withPixelOrder(stored, of: Word.self) { source in
            [Int16](unsafeUninitializedCapacity: count) { buffer, initialized in
                StoredSampleKernel.signExtend(from: source, as: Word.self, into: buffer, bits: signWidth)
                initialized = count
            }
        }
    }

    /// Calls `body` with the frame's samples in pixel order: `stored` itself for gray and
    /// color-by-pixel data, otherwise a copy with 4:2:2 pairs expanded and planes interleaved.
    private func withPixelOrder<Sample: FixedWidthInteger & BitwiseCopyable, Result>(
        _ stored: UnsafeRawBufferPointer, of type: Sample.Type, _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        guard layout.samplesPerPixel == 3, subsampled || planar == 1 else { return body(stored) }
        let size = MemoryLayout<Sample>.size
        let input = (0..<(stored.count / size)).map { stored.loadUnaligned(fromByteOffset: $0 * size, as: Sample.self) }
        return arrange(input).withUnsafeBytes(body)
    }

    /// Expands 4:2:2 pairs and interleaves planes, leaving gray data as they are.
    private func arrange<T: BitwiseCopyable>(_ input: [T]) -> [T] {
        guard layout.samplesPerPixel == 3 else { return input }
        let pixels = layout.rows * layout.columns
        if subsampled {
            // Each 4 samples Y1 Y2 Cb Cr hold two pixels; an odd last pixel has its own group.
            var output = [T]()
            output.reserveCapacity(pixels * 3)
            var index = 0
            while output.count < pixels * 3 && index + 3 < input.count {
                let y1 = input[index], y2 = input[index + 1], cb = input[index + 2], cr = input[index + 3]
                output.append(y1)
                output.append(cb)
                output.append(cr)
                if output.count < pixels * 3 {
                    output.append(y2)
                    output.append(cb)
                    output.append(cr)
                }
                index += 4
            }
            while output.count < pixels * 3 { output.append(input[0]) }
            return output
        }
        guard planar == 1 else { return input }
        var output = input
        for pixel in 0..<pixels {
            output[pixel * 3] = input[pixel]
            output[pixel * 3 + 1] = input[pixels + pixel]
            output[pixel * 3 + 2] = input[2 * pixels + pixel]
        }
        return output
    }
}
