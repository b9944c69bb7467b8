extension DICOMDecoder {
    /// One frame of Float Pixel Data (7FE0,0008; `width` 4) or Double Float Pixel Data (7FE0,0009;
    /// `width` 8) as `float32` / `float64` stored values, exactly as stored (pydicom's `pixel_array`
    /// for these files). Color-by-plane frames are interleaved.
    ///
    /// - Throws: `inconsistent` when the value is shorter than the header's frames need, `tooLarge`
    ///   past the memory limit, `malformed` when DCMTK cannot read the bytes.
    static func floatFrame(
        of dataSet: DICOMDataSet, layout: DICOMPixelLayout, width: Int, frame: Int, path: String, options: DecodeOptions
    ) throws(ImageError) -> AnyPixelBuffer {
        let tag = ImageError.Location.element(group: 0x7FE0, element: width == 8 ? 0x0009 : 0x0008)
        try options.checkPixelCount(
            width: layout.columns, height: layout.rows, path: path, location: .element(group: 0x0028, element: 0x0010))
        let frameBytes = saturatingProduct(layout.samplesPerFrame, width)
        guard frameBytes <= options.maximumPixelBytes else {
            throw ImageError(
                .tooLarge, path: path, location: .element(group: 0x0028, element: 0x0010),
                reason:
                    "\(layout.columns)x\(layout.rows)x\(layout.samplesPerPixel) samples of \(width * 8) bits exceed the limit of \(options.maximumPixelBytes) bytes"
            )
        }
        let available = dataSet.floatPixelDataLength(width: width) ?? 0
        let expected = saturatingProduct(frameBytes, layout.frameCount)
        guard available >= expected else {
            throw ImageError(
                .inconsistent, path: path, location: tag,
                reason:
                    "\(width == 8 ? "Double Float" : "Float") Pixel Data holds \(available) bytes, but Rows \(layout.rows) x Columns \(layout.columns) x SamplesPerPixel \(layout.samplesPerPixel) x \(width) bytes x \(layout.frameCount) frame(s) need \(expected)"
            )
        }
        func samples<Sample: BinaryFloatingPoint>(_: Sample.Type) throws(ImageError) -> PixelBuffer<Sample> {
            var values = [Sample](repeating: 0, count: layout.samplesPerFrame)
            let result = values.withUnsafeMutableBytes {
                dataSet.readFloatPixelData(width: width, offset: frame * frameBytes, into: $0)
            }
            if case .failure(let failure) = result {
                throw ImageError(
                    failure.kind == Int32(CDCMTKKind.unsupported) ? .unsupported : .malformed, path: path,
                    location: tag,
                    reason: "cannot read frame \(frame): \(failure.message)")
            }
            if layout.samplesPerPixel == 3 && layout.planarConfiguration == 1 {
                let pixels = layout.rows * layout.columns
                let planes = values
                for pixel in 0..<pixels {
                    for channel in 0..<3 { values[pixel * 3 + channel] = planes[channel * pixels + pixel] }
                }
            }
            return PixelBuffer(
                width: layout.columns, height: layout.rows, channels: layout.samplesPerPixel, samples: values)
        }
        return width == 8 ? .float64(try samples(Double.self)) : .float32(try samples(Float.self))
    }
}
