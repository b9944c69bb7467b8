import Foundation

extension Validator {
    struct Timing {
        var issues: [ValidationIssue] = []
        var medianStep: Double?
        var duration: Double?
        var dropped = 0
    }

    /// Timestamps and frame numbers: missing, duplicated, decreasing, gaps.
    func timingIssues(_ sequence: LandmarkSequence) -> Timing {
        var timing = Timing()
        let frames = sequence.frames
        guard !frames.isEmpty else { return timing }
        // Frame numbers.
        var previousIndex: Int?
        for frame in frames {
            if frame.index < 0 {
                timing.issues.append(
                    ValidationIssue(
                        .error, .frameIndex, frame: frame.index, line: frame.line,
                        message: "frame number missing or not an integer"))
            } else if let previous = previousIndex, frame.index <= previous {
                let what = frame.index == previous ? "repeated" : "smaller than the previous frame \(previous)"
                timing.issues.append(
                    ValidationIssue(
                        .error, .frameIndex, frame: frame.index, line: frame.line,
                        message: "frame number \(frame.index) \(what)"))
            }
            if frame.index >= 0 { previousIndex = max(previousIndex ?? frame.index, frame.index) }
        }
        // Single-frame datasets have no time axis.
        if sequence.holdsIndependentPoses { return timing }
        let stamped = frames.filter { $0.timestamp != nil }
        if stamped.isEmpty {
            if sequence.sourceFormat == .openPose {
                timing.issues.append(
                    ValidationIssue(
                        .warning, .timestampMissing,
                        message: "OpenPose has no timestamps; give --fps to check timing"))
            } else if sequence.sourceFormat == .csv, frames.allSatisfy({ $0.index >= 0 }) {
                // A video extractor's CSV numbers its frames and records no time (no time column):
                // like OpenPose, the recording is fine and --fps gives its time axis.
                timing.issues.append(
                    ValidationIssue(
                        .warning, .timestampMissing,
                        message: "frame numbers and no timestamps; give --fps to check timing"))
            } else {
                timing.issues.append(ValidationIssue(.error, .timestampMissing, message: "no frame has a timestamp"))
            }
            timing.dropped = frameNumberGaps(frames, into: &timing.issues)
            return timing
        }
        var previous: (time: Double, frame: Frame)?
        var steps: [Double] = []
        var usable = [Bool](repeating: false, count: frames.count)  // timestamp present, finite, increasing
        for (i, frame) in frames.enumerated() {
            guard let t = frame.timestamp else {
                timing.issues.append(
                    ValidationIssue(
                        .error, .timestampMissing, frame: frame.index, line: frame.line,
                        message: "timestamp missing"))
                continue
            }
            guard t.isFinite else {
                timing.issues.append(
                    ValidationIssue(
                        .error, .nonFinite, frame: frame.index, line: frame.line,
                        message: "timestamp is \(t)"))
                continue
            }
            if let previous {
                if t == previous.time {
                    timing.issues.append(
                        ValidationIssue(
                            .error, .timestampDuplicate, frame: frame.index, line: frame.line,
                            message: "timestamp \(ms(t)) repeats frame \(previous.frame.index)"))
                    continue
                } else if t < previous.time {
                    timing.issues.append(
                        ValidationIssue(
                            .error, .timestampNotIncreasing, frame: frame.index, line: frame.line,
                            message:
                                "timestamp \(ms(t)) is before frame \(previous.frame.index) at \(ms(previous.time))"))
                    continue
                }
            }
            usable[i] = true
            previous = (t, frame)
        }
        // Steps and gaps only between neighbours that both have good timestamps, so one bad
        // timestamp is reported once and not again as a gap.
        for i in frames.indices.dropFirst() where usable[i] && usable[i - 1] {
            if let a = frames[i - 1].timestamp, let b = frames[i].timestamp { steps.append(b - a) }
        }
        let times = stamped.compactMap(\.timestamp).filter(\.isFinite)
        if let first = times.min(), let last = times.max() { timing.duration = last - first }
        guard !steps.isEmpty else { return timing }
        let median = steps.sorted()[steps.count / 2]
        timing.medianStep = median
        for i in frames.indices.dropFirst() where usable[i] && usable[i - 1] {
            guard let a = frames[i - 1].timestamp, let b = frames[i].timestamp, b - a > options.gapFactor * median
            else { continue }
            // A timestamp far off (1e30 ms after the others) makes a ratio beyond any integer:
            // counted as the ceiling, and said so, never converted as is.
            let ratio = (b - a) / median
            let capped = !(ratio < Double(Self.droppedFrameCeiling))
            let missing = capped ? Self.droppedFrameCeiling : max(1, Int(ratio.rounded()) - 1)
            timing.dropped = min(timing.dropped + missing, Int.max / 2)
            let count = capped ? "more than \(missing) dropped frames" : "about \(missing) dropped frame\(missing == 1 ? "" : "s")"
            timing.issues.append(
                ValidationIssue(
                    .warning, .droppedFrames, frame: frames[i].index, line: frames[i].line,
                    message:
                        "gap of \(ms(b - a)) before this frame, \(count) at \(String(format: "%.1f", 1 / median)) fps"
                ))
        }
        return timing
    }

    /// Gaps in frame numbers, for files without timestamps (OpenPose file names).
    private func frameNumberGaps(_ frames: [Frame], into issues: inout [ValidationIssue]) -> Int {
        var dropped = 0
        for (a, b) in zip(frames, frames.dropFirst()) where a.index >= 0 && b.index > a.index && b.index - a.index > 1 {
            let missing = b.index - a.index - 1
            // Frame numbers are any integers a file holds: the total saturates rather than overflows.
            dropped = min(dropped, Int.max / 2) + min(missing, Int.max / 2)
            issues.append(
                ValidationIssue(
                    .warning, .droppedFrames, frame: b.index, line: b.line,
                    message: "\(missing) frame number\(missing == 1 ? "" : "s") missing before this frame"))
        }
        return dropped
    }

    /// The most dropped frames one gap counts for (10^12, a year at 30,000 fps).
    static let droppedFrameCeiling = 1_000_000_000_000

    private func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
}
