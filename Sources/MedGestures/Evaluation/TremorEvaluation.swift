import Foundation

/// Accuracy and flicker of gesture decisions under simulated tremor, with and without smoothing.
///
/// Each labelled pose is held still for ``duration`` seconds at ``fps``, ``TremorSimulation`` is
/// applied, and the clip is classified twice: raw, and after ``LandmarkSmoother``. Reported per
/// (frequency, amplitude): per-frame accuracy and flicker of the classifier alone, and of the held
/// decisions of ``GestureDecider``. Accuracy counts frames after ``warmUp`` seconds (the decider
/// needs its minimum duration, the filter its first samples). Flicker is label changes per second.
public struct TremorEvaluation: Sendable {
    /// One table row.
    public struct Row: Hashable, Sendable {
        /// Tremor frequency in Hz.
        public var frequency: Double
        /// Tremor amplitude, normalized units.
        public var amplitude: Double
        /// Per-frame accuracy without and with smoothing, 0...1.
        public var frameAccuracy: (raw: Double, smoothed: Double)
        /// Per-frame label changes per second without and with smoothing.
        public var frameFlicker: (raw: Double, smoothed: Double)
        /// Held-decision accuracy without and with smoothing.
        public var heldAccuracy: (raw: Double, smoothed: Double)
        /// Held-decision label changes per second without and with smoothing.
        public var heldFlicker: (raw: Double, smoothed: Double)
        /// Landmark jitter in hand sizes RMS without and with smoothing.
        public var jitter: (raw: Double, smoothed: Double)

        public static func == (a: Row, b: Row) -> Bool {
            a.frequency == b.frequency && a.amplitude == b.amplitude && a.frameAccuracy == b.frameAccuracy
                && a.frameFlicker == b.frameFlicker && a.heldAccuracy == b.heldAccuracy
                && a.heldFlicker == b.heldFlicker
                && a.jitter == b.jitter
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(frequency)
            hasher.combine(amplitude)
        }
    }

    /// Frequencies to simulate, Hz.
    public var frequencies: [Double] = [4, 6, 8, 12]
    /// Amplitudes to simulate, normalized units.
    public var amplitudes: [Double] = [0.01, 0.05, 0.1]
    /// Tracker jitter standard deviation, normalized units.
    public var jitter: Double = 0.004
    /// Clip length in seconds.
    public var duration: Double = 3
    /// Frames per second.
    public var fps: Double = 30
    /// Seconds at the start of each clip left out of accuracy.
    public var warmUp: Double = 0.5
    /// The classifier.
    public var classifier: any GestureClassifier = RuleClassifier()
    /// The smoothing under test.
    public var smoother = LandmarkSmoother()
    /// The decision rule.
    public var decider = GestureDecider()
    /// The seed.
    public var seed: UInt64 = 42

    /// Creates an evaluation with default settings.
    public init() {}

    /// Runs every (frequency, amplitude) on every pose.
    ///
    /// - Parameters:
    ///   - poses: Hands with their true gestures.
    ///   - imageSize: The image size of the poses, if known.
    /// - Returns: One row per (frequency, amplitude), frequencies outermost.
    public func run(_ poses: [(hand: Hand, truth: Gesture)], imageSize: ImageSize?) -> [Row] {
        var rows: [Row] = []
        for frequency in frequencies {
            for amplitude in amplitudes {
                var totals = [Double](repeating: 0, count: 10)
                var clips = 0.0
                for (p, pose) in poses.enumerated() {
                    let clip = TremorSimulation.still(pose.hand, duration: duration, fps: fps, imageSize: imageSize)
                    let simulation = TremorSimulation(
                        frequency: frequency, amplitude: amplitude, jitter: jitter,
                        seed: seed &+ UInt64(p) &* 7919 &+ UInt64(frequency * 1000) &* 31 &+ UInt64(amplitude * 1e6))
                    let trembling = simulation.applied(to: clip)
                    let raw = SequenceClassifier(classifier: classifier, decider: decider, fallbackFPS: fps).classify(
                        trembling)
                    let smooth = SequenceClassifier(
                        classifier: classifier, smoother: smoother, decider: decider, fallbackFPS: fps
                    )
                    .classify(trembling)
                    let rawStats = Self.stats(raw, truth: pose.truth, warmUp: warmUp, duration: duration)
                    let smoothStats = Self.stats(smooth, truth: pose.truth, warmUp: warmUp, duration: duration)
                    let values = [
                        rawStats.0, smoothStats.0, rawStats.1, smoothStats.1, rawStats.2, smoothStats.2,
                        rawStats.3, smoothStats.3,
                    ]
                    for (i, v) in values.enumerated() { totals[i] += v }
                    totals[8] += TremorAnalysis.jitter(trembling)
                    totals[9] += TremorAnalysis.jitter(smoother.smoothed(trembling))
                    clips += 1
                }
                let n = max(clips, 1)
                rows.append(
                    Row(
                        frequency: frequency, amplitude: amplitude, frameAccuracy: (totals[0] / n, totals[1] / n),
                        frameFlicker: (totals[2] / n, totals[3] / n), heldAccuracy: (totals[4] / n, totals[5] / n),
                        heldFlicker: (totals[6] / n, totals[7] / n), jitter: (totals[8] / n, totals[9] / n)))
            }
        }
        return rows
    }

