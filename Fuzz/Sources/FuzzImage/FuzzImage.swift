import MedImage
import MedKernels
import MedPipeline

/// The work one image harness does on one input, as `medprep convert` and `inspect` would.
public enum FuzzImage {
    /// Small enough that no accepted header makes a harness allocate near libFuzzer's 2 GB bound.
    static let options = DecodeOptions(maximumPixelBytes: 64 << 20, maximumPixels: 1 << 22)

    /// The pipeline of `convert --size 24x16 --geometry letterbox` with default normalization.
    static let pipeline = PipelineDescription(
        resize: ResizeDescription(geometry: .letterbox(width: 24, height: 16)), output: .uint8)

    /// Decodes `bytes` with `decoder`; when it decodes, computes what inspect reports and runs the
    /// convert pipeline. Errors are expected; only crashes, hangs and excess memory are findings.
    public static func exercise(_ bytes: UnsafeBufferPointer<UInt8>, decoder: ImageFormat) {
        let data = bytes.baseAddress == nil ? [] : Array(bytes)
        let image: DecodedImage
        do {
            switch decoder {
            case .dicom: image = try DICOMDecoder().decode(data, path: "fuzz", options: options)
            case .png: image = try PNGDecoder().decode(data, path: "fuzz", options: options)
            case .jpeg: image = try JPEGDecoder().decode(data, path: "fuzz", options: options)
            }
        } catch {
            _ = error.description
            return
        }
        _ = image.storedStatistics
        _ = image.presentationStatistics()
        // convert refuses PALETTE COLOR before the kernels (SampleTransform.checkConvertible).
        guard image.storedPhotometric != .paletteColor else { return }
        _ = pipeline.run(
            image.stored, modality: image.modalityLUT, photometric: image.storedPhotometric,
            fileWindow: image.voiLUTs.isEmpty ? image.windows.first : nil, fileVOILUT: image.voiLUTs.first,
            sampleKey: "fuzz")
    }
}
