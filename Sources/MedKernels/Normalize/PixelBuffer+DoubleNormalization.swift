import MedImage

extension ValueHistogram {
    /// The histogram of modality values, binned as `Float`'s (65536 equal bins between the minimum
    /// and maximum; NaN and infinite samples ignored).
    static func binned(_ image: PixelBuffer<Double>, modality: ModalityLUT) -> ValueHistogram {
        var low = Double.infinity, high = -Double.infinity
        for v in image.samples where v.isFinite { low = Swift.min(low, v); high = Swift.max(high, v) }
        guard low <= high else { return ValueHistogram(pairs: []) }
        let step = high > low ? (high - low) / 65535 : 1
        var counts = [Int](repeating: 0, count: 65536)
        for v in image.samples where v.isFinite { counts[Int(((v - low) / step).rounded())] += 1 }
        var pairs: [(value: Double, count: Int)] = []
        for (i, c) in counts.enumerated() where c > 0 { pairs.append((modality(low + Double(i) * step), c)) }
        return ValueHistogram(pairs: pairs)
    }
}

extension PixelBuffer where Sample == Double {
    /// Maps this image through a resolved mapping into `output` (resized when its size differs),
    /// evaluating the `Double` formula per sample: 32-bit integer stored values and Double Float
    /// Pixel Data are rare enough that no fast path is kept for them.
    public func apply<Out: NormalizedSample>(_ mapping: IntensityMapping, into output: inout PixelBuffer<Out>) {
        if output.width != width || output.height != height || output.channels != channels {
            output = PixelBuffer<Out>(width: width, height: height, channels: channels, repeating: Out.quantized(0))
        }
        let top = Out.rangeMaximum, isFloat = Out.isFloatingPoint
        withUnsafeBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                for i in src.indices {
                    dst[i] = Out.quantized(mapping.value(stored: src[i], ymax: top, floatOutput: isFloat))
                }
            }
        }
    }
}