    /// (frame accuracy, frame flicker, held accuracy, held flicker) of one clip.
    static func stats(_ result: SequenceClassifier.Result, truth: Gesture, warmUp: Double, duration: Double)
        -> (Double, Double, Double, Double)
    {
        let frames = result.frames
        let scored = frames.filter { $0.time >= warmUp }
        let n = Double(max(scored.count, 1))
        let frameCorrect = Double(scored.count { ($0.prediction?.gesture ?? .none) == truth }) / n
        let heldCorrect = Double(scored.count { $0.decided == truth }) / n
        func changes(_ labels: [Gesture]) -> Double {
            Double(zip(labels, labels.dropFirst()).count { $0 != $1 }) / max(duration, 1e-9)
        }
        return (
            frameCorrect, changes(frames.map { $0.prediction?.gesture ?? .none }), heldCorrect,
            changes(frames.map(\.decided))
        )
    }

    /// The rows as a fixed-width text table.
    ///
    /// - Parameter rows: Rows from ``run(_:imageSize:)``.
    /// - Returns: The table.
    public static func table(_ rows: [Row]) -> String {
        var out =
            "  f Hz     A  | frame acc raw/1€  | flicker/s raw/1€ | held acc raw/1€   | held flicker raw/1€ | jitter raw/1€ (hand sizes)\n"
        for r in rows {
            out += String(
                format:
                    "%5.1f  %5.3f | %6.1f%% %6.1f%%   | %6.2f %6.2f    | %6.1f%% %6.1f%%   | %6.2f %6.2f       | %.4f %.4f (-%.0f%%)\n",
                r.frequency, r.amplitude, r.frameAccuracy.raw * 100, r.frameAccuracy.smoothed * 100, r.frameFlicker.raw,
                r.frameFlicker.smoothed, r.heldAccuracy.raw * 100, r.heldAccuracy.smoothed * 100, r.heldFlicker.raw,
                r.heldFlicker.smoothed, r.jitter.raw, r.jitter.smoothed,
                r.jitter.raw > 0 ? (1 - r.jitter.smoothed / r.jitter.raw) * 100 : 0)
        }
        return out
    }

    /// The rows as JSON.
    ///
    /// - Parameter rows: Rows.
    /// - Returns: An array of objects.
    package static func json(_ rows: [Row]) -> JSONValue {
        .array(
            rows.map { r in
                .object([
                    ("frequency_hz", .number(r.frequency)), ("amplitude", .number(r.amplitude)),
                    ("frame_accuracy_raw", .number(r.frameAccuracy.raw)),
                    ("frame_accuracy_smoothed", .number(r.frameAccuracy.smoothed)),
                    ("frame_flicker_raw", .number(r.frameFlicker.raw)),
                    ("frame_flicker_smoothed", .number(r.frameFlicker.smoothed)),
                    ("held_accuracy_raw", .number(r.heldAccuracy.raw)),
                    ("held_accuracy_smoothed", .number(r.heldAccuracy.smoothed)),
                    ("held_flicker_raw", .number(r.heldFlicker.raw)),
                    ("held_flicker_smoothed", .number(r.heldFlicker.smoothed)),
                    ("jitter_raw", .number(r.jitter.raw)), ("jitter_smoothed", .number(r.jitter.smoothed)),
                ])
            })
    }
}
