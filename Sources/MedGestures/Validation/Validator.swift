import Foundation

/// Finds every problem in a landmark sequence and says where it is.
///
/// Checks, each reported with its frame (and line for CSV and JSON Lines):
/// - per hand: landmark count other than 21 (error); missing points (warning); non-finite numbers
///   (error); normalized coordinates outside 0...1 by more than ``Options/rangeTolerance`` (error)
///   or by less (warning: trackers overshoot at the image border); wrist z far from 0 where z is
///   relative to the wrist (warning); handedness missing (warning; not for a file that records
///   none at all), unknown (error), below
///   ``Options/minimumHandednessScore`` (warning); two hands with the same handedness (warning);
/// - timing: timestamps missing (error; a warning for OpenPose without `--fps`), duplicated or
///   decreasing (error); frame numbers repeated or decreasing (error); gaps longer than
///   ``Options/gapFactor`` times the median step, with the dropped-frame estimate (warning);
/// - motion: a hand moving faster than ``Options/maximumSpeed`` hand sizes per second (warning);
/// - geometry: a bone whose length in the image, relative to the hand size, is longer than
///   ``Options/boneRatioLimit`` times its median over the neighbouring frames (warning), which
///   catches swapped or garbage points. Only "longer" counts and only x and y are used: a projection
///   shortens bones (foreshortening) and MediaPipe's z does not keep bone proportions, so a short
///   bone is never a finding. Rows without time (a labelled dataset) are independent poses and are
///   not compared with each other.
///
/// It never traps, whatever the numbers.
public struct Validator: Sendable {
    /// Thresholds; the defaults suit webcam recordings at 15-60 fps.
    public struct Options: Sendable, Hashable {
        /// How far outside 0...1 a normalized coordinate may go before it is an error.
        public var rangeTolerance: Double = 0.1
        /// The largest wrist |z| accepted where z is relative to the wrist.
        public var wristDepthTolerance: Double = 0.01
        /// The lowest handedness score accepted without a warning.
        public var minimumHandednessScore: Double = 0.5
        /// A time step longer than this times the median step is a gap.
        public var gapFactor: Double = 1.5
        /// The fastest plausible hand motion, in hand sizes per second (about 4 m/s).
        public var maximumSpeed: Double = 40
        /// The smallest displacement, in hand sizes, that can count as a jump.
        public var minimumJump: Double = 0.5
        /// A bone longer than this factor times its median (or shorter than its inverse, with z) is an error.
        public var boneRatioLimit: Double = 1.8

        /// Creates default options.
        public init() {}
    }

    /// The thresholds in use.
    public var options: Options

    /// Creates a validator.
    ///
    /// - Parameter options: Thresholds.
    public init(options: Options = .init()) {
        self.options = options
    }

    /// Validates a sequence.
    ///
    /// - Parameters:
    ///   - sequence: The sequence as read.
    ///   - path: The file name for the report.
    /// - Returns: The report, issues sorted by frame position.
    /// - Complexity: O(frames × hands × 21).
    public func validate(_ sequence: LandmarkSequence, path: String) -> ValidationReport {
        var issues: [ValidationIssue] = []
        // A file with no handedness anywhere does not record it (a labelled dataset, keypoint.csv, an
        // exporter that drops it): a warning on every hand would tell nobody anything.
        let recordsHandedness = sequence.frames.contains { $0.hands.contains { $0.handednessLabel != nil } }
        for frame in sequence.frames {
            var seen: [Handedness: Int] = [:]
            for (h, hand) in frame.hands.enumerated() {
                issues += handIssues(
                    hand, position: h, frame: frame, sequence: sequence, recordsHandedness: recordsHandedness)
                if let side = hand.handedness {
                    if let first = seen[side] {
                        issues.append(
                            ValidationIssue(
                                .warning, .duplicateHand, frame: frame.index, line: hand.line ?? frame.line,
                                hand: h, message: "hands \(first) and \(h) are both \(side.rawValue) hands"))
                    } else {
                        seen[side] = h
                    }
                }
            }
        }
        if sequence.frames.isEmpty {
            issues.append(ValidationIssue(.warning, .empty, message: "no frames: the file has a header but no rows"))
        }
        if sequence.coordinateSpace == .pixels && sequence.imageSize == nil && !sequence.frames.isEmpty {
            issues.append(
                ValidationIssue(
                    .warning, .unitsUnknown,
                    message: "coordinates are pixels and no image size was given (--image-size); range not checked"))
        }
        let timing = timingIssues(sequence)
        issues += timing.issues
        issues += trackIssues(sequence, step: timing.medianStep)
        let order = Dictionary(sequence.frames.enumerated().map { ($1.index, $0) }, uniquingKeysWith: { a, _ in a })
        issues = issues.enumerated().sorted { a, b in
            let fa = a.element.frame.flatMap { order[$0] } ?? -1
            let fb = b.element.frame.flatMap { order[$0] } ?? -1
            return fa != fb ? fa < fb : a.offset < b.offset
        }.map(\.element)
        return ValidationReport(
            path: path, format: sequence.sourceFormat, frameCount: sequence.frames.count,
            handCount: sequence.frames.reduce(0) { $0 + $1.hands.count }, duration: timing.duration,
            estimatedFPS: timing.medianStep.map { 1 / $0 }, droppedFrames: timing.dropped, issues: issues)
    }

