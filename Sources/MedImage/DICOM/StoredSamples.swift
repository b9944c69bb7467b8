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
    func buffer(from raw: UnsafeRawBufferPointer, photometric: PhotometricInterpretation)
        -> (buffer: AnyPixelBuffer, photometric: PhotometricInterpretation)
    {
        let count = layout.samplesPerFrame
        let width = layout.columns, height = layout.rows, channels = layout.samplesPerPixel
        let toRGB = channels == 3 && (photometric == .ybrFull || photometric == .ybrFull422)
        switch layout.bitsAllocated {
        case 1:
            var samples = [UInt8](repeating: 0, count: count)
            for index in 0..<count { samples[index] = (raw[index >> 3] >> UInt8(index & 7)) & 1 }
            return (
                .uint8(PixelBuffer(width: width, height: height, channels: channels, samples: samples)), photometric
            )
        case 8:
            var samples = arrange(Array(raw.prefix(subsampled ? width * height * 2 : count)))
            let bits = layout.bitsStored
            if layout.isSigned {
                let bits = min(signBits ?? bits, 8)
                let wide = samples.map { signExtended(Int32($0), bits: bits) }
                return (
                    .int16(
                        PixelBuffer(
                            width: width, height: height, channels: channels,
                            samples: wide.map { Int16($0) })), photometric
                )
            }
            if bits < 8 && masksUnusedBits {
                let mask = UInt8((1 << bits) - 1); for i in samples.indices { samples[i] &= mask }
            }
            if toRGB { ColorConversion.convertYBRFullToRGB(&samples) }
            return (
                .uint8(PixelBuffer(width: width, height: height, channels: channels, samples: samples)),
                toRGB ? .rgb : photometric
            )
        default:
            let wordCount = subsampled ? width * height * 2 : count
            var words = [UInt16](repeating: 0, count: wordCount)
            words.withUnsafeMutableBytes {
                $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw.prefix(wordCount * 2)))
            }
            var samples = arrange(words)
            let bits = layout.bitsStored
            if layout.isSigned {
                let bits = signBits ?? bits
                let wide = samples.map { Int16(truncatingIfNeeded: signExtended(Int32($0), bits: bits)) }
                return (
                    .int16(PixelBuffer(width: width, height: height, channels: channels, samples: wide)), photometric
                )
            }
            if bits < 16 && masksUnusedBits {
                let mask = UInt16((1 << bits) - 1); for i in samples.indices { samples[i] &= mask }
            }
            return (
                .uint16(PixelBuffer(width: width, height: height, channels: channels, samples: samples)), photometric
            )
        }
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
                output.append(contentsOf: [y1, cb, cr])
                if output.count < pixels * 3 { output.append(contentsOf: [y2, cb, cr]) }
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

/// `value`'s low `bits` bits read as a two's complement number.
@inline(__always)
func signExtended(_ value: Int32, bits: Int) -> Int32 {
    let shift = Int32(32 - bits)
    return (value << shift) >> shift
}
