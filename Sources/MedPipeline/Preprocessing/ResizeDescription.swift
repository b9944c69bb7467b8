import MedKernels

/// The resize step of a pipeline.
public struct ResizeDescription: Sendable, Hashable, Codable {
    /// Output size rule.
    public var geometry: ResizeGeometry
    /// Reconstruction filter.
    public var filter: ResampleFilter
    /// Optional integer pre-shrink (Pillow's `reducing_gap`); `nil` resamples in one step.
    public var reducingGap: Double?
    /// Letterbox fill as a fraction of the output range (0 is black).
    public var padValue: Double

    /// Creates a resize step.
    public init(
        geometry: ResizeGeometry, filter: ResampleFilter = .area, reducingGap: Double? = nil,
        padValue: Double = 0
    ) {
        self.geometry = geometry
        self.filter = filter
        self.reducingGap = reducingGap
        self.padValue = padValue
    }
}
