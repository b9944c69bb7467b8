import Foundation

/// The function that maps modality values through a window (VOI LUT Function (0028,1056)).
public enum VOIFunction: String, Sendable, Codable, CaseIterable {
    /// PS3.3 C.11.2.1.2.1: the default; the window spans `center - 0.5 ± (width - 1) / 2`.
    case linear = "LINEAR"
    /// PS3.3 C.11.2.1.3.2: the window spans exactly `center ± width / 2`.
    case linearExact = "LINEAR_EXACT"
    /// PS3.3 C.11.2.1.3.1: `1 / (1 + exp(-4 (x - center) / width))`.
    case sigmoid = "SIGMOID"
}

/// A VOI window: Window Center (0028,1050), Window Width (0028,1051) and its function.
///
/// ``normalized(_:)`` returns the standard's output for `ymin = 0`, `ymax = 1`; ``mapped(_:ymin:ymax:)``
/// evaluates the formula for any output range, which is how the standard writes it
/// (PS3.3 C.11.2.1.2). Neither inverts MONOCHROME1: that happens after VOI.
public struct VOIWindow: Sendable, Codable, Equatable {
    /// Window Center, in modality units.
    public var center: Double
    /// Window Width, in modality units; at least 1 for `linear`, above 0 otherwise.
    public var width: Double
    /// The VOI LUT Function.
    public var function: VOIFunction
    /// Window Center & Width Explanation (0028,1055), when the file gives one.
    public var explanation: String?

    /// Creates a window.
    ///
    /// - Precondition: `width >= 1` for `.linear`, `width > 0` otherwise (PS3.3 C.11.2.1.2.1).
    public init(center: Double, width: Double, function: VOIFunction = .linear, explanation: String? = nil) {
        precondition(function == .linear ? width >= 1 : width > 0,
                     "window width \(width) is not allowed for \(function.rawValue)")
        self.center = center
        self.width = width
        self.function = function
        self.explanation = explanation
    }

    /// The standard's formula for output range `ymin...ymax`, before any rounding.
    ///
    /// - Complexity: O(1). Scalar reference; the fast kernels live in MedKernels.
    public func mapped(_ x: Double, ymin: Double, ymax: Double) -> Double {
        let range = ymax - ymin
        switch function {
        case .linear:
            let c = center - 0.5, w = width - 1
            if x <= c - w / 2 { return ymin }
            if x > c + w / 2 { return ymax }
            return ((x - c) / w + 0.5) * range + ymin
        case .linearExact:
            if x <= center - width / 2 { return ymin }
            if x > center + width / 2 { return ymax }
            return ((x - center) / width + 0.5) * range + ymin
        case .sigmoid:
            return range / (1 + exp(-4 * (x - center) / width)) + ymin
        }
    }

    /// The standard's formula with `ymin = 0`, `ymax = 1`.
    public func normalized(_ x: Double) -> Double { mapped(x, ymin: 0, ymax: 1) }
}
