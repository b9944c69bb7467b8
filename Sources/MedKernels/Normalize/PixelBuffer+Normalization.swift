import MedImage

extension PixelBuffer where Sample: MeasurableSample {
    /// The histogram of modality values of this image (see each sample type for the binning).
    ///
    /// - Parameter modality: Stored value to modality value.
    public func valueHistogram(modality: ModalityLUT = .identity) -> ValueHistogram {
        Sample.valueHistogram(of: self, modality: modality)
    }

    /// Resolves `normalization` for this image (statistics are computed only when needed).
    ///
    /// - Parameters:
    ///   - normalization: What to do.
    ///   - modality: The image's modality LUT (PS3.3 C.11.1).
    ///   - fileWindow: The file's first VOI window, for ``Normalization/fileWindow(fallback:)``.
    ///   - invert: `true` for MONOCHROME1 (applied after VOI, PS3.3 C.7.6.3.1.2).
    public func intensityMapping(
        _ normalization: Normalization, modality: ModalityLUT = .identity,
        fileWindow: VOIWindow? = nil, fileVOILUT: LookupTable? = nil,
        invert: Bool = false
    ) -> IntensityMapping {
        IntensityMapping.resolve(
            normalization, modality: modality, fileWindow: fileWindow, fileVOILUT: fileVOILUT,
            invert: invert
        ) {
            valueHistogram(modality: modality)
        }
    }
}

extension PixelBuffer where Sample: StoredSample {
    /// This image normalized to `Out`: stored value → modality → curve → inversion → quantization in one pass.
    ///
    /// Integer outputs equal `Out.quantized(mapping.value(...))` exactly: for a window, the
    /// standard's formula (PS3.3 C.11.2.1.2) rounded half to even.
    /// - Complexity: O(pixels + 65536); allocates the output and a table. Use
    ///   ``NormalizationTable`` for the allocation-free form.
    public func normalized<Out: NormalizedSample>(
        _ normalization: Normalization, modality: ModalityLUT = .identity,
        fileWindow: VOIWindow? = nil, invert: Bool = false,
        as _: Out.Type = Out.self
    ) -> PixelBuffer<Out> {
        let mapping = intensityMapping(normalization, modality: modality, fileWindow: fileWindow, invert: invert)
        let table = NormalizationTable<Sample, Out>(mapping: mapping)
        var output = PixelBuffer<Out>(width: width, height: height, channels: channels, repeating: Out.quantized(0))
        table.apply(self, into: &output)
        return output
    }

    /// This image through a VOI window onto `Out` (``normalized(_:modality:fileWindow:invert:as:)`` with `.window`).
    public func windowed<Out: NormalizedSample>(
        by window: VOIWindow, modality: ModalityLUT = .identity,
        invert: Bool = false, as _: Out.Type = Out.self
    ) -> PixelBuffer<Out> {
        normalized(.window(window), modality: modality, invert: invert, as: Out.self)
    }
}
