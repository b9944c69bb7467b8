/// Modality and presentation values, for every format (PS3.3 C.11: modality LUT → VOI → presentation).
///
/// These are the scalar reference implementations, one `Double` evaluation of the standard's
/// formulas per sample; the fast SIMD kernels live in MedKernels and are tested against them.
extension DecodedImage {
    /// Stored values through the modality transformation (PS3.3 C.11.1), such as Hounsfield units.
    ///
    /// Gray images apply ``modalityLUT`` (rescale slope and intercept, or the Modality LUT
    /// Sequence); color and palette images return their stored samples unchanged, as floats.
    ///
    /// - Returns: one value per stored sample, same width, height and channels as ``stored``.
    /// - Complexity: O(n).
    public func modalityValues() -> PixelBuffer<Float> {
        let samples = stored.doubleSamples
        let lut = storedPhotometric.isMonochrome ? modalityLUT : .identity
        let values: [Float]
        switch lut {
        case .identity: values = samples.map { Float($0) }
        default: values = samples.map { Float(lut($0)) }
        }
        return PixelBuffer(width: stored.width, height: stored.height, channels: stored.channels, samples: values)
    }

    /// ``modalityValues()`` evaluated and kept in `Double`: for `float64` stored values (32-bit integers
    /// of 2^24 or more, Double Float Pixel Data), which `Float` would round or overflow.
    public func modalityValuesInDouble() -> PixelBuffer<Double> {
        let samples = stored.doubleSamples
        let lut = storedPhotometric.isMonochrome ? modalityLUT : .identity
        let values: [Double]
        if case .identity = lut { values = samples } else { values = samples.map { lut($0) } }
        return PixelBuffer(width: stored.width, height: stored.height, channels: stored.channels, samples: values)
    }

    /// Values ready to display or train on, in 0...1, where higher always means brighter.
    ///
    /// - Gray: modality values through the selected VOI window (``VOIWindow/normalized(_:)``:
    ///   LINEAR, LINEAR_EXACT or SIGMOID, PS3.3 C.11.2.1.2) or VOI LUT (divided by its largest
    ///   possible entry), then MONOCHROME1 inverted (`1 - v`). PNG and JPEG gray images, which carry
    ///   no VOI, use their full sample range.
    /// - PALETTE COLOR: each index through the red, green and blue palette tables.
    /// - Color: the stored samples (RGB; the DICOM decoder has already converted 8-bit YBR_FULL and
    ///   YBR_FULL_422) divided by the largest value Bits Stored allows.
    ///
    /// - Parameter selection: which window or LUT; ignored for color images.
    /// - Returns: 1 channel for gray, 3 for color and palette.
    /// - Complexity: O(n).
    public func presentationValues(_ selection: VOISelection = .automatic) -> PixelBuffer<Float> {
        if storedPhotometric == .paletteColor, stored.channels == 1, let palette, palette.count == 3 {
            return paletteValues(palette)
        }
        if stored.channels != 1 || !(storedPhotometric.isMonochrome || storedPhotometric == .paletteColor) {
            return colorValues()
        }
        if case .float64(let samples) = stored { return presentationValues(ofDoubles: samples, selection) }
        let modality = modalityValues()
        let transform = voiTransform(for: selection, modality: modality)
        let invert = storedPhotometric == .monochrome1
        var output = modality.samples
        for index in output.indices {
            var value = transform(Double(output[index]))
            if invert { value = 1 - value }
            output[index] = Float(value)
        }
        return PixelBuffer(width: modality.width, height: modality.height, channels: modality.channels, samples: output)
    }

