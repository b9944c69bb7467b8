/// YCbCr to RGB conversion of 8-bit samples, exactly as pydicom computes it.
///
/// PS3.3 C.7.6.3.1.2 defines YBR_FULL with the ITU-R BT.601 full-range equations. pydicom
/// (`pixels.processing._convert_YBR_FULL_to_RGB`) evaluates them in 32-bit floats with these
/// coefficients, adds 0.5, floors and clips to 0...255; repeating that operation order gives
/// bit-identical results, which is what stored-value parity with `pixel_array` needs.
enum ColorConversion {
    private static let crToR: Float = 1.402
    // Evaluated in Double and then rounded once to Float, as numpy builds its float32 matrix.
    private static let cbToG = Float(-0.114 * 1.772 / 0.587 as Double)
    private static let crToG = Float(-0.299 * 1.402 / 0.587 as Double)
    private static let cbToB: Float = 1.772

    /// Converts interleaved Y, Cb, Cr bytes to R, G, B in place.
    ///
    /// - Complexity: O(n); no allocation.
    static func convertYBRFullToRGB(_ samples: inout [UInt8]) {
        precondition(samples.count % 3 == 0, "YBR samples must come in triples")
        samples.withUnsafeMutableBufferPointer { buffer in
            var index = 0
            while index + 2 < buffer.count {
                let y = Float(buffer[index])
                let cb = Float(buffer[index + 1]) - 128
                let cr = Float(buffer[index + 2]) - 128
                // Same sums as the float32 matrix product [y, cb, cr] x M, term by term.
                let r = y + cb * 0 + cr * crToR
                let g = y + cb * cbToG + cr * crToG
                let b = y + cb * cbToB + cr * 0
                buffer[index] = quantized(r)
                buffer[index + 1] = quantized(g)
                buffer[index + 2] = quantized(b)
                index += 3
            }
        }
    }

    @inline(__always)
    private static func quantized(_ value: Float) -> UInt8 {
        let rounded = (value + 0.5).rounded(.down)
        return UInt8(min(max(rounded, 0), 255))
    }
}
