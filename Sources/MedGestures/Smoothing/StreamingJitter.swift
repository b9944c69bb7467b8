import Foundation

/// ``TremorAnalysis/jitter(_:)`` computed as frames arrive, with memory of 0.6 s per hand track.
///
/// Same definition: for each complete hand, x and y over the track's hand size, minus a Gaussian
/// smoothing with sigma 0.1 s (window ±3 sigma), RMS over every coordinate of every frame.
public struct StreamingJitter: Sendable {
    private struct Sample: Sendable {
        var time: Double
        var values: [Double]
    }
    private var tracks: [String: [Sample]] = [:]
    private var done: [String: Int] = [:]  // samples of each track already counted (from the front)
    private var sum = 0.0
    private var count = 0
    private let sigma = 0.1

    /// Creates an empty accumulator.
    public init() {}

    /// Adds one hand.
    ///
    /// - Parameters:
    ///   - hand: The hand; skipped unless complete and finite.
    ///   - track: Its track key.
    ///   - size: The track's hand size (same unit as the coordinates).
    ///   - time: Seconds.
    public mutating func add(_ hand: Hand, track: String, size: Double, time: Double) {
        guard size > 0, let points = hand.completeLandmarks, points.allSatisfy(\.isFinite) else { return }
        var values = [Double](repeating: 0, count: 2 * points.count)
        for (i, p) in points.enumerated() {
            values[2 * i] = p.x / size
            values[2 * i + 1] = p.y / size
        }
        tracks[track, default: []].append(Sample(time: time, values: values))
        flush(track, final: false)
    }

    /// The RMS jitter of everything added, in hand sizes; finishes every track.
    public mutating func result() -> Double {
        for key in tracks.keys { flush(key, final: true) }
        return count > 0 ? (sum / Double(count)).squareRoot() : 0
    }

    private mutating func flush(_ key: String, final: Bool) {
        guard var samples = tracks[key] else { return }
        var next = done[key] ?? 0
        let latest = samples.last?.time ?? 0
        while next < samples.count, final || latest - samples[next].time > 3 * sigma {
            let center = samples[next]
            var weight = 0.0
            var smoothed = [Double](repeating: 0, count: center.values.count)
            for s in samples where abs(s.time - center.time) <= 3 * sigma {
                let d = (s.time - center.time) / sigma
                let w = exp(-0.5 * d * d)
                weight += w
                for c in smoothed.indices { smoothed[c] += w * s.values[c] }
            }
            for c in smoothed.indices {
                let residual = center.values[c] - smoothed[c] / weight
                sum += residual * residual
            }
            count += smoothed.count
            next += 1
        }
        // Keep only what later centres can still reach.
        let keepFrom = samples.firstIndex { latest - $0.time <= 6 * sigma } ?? samples.count
        let drop = min(keepFrom, next)
        samples.removeFirst(drop)
        tracks[key] = samples
        done[key] = next - drop
    }
}
