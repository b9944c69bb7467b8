import Foundation

/// The 1€ filter of Casiez, Roussel and Vogel (CHI 2012), exactly as the paper defines it.
///
/// For a sample `x` at time `t`, with `Te = t - t_prev` (real timestamps, so a variable frame rate
/// is handled) and `alpha(fc) = 1 / (1 + tau / Te)`, `tau = 1 / (2 pi fc)`:
/// 1. `dx = (x - x̂_prev) / Te`, the derivative from the previous *filtered* value (0 on the first sample);
/// 2. `dx̂ = alpha(dcutoff) dx + (1 - alpha(dcutoff)) dx̂_prev`;
/// 3. `fc = mincutoff + beta |dx̂|`;
/// 4. `x̂ = alpha(fc) x + (1 - alpha(fc)) x̂_prev`.
/// The first sample passes through (`x̂ = x`, `dx̂ = 0`). A sample whose timestamp does not advance
/// returns the previous output unchanged (the paper's equations are undefined for `Te <= 0`).
///
/// Units: cut-offs in hertz; `beta` in 1/(unit of x) so it depends on the signal's scale, which is
/// why ``LandmarkSmoother`` divides by the hand size first.
public struct OneEuroFilter: Sendable {
    /// Filter parameters.
    public struct Parameters: Sendable, Hashable, Codable {
        /// Minimum cut-off frequency in Hz (jitter at rest).
        public var minCutoff: Double
        /// Speed coefficient (lag at speed), per unit of the signal.
        public var beta: Double
        /// Cut-off in Hz of the derivative's low-pass.
        public var derivativeCutoff: Double

        /// Creates parameters.
        ///
        /// - Parameters:
        ///   - minCutoff: Minimum cut-off in Hz, > 0.
        ///   - beta: Speed coefficient, >= 0.
        ///   - derivativeCutoff: Derivative cut-off in Hz, > 0.
        public init(minCutoff: Double, beta: Double, derivativeCutoff: Double = 1) {
            precondition(minCutoff > 0 && derivativeCutoff > 0 && beta >= 0, "1€ cut-offs must be > 0 and beta >= 0")
            self.minCutoff = minCutoff
            self.beta = beta
            self.derivativeCutoff = derivativeCutoff
        }

        /// The paper's suggested starting point for pointing: mincutoff 1 Hz, beta 0.007, dcutoff 1 Hz.
        public static let paperDefault = Parameters(minCutoff: 1, beta: 0.007, derivativeCutoff: 1)

        /// The tremor preset: mincutoff 0.6 Hz, beta 0.02 per hand size per second, dcutoff 0.5 Hz.
        ///
        /// For essential tremor (4-12 Hz) and Parkinsonian rest tremor (4-6 Hz) on hand-size
        /// scaled coordinates: a low minimum cut-off well below 4 Hz attenuates the tremor band,
        /// and a small beta lets deliberate hand motion through without letting tremor speed
        /// open the filter. Tuned with the simulated-tremor evaluation (see README).
        public static let tremor = Parameters(minCutoff: 0.6, beta: 0.02, derivativeCutoff: 0.5)

        /// The preset `classify` uses before deciding gestures: mincutoff 4 Hz, beta 0.7, dcutoff 1 Hz.
        ///
        /// The decider's hold and hysteresis already keep tremor from flickering the label, so the
        /// filter only has to take the edge off jitter; a higher cut-off keeps the lag it adds to
        /// a change of gesture under 100 ms (see the lag evaluation in the README).
        public static let classify = Parameters(minCutoff: 4, beta: 0.7, derivativeCutoff: 1)
    }

    /// The parameters.
    public var parameters: Parameters
    private var previous: (time: Double, value: Double, derivative: Double)?

    /// Creates a filter with no history.
    ///
    /// - Parameter parameters: The parameters.
    public init(_ parameters: Parameters) {
        self.parameters = parameters
    }

    /// The smoothing factor for a cut-off `fc` and sampling period `te`: `1 / (1 + tau / te)`.
    ///
    /// - Parameters:
    ///   - cutoff: Cut-off in Hz.
    ///   - period: Sampling period in seconds.
    /// - Returns: alpha in (0, 1].
    public static func alpha(cutoff: Double, period: Double) -> Double {
        let tau = 1 / (2 * Double.pi * cutoff)
        return 1 / (1 + tau / period)
    }

    /// Filters one sample.
    ///
    /// - Parameters:
    ///   - value: The raw value.
    ///   - timestamp: Its time in seconds.
    /// - Returns: The filtered value.
    public mutating func filter(_ value: Double, at timestamp: Double) -> Double {
        guard let previous else {
            self.previous = (timestamp, value, 0)
            return value
        }
        let period = timestamp - previous.time
        guard period > 0, period.isFinite, value.isFinite else { return previous.value }
        let dx = (value - previous.value) / period
        let ad = Self.alpha(cutoff: parameters.derivativeCutoff, period: period)
        let dxHat = ad * dx + (1 - ad) * previous.derivative
        let cutoff = parameters.minCutoff + parameters.beta * abs(dxHat)
        let a = Self.alpha(cutoff: cutoff, period: period)
        let xHat = a * value + (1 - a) * previous.value
        self.previous = (timestamp, xHat, dxHat)
        return xHat
    }

    /// Forgets the history; the next sample passes through.
    public mutating func reset() {
        previous = nil
    }
}
