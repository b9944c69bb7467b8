import Foundation

/// Compares the 1€ filter with a notch at the estimated tremor frequency, at equal lag.
///
/// Lag is the group delay at ``lagFrequency`` (0 Hz: the steady lag behind a hand moving at
/// constant speed; for the 1€ filter at rest this is about `1 / (2 pi mincutoff)`). The notch
/// (Q = ``notchQ``) is placed at ``TremorAnalysis/dominantFrequency(_:in:)``; the 1€ filter gets the
/// minimum cut-off whose resting lag equals the notch's, keeping the other parameters. The one with
/// less jitter at that lag does better.
public struct SmoothingComparison: Sendable, Hashable {
    /// The frequency at which lags are compared, in Hz.
    public static let lagFrequency = 0.0
    /// The notch quality factor.
    public static let notchQ = 0.7

    /// Estimated tremor frequency in Hz, nil when no timestamps.
    public var tremorFrequency: Double?
    /// Jitter of the input, hand sizes RMS.
    public var jitterBefore: Double
    /// Jitter after the 1€ filter with the requested parameters.
    public var jitterOneEuro: Double
    /// Lag of the 1€ filter with the requested parameters, seconds.
    public var lagOneEuro: Double
    /// Jitter after the notch.
    public var jitterNotch: Double?
    /// Lag of the notch, seconds.
    public var lagNotch: Double?
    /// Jitter after a 1€ filter tuned to the notch's lag.
    public var jitterOneEuroAtNotchLag: Double?
    /// The minimum cut-off (Hz) of that 1€ filter.
    public var minCutoffAtNotchLag: Double?

    /// Runs the comparison.
    ///
    /// - Parameters:
    ///   - sequence: The raw sequence.
    ///   - smoother: The 1€ smoothing under test.
    public init(_ sequence: LandmarkSequence, smoother: LandmarkSmoother) {
        let parameters = smoother.parameters
        let rate = TremorAnalysis.medianRate(sequence) ?? 30
        jitterBefore = TremorAnalysis.jitter(sequence)
        jitterOneEuro = TremorAnalysis.jitter(smoother.smoothed(sequence))
        lagOneEuro = NotchFilter.lowPassGroupDelay(
            alpha: OneEuroFilter.alpha(cutoff: parameters.minCutoff, period: 1 / rate), at: Self.lagFrequency,
            sampleRate: rate)
        tremorFrequency = TremorAnalysis.dominantFrequency(sequence)
        guard let f0 = tremorFrequency, f0 < rate / 2 else { return }
        let notch = NotchFilter(frequency: f0, sampleRate: rate, q: Self.notchQ)
        let lag = notch.groupDelay(at: Self.lagFrequency, sampleRate: rate)
        lagNotch = lag
        jitterNotch = TremorAnalysis.jitter(Self.notched(sequence, frequency: f0, rate: rate))
        // Bisection on the cut-off: the resting lag falls as the cut-off rises.
        var low = 0.01, high = rate / 2
        for _ in 0..<60 {
            let mid = (low * high).squareRoot()
            let d = NotchFilter.lowPassGroupDelay(
                alpha: OneEuroFilter.alpha(cutoff: mid, period: 1 / rate), at: Self.lagFrequency, sampleRate: rate)
            if d > lag { low = mid } else { high = mid }
        }
        let cutoff = (low * high).squareRoot()
        minCutoffAtNotchLag = cutoff
        let matched = OneEuroFilter.Parameters(
            minCutoff: cutoff, beta: parameters.beta, derivativeCutoff: parameters.derivativeCutoff)
        var matchedSmoother = smoother
        matchedSmoother.parameters = matched
        jitterOneEuroAtNotchLag = TremorAnalysis.jitter(matchedSmoother.smoothed(sequence))
    }

    /// Applies a notch to every coordinate of every hand track.
    ///
    /// - Parameters:
    ///   - sequence: The sequence.
    ///   - frequency: Notch frequency in Hz.
    ///   - rate: Sampling rate in Hz.
    /// - Returns: The filtered sequence.
    public static func notched(_ sequence: LandmarkSequence, frequency: Double, rate: Double) -> LandmarkSequence {
        var result = sequence
        var banks: [String: [NotchFilter]] = [:]
        for (f, frame) in sequence.frames.enumerated() {
            for (h, hand) in frame.hands.enumerated() {
                let key = LandmarkSmoother.trackKey(hand, position: h)
                var bank = banks[key] ?? []
                if bank.count != hand.landmarks.count * 3 {
                    bank = Array(
                        repeating: NotchFilter(frequency: frequency, sampleRate: rate, q: notchQ),
                        count: hand.landmarks.count * 3)
                }
                result.frames[f].hands[h].landmarks = hand.landmarks.enumerated().map { k, point in
                    guard var p = point, p.isFinite else { return point }
                    p.x = bank[3 * k].filter(p.x)
                    p.y = bank[3 * k + 1].filter(p.y)
                    if let z = p.z { p.z = bank[3 * k + 2].filter(z) }
                    return p
                }
                banks[key] = bank
            }
        }
        return result
    }
}
