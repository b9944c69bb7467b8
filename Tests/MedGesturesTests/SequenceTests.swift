import Foundation
import MedGestures
import Testing

@Suite("Sequence decisions")
struct SequenceTests {
    func observations(_ scores: [Double], gesture: Gesture = .thumbsUp, fps: Double = 30) -> [GestureDecider
        .Observation]
    {
        scores.enumerated().map { GestureDecider.Observation(frame: $0, time: Double($0) / fps, scores: [gesture: $1]) }
    }

    @Test("A score dipping every other frame (tremor) gives one segment, not flicker")
    func hysteresis() {
        let scores = (0..<60).map { $0 % 2 == 0 ? 0.75 : 0.45 }
        let (labels, segments) = GestureDecider().decide(observations(scores), hand: "right")
        #expect(segments.count == 1)
        #expect(segments.first?.gesture == .thumbsUp)
        #expect(segments.first?.startFrame == 0 && segments.first?.endFrame == 59)
        #expect(zip(labels, labels.dropFirst()).filter { $0 != $1 }.isEmpty)
        let perFrame = scores.map { $0 >= 0.5 }
        #expect(zip(perFrame, perFrame.dropFirst()).filter { $0 != $1 }.count == 59, "per-frame labels flicker")
    }

    @Test("A gesture shorter than the minimum duration is not held")
    func minimumDuration() {
        let scores =
            Array(repeating: 0.0, count: 10) + Array(repeating: 0.9, count: 6) + Array(repeating: 0.0, count: 20)
        #expect(GestureDecider().decide(observations(scores), hand: "r").segments.isEmpty)
    }

    @Test("A held gesture survives a short drop and ends after a long one")
    func release() {
        let short =
            Array(repeating: 0.9, count: 30) + Array(repeating: 0.1, count: 4) + Array(repeating: 0.9, count: 30)
        #expect(GestureDecider().decide(observations(short), hand: "r").segments.count == 1)
        let long =
            Array(repeating: 0.9, count: 30) + Array(repeating: 0.1, count: 20) + Array(repeating: 0.9, count: 30)
        let segments = GestureDecider().decide(observations(long), hand: "r").segments
        #expect(segments.count == 2)
        #expect(segments.first?.endFrame == 29)
        #expect(segments.last?.startFrame == 50)
    }

    @Test("Switching gestures: the first ends where the second began")
    func switching() {
        let obs = (0..<60).map { i in
            GestureDecider.Observation(
                frame: i, time: Double(i) / 30,
                scores: i < 30 ? [.openPalm: 0.9, .thumbsUp: 0] : [.openPalm: 0.4, .thumbsUp: 0.9])
        }
        let (labels, segments) = GestureDecider().decide(obs, hand: "r")
        #expect(segments.map(\.gesture) == [.openPalm, .thumbsUp])
        #expect(segments.first?.endFrame == 29 && segments.last?.startFrame == 30)
        #expect(labels[29] == .openPalm && labels[30] == .thumbsUp)
    }

    @Test("MediaPipe sample: open palm, then thumbs up, from the right hand")
    func mediaPipeSample() throws {
        let result = SequenceClassifier(smoother: LandmarkSmoother()).classify(
            try Samples.read("mediapipe_python.json"))
        #expect(result.segments.map(\.gesture) == [.openPalm, .thumbsUp])
        #expect(result.segments.allSatisfy { $0.hand == "right" })
        let boundary = try #require(result.segments.last?.startFrame)
        #expect((28...40).contains(boundary), "the tremor preset lags by about 0.2 s")
    }

    @Test(
        "Samples in every format are classified",
        arguments: [
            ("mediapipe_js.jsonl", [Gesture.victory]), ("openpose", [.closedFist]),
            ("two_hands.csv", [.pointingUp, .openPalm]),
        ])
    func formats(name: String, gestures: [Gesture]) throws {
        let sequence = try Samples.read(name, options: .init(fps: 30, imageSize: ImageSize(width: 640, height: 480)))
        let result = SequenceClassifier().classify(sequence)
        #expect(result.segments.map(\.gesture) == gestures, "\(result.segments)")
    }

    @Test("Labels belong to rows: two hands in one CSV frame keep their own labels, and recordings are evaluated")
    func labelledRecording() throws {
        var sequence = try Samples.read("two_hands.csv")
        for f in sequence.frames.indices {
            sequence.frames[f].hands[0].label = "pointing_up"
            sequence.frames[f].hands[1].label = "open_palm"
        }
        let path = Samples.temporary("labelled.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try LandmarkFile.write(sequence, to: path, format: .csv)
        let back = try LandmarkFile.read(path)
        #expect(back.frames[3].hands.map(\.label) == ["pointing_up", "open_palm"])
        let poses = LabelledPoses.poses(in: back)
        #expect(poses.count == 60)
        var evaluation = SequenceEvaluation()
        evaluation.add(back, classifier: SequenceClassifier())
        #expect(evaluation.held.total == 60)
        #expect(evaluation.held.accuracy > 0.8)
        #expect(evaluation.heldFlicker <= evaluation.frameFlicker + 1.1)
    }
}
