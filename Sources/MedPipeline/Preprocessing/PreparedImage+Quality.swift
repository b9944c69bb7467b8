import MedKernels
import MedQuality

extension PreparedImage {
    /// The quality measures of the image as written.
    var qualityMeasures: QualityMeasures {
        switch self {
        case .uint8(let b): QualityMeasures.measure(b)
        case .uint16(let b): QualityMeasures.measure(b)
        case .float16(let b): QualityMeasures.measure(b)
        case .float32(let b): QualityMeasures.measure(b)
        }
    }
}
