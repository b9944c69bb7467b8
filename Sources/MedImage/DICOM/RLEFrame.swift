/// Decodes one RLE Lossless frame (PS3.5 Annex G) with every length checked, in place of DCMTK's
/// decoder, which trusts the header (issue 14: a huge offset or an empty fragment crashed it, and a
/// frame cut to 20 bytes came back as heap bytes).
///
/// A frame is a 64-byte header (segment count, then 15 segment offsets, little endian) and one
/// PackBits segment per byte of every sample: sample 0's most significant byte first (G.2).
/// The header must announce exactly SamplesPerPixel x BitsAllocated / 8 segments at increasing
/// offsets inside the frame, starting at 64, and each segment must decode to at least Rows x
/// Columns bytes. A segment that decodes to more is padded (pydicom accepts it with a warning;
/// the extra bytes are dropped, and the decoder says so in ``warnings``).
struct RLEFrame {
    var rows: Int
    var columns: Int
    var samplesPerPixel: Int
    /// Bytes per sample: 1, 2 or 4.
    var bytesPerSample: Int

    /// Why a frame is refused: the reason and the byte of the frame it concerns.
    struct Failure: Error, Equatable {
        var offset: Int
        var reason: String
    }

    /// Bytes of the decoded frame.
    var outputBytes: Int { rows * columns * samplesPerPixel * bytesPerSample }

    /// Decodes `frame` into `output` (at least ``outputBytes``): samples interleaved (color-by-pixel),
    /// each in the machine's byte order.
    ///
    /// - Returns: warnings about bytes the frame holds beyond what the image needs.
    func decode(_ frame: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(Failure)
        -> [String]
    {
        let segments = samplesPerPixel * bytesPerSample
        guard frame.count >= 64 else {
            throw Failure(offset: 0, reason: "the frame holds \(frame.count) bytes, fewer than the 64-byte RLE header")
        }
        precondition(output.count >= outputBytes)
        func word(_ index: Int) -> Int {
            Int(frame.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self).littleEndian)
        }
        let announced = word(0)
        guard announced == segments else {
            throw Failure(
                offset: 0,
                reason:
                    "the RLE header announces \(announced) segment(s), but SamplesPerPixel \(samplesPerPixel) x \(bytesPerSample) byte(s) per sample need \(segments)"
            )
        }
        var offsets = (1...segments).map(word)
        guard offsets[0] == 64 else {
            throw Failure(offset: 4, reason: "the first RLE segment starts at byte \(offsets[0]), not 64")
        }
        for index in 0..<segments {
            let next = index + 1 < segments ? offsets[index + 1] : frame.count
            guard offsets[index] < next, next <= frame.count else {
                throw Failure(
                    offset: 4 + 4 * min(index + 1, segments - 1),
                    reason: index + 1 < segments
                        ? "RLE segment \(index + 1) starts at byte \(offsets[index + 1]), not after segment \(index) (byte \(offsets[index])) and inside the \(frame.count)-byte frame"
                        : "RLE segment \(index) starts at byte \(offsets[index]), past the end of the \(frame.count)-byte frame"
                )
            }
        }
        offsets.append(frame.count)

        let pixels = rows * columns
        var warnings = [String]()
        var plane = [UInt8](repeating: 0, count: pixels)
        let stride = samplesPerPixel * bytesPerSample
        for segment in 0..<segments {
            let start = offsets[segment], end = offsets[segment + 1]
            let produced = plane.withUnsafeMutableBufferPointer { target in
                Self.unpackBits(UnsafeRawBufferPointer(rebasing: frame[start..<end]), into: target)
            }
            guard produced >= pixels else {
                throw Failure(
                    offset: start,
                    reason:
                        "RLE segment \(segment) (bytes \(start)..<\(end)) decodes to \(produced) bytes; Rows \(rows) x Columns \(columns) need \(pixels)"
                )
            }
            if produced > pixels {
                warnings.append(
                    "RLE segment \(segment) decodes to \(produced) bytes, \(produced - pixels) more than the image needs (dropped)"
                )
            }
            // Segment s * bytesPerSample + b holds byte b, most significant first, of sample s.
            let sample = segment / bytesPerSample, significance = bytesPerSample - 1 - segment % bytesPerSample
            let byteInSample = Self.isLittleEndian ? significance : bytesPerSample - 1 - significance
            let first = sample * bytesPerSample + byteInSample
            let out = output.bindMemory(to: UInt8.self)
            plane.withUnsafeBufferPointer { source in
                var position = first
                for index in 0..<pixels {
                    out[position] = source[index]
                    position += stride
                }
            }
        }
        return warnings
    }

    /// PackBits (G.3.1): writes at most `target.count` bytes and returns how many the segment
    /// decodes to (which may be more; a run cut short by the segment's end counts what is there).
    static func unpackBits(_ segment: UnsafeRawBufferPointer, into target: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var input = 0, produced = 0
        let capacity = target.count, count = segment.count
        while input < count {
            let header = Int(Int8(bitPattern: segment[input]))
            input += 1
            if header >= 0 {
                let length = min(header + 1, count - input)
                let copied = max(0, min(length, capacity - produced))
                for index in 0..<copied { target[produced + index] = segment[input + index] }
                input += length
                produced += length
            } else if header != -128 {
                guard input < count else { break }
                let value = segment[input]
                input += 1
                let length = 1 - header
                let filled = max(0, min(length, capacity - produced))
                for index in 0..<filled { target[produced + index] = value }
                produced += length
            }
        }
        return produced
    }

    private static let isLittleEndian = 1.littleEndian == 1
}
