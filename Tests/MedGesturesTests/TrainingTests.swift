import Foundation
import MedGestures
import MedSynthetic
import Testing

@Suite("Training and evaluation")
struct TrainingTests {
    static func labelled() throws -> (LandmarkSequence, [LabelledPoses.Pose]) {
        let sequence = try Samples.read(
            "poses_labelled.csv", options: .init(imageSize: ImageSize(width: 640, height: 480)))
        return (sequence, LabelledPoses.poses(in: sequence))
    }

    @Test("The rule classifier names every labelled sample pose correctly")
    func rulesOnSamples() throws {
        let (sequence, poses) = try Self.labelled()
        #expect(poses.count == 156)
        let matrix = LabelledPoses.evaluate(
            poses, classifier: RuleClassifier(), normalization: HandNormalization(for: sequence))
        #expect(matrix.accuracy == 1, "\(matrix.table)")
    }

    @Test("A trained k-NN model survives a JSON round trip and classifies unseen rotations")
    func knn() throws {
        let (sequence, poses) = try Self.labelled()
        let normalization = HandNormalization(for: sequence)
        let samples = poses.compactMap { pose in
            HandFeatures(hand: pose.hand, normalization: normalization).map { ($0, pose.gesture) }
        }
        let model = try KNNClassifier(training: samples, k: 3)
        let back = try KNNClassifier(jsonData: model.jsonData(), path: "m.json")
        #expect(back == model)
        let n = HandNormalization(imageSize: ImageSize(width: 640, height: 480))
        for gesture in [Gesture.openPalm, .closedFist, .victory, .iLoveYou, .pointingUp, .ok, .thumbsUp, .thumbsDown] {
            for rotation in [-10.0, 10] {
                let hand = HandModel.hand(GesturePoses.world(gesture), imageRotation: rotation, leftHand: rotation > 0)
                let features = try #require(HandFeatures(hand: hand, normalization: n))
                #expect(back.predict(features).gesture == gesture, "\(gesture) at \(rotation)")
            }
        }
    }

    @Test("A k-NN model rejects a pose far from every training example")
    func knnRejects() throws {
        let (sequence, poses) = try Self.labelled()
        let normalization = HandNormalization(for: sequence)
        let samples = poses.filter { $0.gesture == .openPalm || $0.gesture == .closedFist }
            .compactMap { pose in HandFeatures(hand: pose.hand, normalization: normalization).map { ($0, pose.gesture) }
            }
        let model = try KNNClassifier(training: samples)
        let half = HandModel.points(.init(thumb: .spread, fingers: [.half, .half, .half, .half]))
        let claw = try #require(
            HandFeatures(
                hand: HandModel.hand(half.map { HandModel.rotate($0, about: Vector3(0, 0, 1), degrees: 150) }),
                normalization: .init(imageSize: .init(width: 640, height: 480))))
        #expect(model.predict(claw).gesture == .none)
    }

    @Test("A model file from another feature set is refused")
    func wrongModel() {
        let error = #expect(throws: GestureError.self) { try KNNClassifier(jsonData: Data("{}".utf8), path: "m.json") }
        #expect(error?.path == "m.json")
    }

    @Test("Confusion matrix: accuracy, precision and recall")
    func confusion() {
        let m = ConfusionMatrix([(.ok, .ok), (.ok, .none), (.victory, .victory), (.none, .ok)])
        #expect(m.accuracy == 0.5)
        #expect(m.precision(.ok) == 0.5)
        #expect(m.recall(.ok) == 0.5)
        #expect(m.recall(.victory) == 1)
        #expect(m.precision(.thumbsUp) == nil)
        #expect(m.table.contains("accuracy 50.0%"))
    }

    @Test("Labels from MediaPipe and HaGRID map onto gestures")
    func labels() {
        #expect(Gesture(label: "Thumb_Up") == .thumbsUp)
        #expect(Gesture(label: "ILoveYou") == .iLoveYou)
        #expect(Gesture(label: "dislike") == .thumbsDown)
        #expect(Gesture(label: "no_gesture") == Gesture.none)
        #expect(Gesture(label: "call") == nil)
    }

    @Test("Under simulated tremor, smoothing lowers jitter and held decisions flicker less than frames")
    func tremor() throws {
        var evaluation = TremorEvaluation()
        evaluation.frequencies = [6]
        evaluation.amplitudes = [0.05]
        evaluation.duration = 2
        evaluation.jitter = 0.01
        let poses = [Gesture.thumbsUp, .victory, .ok].map { (HandModel.hand(GesturePoses.world($0)), $0) }
        let rows = evaluation.run(
            poses.map { (hand: $0.0, truth: $0.1) }, imageSize: ImageSize(width: 640, height: 480))
        let row = try #require(rows.first)
        #expect(row.jitter.smoothed < row.jitter.raw)
        #expect(row.heldFlicker.smoothed <= row.frameFlicker.raw)
        #expect(row.heldAccuracy.smoothed > 0.9)
    }

    @Test("The notch removes its own frequency, and the tremor frequency is found from the signal")
    func notch() {
        var notch = NotchFilter(frequency: 6, sampleRate: 30, q: 0.7)
        var tail: [Double] = []
        for i in 0..<300 {
            let y = notch.filter(sin(2 * .pi * 6 * Double(i) / 30))
            if i >= 200 { tail.append(abs(y)) }
        }
        #expect((tail.max() ?? 1) < 0.01)
        let hand = HandModel.hand(GesturePoses.world(.openPalm))
        let still = TremorSimulation.still(hand, duration: 4, fps: 30, imageSize: ImageSize(width: 640, height: 480))
        let trembling = TremorSimulation(frequency: 7, amplitude: 0.03, jitter: 0.002).applied(to: still)
        let f = TremorAnalysis.dominantFrequency(trembling)
        #expect(f.map { abs($0 - 7) < 0.3 } == true)
        let comparison = SmoothingComparison(trembling, smoother: LandmarkSmoother())
        #expect(comparison.lagNotch != nil && comparison.jitterNotch.map { $0 < comparison.jitterBefore } == true)
    }
}