    /// ``presentationValues(_:)`` for `float64` stored values (32-bit integers of 2^24 or more, Double
    /// Float Pixel Data): modality values and the min/max range stay `Double`, since `Float` would
    /// round them or overflow to infinity.
    private func presentationValues(ofDoubles image: PixelBuffer<Double>, _ selection: VOISelection) -> PixelBuffer<Float> {
        let modality = modalityValuesInDouble().samples
        let transform = voiTransform(for: selection) { () -> (low: Double, high: Double)? in
            let finite = modality.filter(\.isFinite)
            guard let low = finite.min(), let high = finite.max() else { return nil }
            return (low, high)
        }
        let invert = storedPhotometric == .monochrome1
        let output = modality.map { value -> Float in
            let y = transform(value)
            return Float(invert ? 1 - y : y)
        }
        return PixelBuffer(width: image.width, height: image.height, channels: image.channels, samples: output)
    }

    /// The VOI function chosen by `selection`, mapping a modality value to 0...1.
    func voiTransform(for selection: VOISelection, modality: PixelBuffer<Float>) -> (Double) -> Double {
        voiTransform(for: selection) {
            guard let low = modality.samples.min(), let high = modality.samples.max() else { return nil }
            return (low, high)
        }
    }

    /// The VOI function chosen by `selection`; `modalityRange` is asked only by the min/max fallback.
    func voiTransform(for selection: VOISelection, modalityRange: () -> (low: Float, high: Float)?)
        -> (Double) -> Double
    {
        voiTransform(for: selection) { () -> (low: Double, high: Double)? in
            modalityRange().map { (Double($0.low), Double($0.high)) }
        }
    }

    /// ``voiTransform(for:modalityRange:)`` with the range in `Double`.
    func voiTransform(for selection: VOISelection, modalityRange: () -> (low: Double, high: Double)?)
        -> (Double) -> Double
    {
        switch selection {
        case .explicit(let window):
            return { window.normalized($0) }
        case .window(index: let index) where windows.indices.contains(index):
            let window = windows[index]
            return { window.normalized($0) }
        case .lut(index: let index) where voiLUTs.indices.contains(index):
            return Self.lutTransform(voiLUTs[index])
        case .minMax:
            return minMaxTransform(modalityRange())
        case .automatic, .window, .lut:
            if let lut = voiLUTs.first { return Self.lutTransform(lut) }
            if let window = windows.first { return { window.normalized($0) } }
            if metadata.format != .dicom {
                // PNG and JPEG: the sample range is the intended display range.
                let maximum = Double((1 << metadata.bitsStored) - 1)
                return { min(max($0 / maximum, 0), 1) }
            }
            return minMaxTransform(modalityRange())
        }
    }

    /// A LINEAR_EXACT window from the minimum to the maximum value; constant images map to 0.
    private func minMaxTransform(_ range: (low: Double, high: Double)?) -> (Double) -> Double {
        guard let (low, high) = range, high > low else { return { _ in 0 } }
        let window = VOIWindow(
            center: low / 2 + high / 2, width: high - low,
            function: .linearExact)
        return { window.normalized($0) }
    }

    /// A VOI LUT lookup, the input truncated to an integer, the output scaled by the largest entry value.
    private static func lutTransform(_ lut: LookupTable) -> (Double) -> Double {
        let maximum = Double(lut.maximumOutput)
        return { value in Double(lut(flooring: value)) / maximum }
    }

    private func paletteValues(_ palette: [LookupTable]) -> PixelBuffer<Float> {
        let indices = stored.doubleSamples
        var output = [Float](repeating: 0, count: indices.count * 3)
        for (pixel, index) in indices.enumerated() {
            for channel in 0..<3 {
                let table = palette[channel]
                output[pixel * 3 + channel] = Float(Double(table(flooring: index)) / Double(table.maximumOutput))
            }
        }
        return PixelBuffer(width: stored.width, height: stored.height, channels: 3, samples: output)
    }

    private func colorValues() -> PixelBuffer<Float> {
        let samples = stored.doubleSamples
        let bits = metadata.bitsStored
        let maximum = Double((1 << bits) - 1)
        let values = samples.map { Float(min(max($0 / maximum, 0), 1)) }
        return PixelBuffer(width: stored.width, height: stored.height, channels: stored.channels, samples: values)
    }
}
