import Foundation
import MedGestures

extension ThumbArbiter {
    /// The classes the reference hands are drawn from: the fist-like gestures and ASL letters…
    public static let referenceLabels = ["thumbs_up", "thumbs_down", "closed_fist"] + RealisticHands.letters
    /// …and, a quarter as many, the other gestures (only those the rules call fist-like are kept).
    public static let referenceOthers = ["open_palm", "pointing_up", "victory", "victory_narrow", "ok", "i_love_you", "none"]

    /// The reference set `medprep` ships for 2-D input: generated hands only (``RealisticHands``
    /// with the default camera, without depth), the recipe of the thumbs up study's "train" set
    /// (`Tests/MedGesturesTests/ThumbStudyDumpTests.swift`, `Benchmarks/gestures/thumb_study.py`).
    ///
    /// Per seed: `count` hands of every class in ``referenceLabels`` and `count / 4` of every class in
    /// ``referenceOthers``, left and right; each kept only when the rules answer closed fist, thumbs
    /// up or thumbs down (the arbiter is consulted only then), labelled by what was drawn.
    ///
    /// - Parameters:
    ///   - seeds: Generator seeds (default 3000...3009, the study's training seeds).
    ///   - count: Hands per class and seed (default 200).
    /// - Returns: The arbiter.
    public static func generated(seeds: [UInt64] = Array(3000...3009), count: Int = 200) -> ThumbArbiter {
        let (coordinates, labels) = referenceHands(seeds: seeds, count: count, camera: .init(depth: false))
        // Never throws: 42 finite coordinates per kept hand, and every seed keeps hundreds.
        return try! ThumbArbiter(coordinates: coordinates, labels: labels)
    }

    /// The canonical 2-D points and labels of the gated reference hands (see ``generated(seeds:count:)``).
    ///
    /// - Parameters:
    ///   - seeds: Generator seeds.
    ///   - count: Hands per class and seed.
    ///   - camera: The camera.
    ///   - shift: Hand proportions and thumb ranges.
    /// - Returns: 42 floats per hand and its label.
    public static func referenceHands(
        seeds: [UInt64], count: Int, camera: RealisticHands.Camera, shift: RealisticHands.Shift = .init()
    ) -> (coordinates: [Float], labels: [Label]) {
        // Seeds are independent: drawn in parallel, joined in seed order (the same set on any machine).
        let parts = Parts(count: seeds.count)
        DispatchQueue.concurrentPerform(iterations: seeds.count) { i in
            parts.set(i, referenceHands(seed: seeds[i], count: count, camera: camera, shift: shift))
        }
        return parts.joined()
    }

    private static func referenceHands(
        seed: UInt64, count: Int, camera: RealisticHands.Camera, shift: RealisticHands.Shift
    ) -> (coordinates: [Float], labels: [Label]) {
        var coordinates: [Float] = []
        var labels: [Label] = []
        let normalization = HandNormalization(
            imageSize: camera.imageSize, coordinateSpace: camera.pixels ? .pixels : .normalized)
        do {
            var generator = RealisticHands(seed: seed, camera: camera)
            generator.shift = shift
            for s in generator.samples(referenceLabels, count: count)
                + generator.samples(referenceOthers, count: count / 4)
            {
                guard let p = normalization.canonicalPoints(s.hand),
                    ArbitratedClassifier.fistLike.contains(RuleClassifier().predict(HandFeatures(canonical: p)).gesture)
                else { continue }
                for point in p { coordinates += [Float(point.x), Float(point.y)] }
                labels.append(s.label == "thumbs_up" ? .thumbsUp : s.label == "thumbs_down" ? .thumbsDown : .other)
            }
        }
        return (coordinates, labels)
    }

    /// Per-seed results filled by concurrent workers.
    private final class Parts: @unchecked Sendable {
        private let lock = NSLock()
        private var parts: [(coordinates: [Float], labels: [Label])]

        init(count: Int) { parts = Array(repeating: ([], []), count: count) }

        func set(_ i: Int, _ part: (coordinates: [Float], labels: [Label])) { lock.withLock { parts[i] = part } }

        func joined() -> (coordinates: [Float], labels: [Label]) {
            lock.withLock { (parts.flatMap(\.coordinates), parts.flatMap(\.labels)) }
        }
    }
}
