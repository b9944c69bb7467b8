import Foundation

/// How long held decisions take to follow a change of gesture, and whether they flicker, under
/// tremor that moves, rotates and flexes the hand.
///
/// Each clip holds pose A for ``segmentSeconds``, then switches to pose B for as long, at ``fps``;
/// ``TremorSimulation`` adds one kind of tremor (see ``Kind``) whose peak displacement at the
/// fingertips is ``tremorCentimetres`` (with ``handSizeCentimetres`` as the hand size), plus tracker
/// jitter. The **added lag** of a clip is the time from the switch until B is held, minus the
/// decider's minimum duration (which is the hold a user asks for, not lag). **Held flicker** counts
/// changes of the held label that a clean clip does not have: while A is held, after B is held, and
/// any third label in between (A may be released to nothing before B is held).
public struct LagEvaluation: Sendable {
    /// A way the hand trembles.
    public enum Kind: String, CaseIterable, Sendable {
        /// The whole hand shifts in the image plane.
        case shift
        /// The hand rotates in the image plane about the wrist.
        case rotation = "in-plane rotation"
        /// The hand flexes at the wrist (toward and away from the camera).
        case wristFlexion = "wrist flexion"
        /// Every finger flexes about its knuckle.
        case fingerFlexion = "finger flexion"
        /// All of the above at once, each at half the amplitude.
        case combined
    }

    /// One row: a tremor kind at one amplitude.
    public struct Row: Sendable {
        /// The tremor kind.
        public var kind: Kind
        /// Peak fingertip displacement, centimetres.
        public var centimetres: Double
        /// Clips run.
        public var clips: Int
        /// Median and maximum added lag in seconds over clips where B was held.
        public var medianLag: Double, maximumLag: Double
        /// Clips in which B was never held.
        public var missed: Int
        /// Held-label changes beyond the expected ones, summed over clips.
        public var heldFlicker: Int
    }

    /// Tremor amplitudes, peak fingertip displacement in centimetres.
    public var amplitudes: [Double] = [0.5, 1, 2]
    /// Tremor frequencies in Hz.
    public var frequencies: [Double] = [4, 6, 8, 12]
    /// The hand size (wrist to middle knuckle) in centimetres.
    public var handSizeCentimetres = 9.0
    /// Tracker jitter, standard deviation in hand sizes.
    public var jitter = 0.01
    /// Seconds of each pose.
    public var segmentSeconds = 1.5
    /// Frames per second.
    public var fps = 30.0
    /// The classifier under test (smoothing, per-frame classifier, hold rules), run causally, frame by
    /// frame, as a live user sees it: the batch ``SequenceClassifier`` dates a held segment back to
    /// when its candidate began, which would hide the lag.
    public var classifier = LiveClassifier()
    /// The seed.
    public var seed: UInt64 = 7

    /// Creates an evaluation with default settings.
    public init() {}

    /// Runs every tremor kind and amplitude on every pair of poses.
    ///
    /// - Parameters:
    ///   - pairs: (pose A, pose B) hands, each of a different, recognizable gesture.
    ///   - imageSize: The image size of the poses.
    /// - Returns: One row per (kind, amplitude).
    public func run(_ pairs: [(from: Hand, to: Hand, gesture: Gesture)], imageSize: ImageSize) -> [Row] {
        var rows: [Row] = []
        let normalization = HandNormalization(imageSize: imageSize)
        let steps = Int((segmentSeconds * fps).rounded())
        for kind in Kind.allCases {
            for centimetres in amplitudes {
                var lags: [Double] = []
                var missed = 0
                var flicker = 0
                var clips = 0
                for (p, pair) in pairs.enumerated() {
                    guard let size = normalization.handSize(of: pair.from) else { continue }
                    for frequency in frequencies {
                        let frames = (0..<(2 * steps)).map { i in
                            Frame(index: i, timestamp: Double(i) / fps, hands: [i < steps ? pair.from : pair.to])
                        }
                        let clip = LandmarkSequence(frames: frames, imageSize: imageSize)
                        let share = kind == .combined ? 0.5 : 1
                        let reach = centimetres * share / handSizeCentimetres  // hand sizes
                        var simulation = TremorSimulation(
                            frequency: frequency, amplitude: 0, jitter: jitter * size / imageSize.width,
                            seed: seed &+ UInt64(p) &* 7919 &+ UInt64(frequency * 100) &+ UInt64(centimetres * 1e4))
                        simulation.imageSize = imageSize
                        let degrees = { (radius: Double) in reach / radius * 180 / .pi }
                        if kind == .shift || kind == .combined { simulation.amplitude = reach * size / imageSize.width }
                        if kind == .rotation || kind == .combined { simulation.rotationDegrees = degrees(1.9) }
                        if kind == .wristFlexion || kind == .combined { simulation.wristFlexionDegrees = degrees(1.9) }
                        if kind == .fingerFlexion || kind == .combined {
                            simulation.fingerFlexionDegrees = degrees(0.9)
                        }
                        var live = classifier
                        live.normalization = normalization
                        let held = simulation.applied(to: clip).frames.flatMap { frame in
                            live.classify(frame, at: frame.timestamp ?? 0).map(\.held)
                        }
                        clips += 1
                        let firstB = held.indices.first { $0 >= steps && held[$0] == pair.gesture }
                        flicker += Self.flicker(held, switchAt: steps, heldB: firstB, to: pair.gesture)
                        if let first = firstB {
                            let lag = Double(first - steps) / fps - classifier.decider.minimumDuration
                            lags.append(max(0, lag))
                        } else {
                            missed += 1
                        }
                    }
                }
                lags.sort()
                rows.append(
                    Row(
                        kind: kind, centimetres: centimetres, clips: clips,
                        medianLag: lags.isEmpty ? .nan : lags[lags.count / 2], maximumLag: lags.last ?? .nan,
                        missed: missed, heldFlicker: flicker))
            }
        }
        return rows
    }

    /// Held-label changes a clean clip does not have: any change while A is held before the switch,
    /// any label other than A, none or B between the switch and B's hold, and any change after it.
    static func flicker(_ held: [Gesture], switchAt: Int, heldB: Int?, to b: Gesture) -> Int {
        func changes(_ range: Range<Int>) -> Int {
            range.isEmpty ? 0 : zip(held[range], held[range].dropFirst()).count { $0 != $1 }
        }
        let firstA = held.indices.first { $0 < switchAt && held[$0] != .none } ?? switchAt
        let a = firstA < switchAt ? held[firstA] : .none
        let end = heldB ?? held.count
        let stray = held[switchAt..<end].count { $0 != a && $0 != .none && $0 != b }
        return changes(firstA..<switchAt) + stray + (heldB.map { changes($0..<held.count) } ?? 0)
    }

    /// The rows as a fixed-width text table.
    ///
    /// - Parameter rows: Rows from ``run(_:imageSize:)``.
    /// - Returns: The table.
    public static func table(_ rows: [Row]) -> String {
        var out = "tremor              cm   clips  added lag median/max ms  missed  held flicker\n"
        for r in rows {
            out +=
                r.kind.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)
                + String(
                    format: " %4.1f  %5d  %8.0f / %-8.0f        %5d  %5d\n", r.centimetres, r.clips, r.medianLag * 1000,
                    r.maximumLag * 1000, r.missed, r.heldFlicker)
        }
        return out
    }
}
