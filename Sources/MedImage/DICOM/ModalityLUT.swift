/// The modality transformation from stored values to modality values (PS3.3 C.11.1).
///
/// Either a linear rescale (Rescale Slope (0028,1053) and Rescale Intercept (0028,1052)) or a
/// Modality LUT Sequence (0028,3000); an image with neither has the identity transformation.
public enum ModalityLUT: Sendable, Codable, Equatable {
    /// Output equals input.
    case identity
    /// `slope * stored + intercept`, in the units of Rescale Type (0028,1054), e.g. `HU`.
    case rescale(slope: Double, intercept: Double, type: String?)
    /// A table lookup.
    case table(LookupTable)

    /// The modality value for one stored value.
    public func callAsFunction(_ stored: Double) -> Double {
        switch self {
        case .identity: stored
        case .rescale(let slope, let intercept, _): slope * stored + intercept
        case .table(let lut): Double(lut(flooring: stored))
        }
    }
}
