import Foundation

/// A second-order IIR notch (RBJ audio-EQ cookbook) that removes one frequency, such as a tremor.
///
/// `H(z) = (1 - 2 cos w0 z^-1 + z^-2) / ((1 + a) - 2 cos w0 z^-1 + (1 - a) z^-2)` with
/// `w0 = 2 pi f0 / fs` and `a = sin(w0) / (2 Q)`. It assumes a constant sampling rate `fs`; frames
/// are filtered in order regardless of their timestamps. The state starts at the first sample (as
/// if the signal had always been there), so there is no start-up transient.
public struct NotchFilter: Sendable {
    /// Feed-forward and feedback coefficients, normalized so a0 = 1.
    public let b: (Double, Double, Double), a: (Double, Double)
    private var state: (x1: Double, x2: Double, y1: Double, y2: Double)?

    /// Creates a notch.
    ///
    /// - Parameters:
    ///   - frequency: The notch frequency in Hz, below `sampleRate / 2`.
    ///   - sampleRate: Samples per second.
    ///   - q: Quality factor; the -3 dB bandwidth is `frequency / q`.
    public init(frequency: Double, sampleRate: Double, q: Double = 1) {
        precondition(frequency > 0 && frequency < sampleRate / 2 && q > 0, "notch frequency must be in (0, fs/2)")
        let w0 = 2 * Double.pi * frequency / sampleRate
        let alpha = sin(w0) / (2 * q)
        let a0 = 1 + alpha
        b = (1 / a0, -2 * cos(w0) / a0, 1 / a0)
        a = (-2 * cos(w0) / a0, (1 - alpha) / a0)
    }

    /// Filters one sample.
    ///
    /// - Parameter x: The input.
    /// - Returns: The output.
    public mutating func filter(_ x: Double) -> Double {
        guard x.isFinite else { return state?.y1 ?? x }
        let s = state ?? (x, x, x, x)
        let y = b.0 * x + b.1 * s.x1 + b.2 * s.x2 - a.0 * s.y1 - a.1 * s.y2
        state = (x, s.x1, y, s.y1)
        return y
    }

    /// The group delay in seconds at `frequency`, from the phase slope of the frequency response.
    ///
    /// - Parameters:
    ///   - frequency: Frequency in Hz.
    ///   - sampleRate: Samples per second.
    /// - Returns: The delay in seconds.
    public func groupDelay(at frequency: Double, sampleRate: Double) -> Double {
        let h = 1e-4
        let w = 2 * Double.pi * frequency / sampleRate
        let slope = (phase(w + h) - phase(w - h)) / (2 * h)
        return -slope / sampleRate
    }

    private func phase(_ w: Double) -> Double {
        let num = (b.0 + b.1 * cos(w) + b.2 * cos(2 * w), -(b.1 * sin(w) + b.2 * sin(2 * w)))
        let den = (1 + a.0 * cos(w) + a.1 * cos(2 * w), -(a.0 * sin(w) + a.1 * sin(2 * w)))
        return atan2(num.1, num.0) - atan2(den.1, den.0)
    }

    /// The group delay in seconds of a first-order low-pass with smoothing factor `alpha`, at `frequency`.
    ///
    /// This is the lag of a 1€ filter at rest (cut-off = mincutoff), used to compare at equal lag.
    ///
    /// - Parameters:
    ///   - alpha: Smoothing factor in (0, 1].
    ///   - frequency: Frequency in Hz.
    ///   - sampleRate: Samples per second.
    /// - Returns: The delay in seconds.
    public static func lowPassGroupDelay(alpha: Double, at frequency: Double, sampleRate: Double) -> Double {
        let c = 1 - alpha
        let w = 2 * Double.pi * frequency / sampleRate
        let samples = (c * cos(w) - c * c) / (1 - 2 * c * cos(w) + c * c)
        return samples / sampleRate
    }
}
