import Foundation

extension Validator {
    /// A hand followed through the recording: same handedness, else same position in the frame.
    struct TrackPoint {
        var frame: Frame
        var hand: Int
        var points: [Vector3?]  // aspect-corrected, nil where missing or non-finite
        var size: Double?
    }

    /// Jumps and bone-length consistency, per hand track.
    func trackIssues(_ sequence: LandmarkSequence, step: Double?) -> [ValidationIssue] {
        let (sx, sy) = sequence.pixelScale
        var tracks: [String: [TrackPoint]] = [:]
        for frame in sequence.frames {
            for (h, hand) in frame.hands.enumerated() where hand.landmarks.count == HandJoint.count {
                let key = hand.handedness?.rawValue ?? "position \(h)"
                let points: [Vector3?] = hand.landmarks.map { p in
                    guard let p, p.isFinite else { return nil }
                    return Vector3(p.x * sx, p.y * sy, (p.z ?? 0) * sx)
                }
                let complete = points.compactMap { $0 }
                let size = complete.count == HandJoint.count ? HandNormalization.handSize(complete) : nil
                tracks[key, default: []].append(
                    TrackPoint(frame: frame, hand: h, points: points, size: size.flatMap { $0 > 0 ? $0 : nil }))
            }
        }
        var issues: [ValidationIssue] = []
        for key in tracks.keys.sorted() {
            guard let track = tracks[key] else { continue }
            let sizes = rollingMedian(track.map(\.size), radius: 7)
            // Rows without time are independent poses: nothing to compare across them.
            if !sequence.holdsIndependentPoses {
                issues += jumps(track, sizes: sizes, step: step)
                issues += geometry(track, sizes: sizes)
            }
        }
        return issues
    }

    private func jumps(_ track: [TrackPoint], sizes: [Double?], step: Double?) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        for i in track.indices.dropFirst() {
            let (a, b) = (track[i - 1], track[i])
            guard let size = sizes[i] ?? sizes[i - 1], size > 0 else { continue }
            var dt: Double
            if let ta = a.frame.timestamp, let tb = b.frame.timestamp, ta.isFinite, tb.isFinite, tb > ta {
                dt = tb - ta
            } else {
                // Frame numbers come from the file: their difference may not fit an Int.
                let frames = b.frame.index.subtractingReportingOverflow(a.frame.index)
                dt = (step ?? 1.0 / 30) * (frames.overflow ? Double(b.frame.index) - Double(a.frame.index) : Double(max(1, frames.partialValue)))
            }
            let pairs = zip(a.points, b.points).compactMap { p, q -> Double? in
                guard let p, let q else { return nil }
                return (q - p).length
            }
            guard pairs.count >= 5 else { continue }
            let displacement = pairs.sorted()[pairs.count / 2] / size  // median point: robust to one bad point
            let speed = displacement / dt
            if displacement > options.minimumJump && speed > options.maximumSpeed {
                issues.append(
                    ValidationIssue(
                        .warning, .jump, frame: b.frame.index, line: b.frame.hands[b.hand].line ?? b.frame.line,
                        hand: b.hand,
                        message: String(
                            format: "hand moved %.2f hand sizes in %.0f ms (%.0f hand sizes/s, limit %.0f)",
                            displacement, dt * 1000, speed, options.maximumSpeed)))
            }
        }
        return issues
    }

    private func geometry(_ track: [TrackPoint], sizes: [Double?]) -> [ValidationIssue] {
        let bones = HandJoint.bones
        var ratios = [[Double?]](repeating: [], count: bones.count)
        for (i, item) in track.enumerated() {
            for (b, bone) in bones.enumerated() {
                guard let size = sizes[i], let p = item.points[bone.0], let q = item.points[bone.1] else {
                    ratios[b].append(nil)
                    continue
                }
                // Image-plane length: foreshortening only shortens it, and z is not trusted.
                ratios[b].append(hypot(q.x - p.x, q.y - p.y) / size)
            }
        }
        let medians = ratios.map { rollingMedian($0, radius: 15) }
        var issues: [ValidationIssue] = []
        for (i, item) in track.enumerated() {
            var worst: (bone: Int, factor: Double)?
            for b in bones.indices {
                guard let r = ratios[b][i], let m = medians[b][i], m > 0 else { continue }
                let factor = r / m
                if factor > options.boneRatioLimit && r - m > 0.15, factor > (worst?.factor ?? 0) {
                    worst = (b, factor)
                }
            }
            if let worst {
                let (p, c) = bones[worst.bone]
                issues.append(
                    ValidationIssue(
                        .warning, .geometry, frame: item.frame.index,
                        line: item.frame.hands[item.hand].line ?? item.frame.line, hand: item.hand, landmark: c,
                        message: String(
                            format:
                                "bone %d-%d is %.1f times longer in the image than in the neighbouring frames: landmark %d may be misplaced",
                            p, c, worst.factor, c)))
            }
        }
        return issues
    }

    private func rollingMedian(_ values: [Double?], radius: Int) -> [Double?] {
        values.indices.map { i in
            let window = values[max(0, i - radius)...min(values.count - 1, i + radius)].compactMap { $0 }.sorted()
            return window.isEmpty ? nil : window[window.count / 2]
        }
    }
}
