import MedImage

extension ValueHistogram {
    /// The histogram of modality values, from 65536 equal bins between the minimum and maximum.
    ///
    /// Values within one bin (1/65535 of the range) merge at the bin's center, so percentiles and
    /// equalization of float images are exact to that resolution; min, max, mean and standard
    /// deviation are those of the bin centers. NaN and infinite samples (a modality value past
    /// Float's range, from a rescale slope of 1e300) are ignored: no bin holds them.
    static func binned(_ image: PixelBuffer<Float>, modality: ModalityLUT) -> ValueHistogram {
        var low = Float.infinity, high = -Float.infinity
        for v in image.samples where v.isFinite { low = Swift.min(low, v); high = Swift.max(high, v) }
        guard low <= high else { return ValueHistogram(pairs: []) }
        let step = high > low ? (Double(high) - Double(low)) / 65535 : 1
        var counts = [Int](repeating: 0, count: 65536)
        for v in image.samples where v.isFinite { counts[Int(((Double(v) - Double(low)) / step).rounded())] += 1 }
        var pairs: [(value: Double, count: Int)] = []
        for (i, c) in counts.enumerated() where c > 0 { pairs.append((modality(Double(low) + Double(i) * step), c)) }
        return ValueHistogram(pairs: pairs)
    }
}

extension PixelBuffer where Sample == Float {
    /// This image normalized to `Out`.
    ///
    /// Linear curves (linear windows, min-max, percentile, z-score, passthrough) with an identity
    /// or rescale modality run in ``LinearMapKernel`` in `Float` (within 1e-6 relative of the
    /// `Double` formula; ties may round differently); the others evaluate the `Double` formula per sample.
    /// - Complexity: O(pixels).
    public func normalized<Out: NormalizedSample>(
        _ normalization: Normalization, modality: ModalityLUT = .identity,
        fileWindow: VOIWindow? = nil, invert: Bool = false,
        as _: Out.Type = Out.self
    ) -> PixelBuffer<Out> {
        let mapping = intensityMapping(normalization, modality: modality, fileWindow: fileWindow, invert: invert)
        var output = PixelBuffer<Out>(width: width, height: height, channels: channels, repeating: Out.quantized(0))
        apply(mapping, into: &output)
        return output
    }

    /// Maps this image through a resolved mapping into `output` (resized when its size differs).
    public func apply<Out: NormalizedSample>(_ mapping: IntensityMapping, into output: inout PixelBuffer<Out>) {
        if output.width != width || output.height != height || output.channels != channels {
            output = PixelBuffer<Out>(width: width, height: height, channels: channels, repeating: Out.quantized(0))
        }
        let top = Out.rangeMaximum, isFloat = Out.isFloatingPoint
        if let (scale, offset, clamp) = mapping.linearCoefficients(ymax: top, floatOutput: isFloat),
            Out.self == UInt8.self || Out.self == UInt16.self || Out.self == Float.self
        {
            withUnsafeBufferPointer { src in
                output.withUnsafeMutableBufferPointer { dst in
                    let d = UnsafeMutableRawPointer(dst.base)
                    let (s, o, lo, hi) = (Float(scale), Float(offset), Float(0), Float(top))
                    if Out.self == UInt8.self {
                        LinearMapKernel.apply(
                            src, scale: s, offset: o, clamp: clamp, low: lo, high: hi, into: d, UInt8.self)
                    } else if Out.self == UInt16.self {
                        LinearMapKernel.apply(
                            src, scale: s, offset: o, clamp: clamp, low: lo, high: hi, into: d, UInt16.self)
                    } else {
                        LinearMapKernel.apply(
                            src, scale: s, offset: o, clamp: clamp, low: lo, high: hi, into: d, Float.self)
                    }
                }
            }
            return
        }
        withUnsafeBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                for i in src.indices {
                    dst[i] = Out.quantized(mapping.value(stored: Double(src[i]), ymax: top, floatOutput: isFloat))
                }
            }
        }
    }
}

extension IntensityMapping {
    /// `(scale, offset, clamp)` with `value = stored * scale + offset` (clamped to `0...ymax` when
    /// `clamp`), when the whole chain is linear; `nil` otherwise.
    func linearCoefficients(ymax: Double, floatOutput: Bool) -> (Double, Double, Bool)? {
        let slope: Double, intercept: Double
        switch modality {
        case .identity: (slope, intercept) = (1, 0)
        case .rescale(let s, let i, _): (slope, intercept) = (s, i)
        case .table: return nil
        }
        var a: Double, b: Double, clamp = true  // y = m * a + b
        switch curve {
        case .window(let w):
            switch w.function {
            case .linear:
                a = ymax / (w.width - 1)
                b = -(w.center - 0.5 - (w.width - 1) / 2) * a
            case .linearExact:
                a = ymax / w.width
                b = -(w.center - w.width / 2) * a
            case .sigmoid: return nil
            }
        case .linear(let low, let high):
            guard high > low else { return nil }
            a = ymax / (high - low)
            b = -low * a
        case .zScore(let mean, let sd):
            guard sd > 0 else { return nil }
            if floatOutput {
                (a, b, clamp) = (1 / sd, -mean / sd, false)
                if invert { (a, b) = (-a, -b) }
                return (slope * a, intercept * a + b, clamp)
            }
            a = ymax / (6 * sd)
            b = (3 - mean / sd) / 6 * ymax
        case .cumulative, .lookupTable: return nil
        case .passthrough(let low, let high):
            (a, b, clamp) = (1, 0, !floatOutput)
            if invert { (a, b) = (-1, low + high) }
            return (slope * a, intercept * a + b, clamp)
        }
        if invert { (a, b) = (-a, ymax - b) }
        return (slope * a, intercept * a + b, clamp)
    }
}
