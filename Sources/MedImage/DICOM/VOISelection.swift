/// Which value-of-interest transformation ``DecodedImage/presentationValues(_:)`` applies
/// (PS3.3 C.11.2).
///
/// The file may offer several windows (multi-valued Window Center/Width) and several VOI LUTs;
/// the standard leaves the choice to the application. Does not apply to color images.
public enum VOISelection: Sendable, Equatable, Hashable {
    /// The file's first VOI LUT, else its first window, else ``minMax`` (pydicom's preference:
    /// a VOI LUT is the writer's own, often non-linear, rendering).
    case automatic
    /// The window at this zero-based index of ``DecodedImage/windows``; ``automatic`` if there is none.
    case window(index: Int)
    /// The VOI LUT at this zero-based index of ``DecodedImage/voiLUTs``; ``automatic`` if there is none.
    case lut(index: Int)
    /// This window, whatever the file says.
    case explicit(VOIWindow)
    /// A LINEAR_EXACT window spanning the minimum to the maximum modality value of the frame.
    case minMax
}

extension VOIWindow: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(center)
        hasher.combine(width)
        hasher.combine(function)
        hasher.combine(explanation)
    }
}
