import Foundation

/// Measures tremor in a sequence: its dominant frequency and the jitter it adds.
///
/// Signals are the centroid of each hand's landmarks in hand sizes (so results do not depend on
/// how large the hand is in the image). Frequencies come from a direct Fourier sum over the real
/// timestamps (no resampling, so a variable frame rate is fine).
public enum TremorAnalysis {
    /// The dominant frequency between `range` in Hz, or nil with too few samples.
    ///
    /// - Parameters:
    ///   - sequence: The sequence.
    ///   - range: The band searched, default 3.5...15 Hz (essential and Parkinsonian tremor with margin).
    /// - Returns: The frequency with the most power, in Hz, below the Nyquist rate; nil when the
    ///   most power sits at the band's lower edge (slow motion leaking in, no tremor peak).
    public static func dominantFrequency(_ sequence: LandmarkSequence, in range: ClosedRange<Double> = 3.5...15)
        -> Double?
    {
        let tracks = centroidTracks(sequence)
        guard let fps = medianRate(sequence) else { return nil }
        let top = min(range.upperBound, fps / 2 - 0.5)
        guard top > range.lowerBound else { return nil }
        var best: (f: Double, p: Double)?
        var f = range.lowerBound
        while f <= top {
            var power = 0.0
            for track in tracks where track.count >= 8 {
                for axis in 0..<2 {
                    let values = track.map { axis == 0 ? $0.x : $0.y }
                    let detrended = zip(values, gaussianSmoothed(values, times: track.map(\.t), sigma: 0.15)).map {
                        $0 - $1
                    }
                    var re = 0.0, im = 0.0
                    for (v, p) in zip(detrended, track) {
                        re += v * cos(2 * .pi * f * p.t)
                        im -= v * sin(2 * .pi * f * p.t)
                    }
                    power += re * re + im * im
                }
            }
            if power > (best?.p ?? 0) { best = (f, power) }
            f += 0.05
        }
        guard let best, best.f > range.lowerBound + 0.15 else { return nil }
        return best.f
    }

    /// The jitter of a sequence: RMS over all landmark coordinates of the part faster than about
    /// 2 Hz (the signal minus a Gaussian smoothing with sigma 0.1 s), in hand sizes.
    ///
    /// Deliberate gestures live below 2 Hz; tremor (4-12 Hz) and tracker noise live above.
    ///
    /// - Parameter sequence: The sequence.
    /// - Returns: The RMS jitter in hand sizes; 0 when there is nothing to measure.
    public static func jitter(_ sequence: LandmarkSequence) -> Double {
        let sizes = LandmarkSmoother.trackSizes(sequence)
        var series: [String: [(t: Double, values: [Double])]] = [:]
        for (f, frame) in sequence.frames.enumerated() {
            let t = frame.timestamp ?? Double(f) / 30
            for (h, hand) in frame.hands.enumerated() {
                let key = LandmarkSmoother.trackKey(hand, position: h)
                guard let size = sizes[key], let points = hand.completeLandmarks, points.allSatisfy(\.isFinite) else {
                    continue
                }
                series[key, default: []].append((t, points.flatMap { [$0.x / size, $0.y / size] }))
            }
        }
        var sum = 0.0
        var count = 0
        for track in series.values where track.count >= 3 {
            let times = track.map(\.t)
            for c in 0..<(track.first?.values.count ?? 0) {
                let values = track.map { $0.values[c] }
                for (v, s) in zip(values, gaussianSmoothed(values, times: times, sigma: 0.1)) {
                    sum += (v - s) * (v - s)
                    count += 1
                }
            }
        }
        return count > 0 ? (sum / Double(count)).squareRoot() : 0
    }

    /// The median frame rate from timestamps, or nil.
    ///
    /// - Parameter sequence: The sequence.
    /// - Returns: Frames per second.
    public static func medianRate(_ sequence: LandmarkSequence) -> Double? {
        let times = sequence.frames.compactMap(\.timestamp).filter(\.isFinite)
        let steps = zip(times, times.dropFirst()).map { $1 - $0 }.filter { $0 > 0 }.sorted()
        guard !steps.isEmpty else { return nil }
        return 1 / steps[steps.count / 2]
    }

    struct Sample {
        var t: Double, x: Double, y: Double
    }

    static func centroidTracks(_ sequence: LandmarkSequence) -> [[Sample]] {
        let sizes = LandmarkSmoother.trackSizes(sequence)
        var tracks: [String: [Sample]] = [:]
        for frame in sequence.frames {
            guard let t = frame.timestamp, t.isFinite else { continue }
            for (h, hand) in frame.hands.enumerated() {
                let key = LandmarkSmoother.trackKey(hand, position: h)
                guard let size = sizes[key], let points = hand.completeLandmarks, points.allSatisfy(\.isFinite) else {
                    continue
                }
                let n = Double(points.count)
                tracks[key, default: []].append(
                    Sample(
                        t: t, x: points.reduce(0) { $0 + $1.x } / n / size, y: points.reduce(0) { $0 + $1.y } / n / size
                    ))
            }
        }
        return tracks.keys.sorted().compactMap { tracks[$0] }
    }

    /// A zero-phase Gaussian smoothing over real timestamps (window +-3 sigma).
    static func gaussianSmoothed(_ values: [Double], times: [Double], sigma: Double) -> [Double] {
        var out = [Double](repeating: 0, count: values.count)
        var low = 0
        for i in values.indices {
            while low < i && times[i] - times[low] > 3 * sigma { low += 1 }
            var weight = 0.0, sum = 0.0
            var j = low
            while j < values.count && times[j] - times[i] <= 3 * sigma {
                let d = (times[j] - times[i]) / sigma
                let w = exp(-0.5 * d * d)
                weight += w
                sum += w * values[j]
                j += 1
            }
            out[i] = weight > 0 ? sum / weight : values[i]
        }
        return out
    }
}