    private func handIssues(
        _ hand: Hand, position h: Int, frame: Frame, sequence: LandmarkSequence, recordsHandedness: Bool
    ) -> [ValidationIssue]
    {
        var issues: [ValidationIssue] = []
        let line = hand.line ?? frame.line
        func issue(_ s: ValidationIssue.Severity, _ k: ValidationIssue.Kind, _ landmark: Int? = nil, _ message: String)
        {
            issues.append(
                ValidationIssue(s, k, frame: frame.index, line: line, hand: h, landmark: landmark, message: message))
        }
        if hand.landmarks.count != HandJoint.count {
            issue(.error, .landmarkCount, nil, "\(hand.landmarks.count) landmarks, expected \(HandJoint.count)")
        }
        let missing = hand.landmarks.indices.filter { hand.landmarks[$0] == nil }
        if !missing.isEmpty && missing.count < hand.landmarks.count {
            issue(
                .warning, .missingLandmark, missing.first,
                "landmark\(missing.count > 1 ? "s" : "") \(list(missing)) missing")
        } else if !missing.isEmpty {
            issue(.error, .missingLandmark, nil, "every landmark is missing")
        }
        var nonFinite: [Int] = []
        var far: [(Int, String)] = []
        var near: [(Int, String)] = []
        for (k, point) in hand.landmarks.enumerated() {
            guard let point else { continue }
            var bad: [String] = []
            for (name, value) in [("x", point.x), ("y", point.y), ("z", point.z), ("confidence", point.confidence)] {
                if let value, !value.isFinite { bad.append("\(name) is \(value)") }
            }
            if !bad.isEmpty {
                nonFinite.append(k)
                if nonFinite.count == 1 { issue(.error, .nonFinite, k, bad.joined(separator: ", ")) }
                continue
            }
            if sequence.coordinateSpace == .wristRelative {
                // keypoint.csv divides by the largest magnitude: anything beyond 1 is not that format.
                for (name, value) in [("x", point.x), ("y", point.y)] where abs(value) > 1 + 1e-9 {
                    far.append((k, "\(name)\(k) = \(format(value))"))
                }
                if k == 0, point.x != 0 || point.y != 0 {
                    issue(.error, .outOfRange, 0, "wrist at (\(format(point.x)), \(format(point.y))), expected (0, 0): values are relative to the wrist")
                }
                continue
            }
            guard sequence.coordinateSpace == .normalized else { continue }
            for (name, value) in [("x", point.x), ("y", point.y)] where value < 0 || value > 1 {
                let text = "\(name)\(k) = \(format(value))"
                if value < -options.rangeTolerance || value > 1 + options.rangeTolerance {
                    far.append((k, text))
                } else {
                    near.append((k, text))
                }
            }
        }
        if nonFinite.count > 1 {
            issues[issues.count - 1].message += " (non-finite values in landmarks \(list(nonFinite)))"
        }
        if let first = far.first {
            issue(
                .error, .outOfRange, first.0,
                sequence.coordinateSpace == .wristRelative
                    ? "\(far.map(\.1).prefix(4).joined(separator: ", ")) outside [-1, 1] (wrist-relative values are divided by their largest magnitude)"
                    : "\(far.map(\.1).prefix(4).joined(separator: ", ")) outside [0, 1] by more than \(format(options.rangeTolerance))"
            )
        }
        if let first = near.first {
            issue(
                .warning, .overshoot, first.0,
                "\(near.map(\.1).prefix(4).joined(separator: ", ")) slightly outside [0, 1]")
        }
        if nonFinite.isEmpty, let (severity, landmark, message) = degenerateHand(hand, sequence: sequence) {
            issue(severity, .degenerate, landmark, message)
        }
        if let world = hand.worldLandmarks {
            if world.count != HandJoint.count {
                issue(.error, .landmarkCount, nil, "\(world.count) world landmarks, expected \(HandJoint.count)")
            }
            if let k = world.firstIndex(where: { $0.map { !$0.isFinite } ?? false }) {
                issue(.error, .nonFinite, k, "world landmark \(k) has a non-finite coordinate")
            }
        }
        if sequence.zIsRelativeToWrist, let z = hand.landmarks.first??.z, z.isFinite,
            abs(z) > options.wristDepthTolerance
        {
            issue(.warning, .wristDepth, 0, "wrist z = \(format(z)), expected about 0 (z is relative to the wrist)")
        }
        if hand.handednessLabel == nil && !recordsHandedness {
        } else if hand.handednessLabel == nil {
            issue(.warning, .handednessMissing, nil, "handedness missing")
        } else if hand.handedness == nil {
            issue(
                .error, .handednessUnknown, nil, "handedness '\(hand.handednessLabel ?? "")' is neither Left nor Right")
        }
        if let score = hand.handednessScore {
            if !score.isFinite || score < 0 || score > 1 {
                issue(.error, .nonFinite, nil, "handedness score \(score) outside [0, 1]")
            } else if score < options.minimumHandednessScore {
                issue(
                    .warning, .handednessLowScore, nil,
                    "handedness score \(format(score)) below \(format(options.minimumHandednessScore))")
            }
        }
        return issues
    }

    func list(_ indices: [Int]) -> String {
        indices.count > 6
            ? indices.prefix(6).map(String.init).joined(separator: ", ") + ", ..."
            : indices.map(String.init).joined(separator: ", ")
    }

    func format(_ value: Double) -> String {
        value.isFinite ? String(format: "%.4g", value) : "\(value)"
    }
}
