import Foundation
import MedGestures
import MedSynthetic
import MedTestSupport
import Testing

/// The validator trusts what real trackers report: foreshortened fingers, MediaPipe's z and
/// independent poses are not errors; files that are not landmark data are.
@Suite("Validator on real-like tracker output")
struct TrackerTrustTests {
    @Test(
        "Foreshortened recordings (fingers swinging at the camera, 3x shorter bones) have no errors or geometry findings"
    )
    func foreshortened() {
        for setting in EvaluationSetTests.settings {
            for seed in 0..<6 {
                var generator = RealisticHands(seed: 100 + UInt64(seed), camera: setting.camera)
                let recording = generator.foreshortenedRecording()
                let report = Validator().validate(recording, path: "generated")
                #expect(
                    report.errorCount == 0,
                    "\(setting.name): \(report.issues.filter { $0.severity == .error }.prefix(3).map(\.description))")
                #expect(!report.issues.contains { $0.kind == .geometry }, "\(setting.name)")
            }
        }
    }

    @Test("A labelled set of independent poses of every class and letter has no errors and no geometry findings")
    func independentPoses() {
        for setting in EvaluationSetTests.settings {
            var generator = RealisticHands(seed: 200, camera: setting.camera)
            let samples = generator.samples(RealisticHands.classes + RealisticHands.letters, count: 20)
            let report = Validator().validate(generator.sequence(samples), path: "generated")
            #expect(
                report.errorCount == 0,
                "\(setting.name): \(report.issues.filter { $0.severity == .error }.prefix(3).map(\.description))")
            #expect(!report.issues.contains { $0.kind == .geometry })
        }
    }

    @Test("A swapped fingertip in one frame of a recording is still reported, as a warning at that frame")
    func swappedPoint() throws {
        var generator = RealisticHands(seed: 300)
        var recording = generator.foreshortenedRecording()
        let hand = recording.frames[40].hands[0]
        recording.frames[40].hands[0].landmarks[20] = hand.landmarks[4]  // pinky tip placed on the thumb tip
        let report = Validator().validate(recording, path: "generated")
        let found = report.issues.filter { $0.kind == .geometry }
        #expect(found.map(\.frame) == [40])
        #expect(found.first?.severity == .warning)
        #expect(found.first?.landmark == 20)
    }

    @Test("A header-only CSV is read as no frames and validate warns")
    func headerOnly() throws {
        let path = Samples.temporary("header.csv")
        try "frame,timestamp_ms,hand,x0,y0\n".write(toFile: path, atomically: true, encoding: .utf8)
        let sequence = try LandmarkFile.read(path)
        let report = Validator().validate(sequence, path: path)
        #expect(report.issues.contains { $0.kind == .empty && $0.severity == .warning })
    }

    @Test(
        "JSON that is not landmark data is refused with the reason",
        arguments: [
            #"[{"a": 1}, {"a": 2}, {"b": 3}]"#, #"{"name": "config", "values": [1, 2, 3]}"#,
        ])
    func notLandmarks(text: String) throws {
        let path = Samples.temporary("other.json")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try LandmarkFile.read(path)
        } throws: { error in
            (error as? GestureError)?.reason.contains("not MediaPipe landmark data") == true
        }
    }

    @Test("A CSV in pixels is read as pixels: no out-of-range errors, a units warning without an image size")
    func pixelCSV() throws {
        var generator = RealisticHands(
            seed: 400, camera: .init(imageSize: ImageSize(width: 1280, height: 720), focal: 1000, pixels: true))
        var sequence = generator.sequence(generator.samples(["open_palm", "victory"], count: 5))
        sequence.coordinateSpace = .normalized  // as written to CSV, which has no unit column
        for i in sequence.frames.indices { sequence.frames[i].timestamp = Double(i) / 30 }
        let path = Samples.temporary("pixels.csv")
        try CSVLandmarkWriter.string(sequence).write(toFile: path, atomically: true, encoding: .utf8)
        let read = try LandmarkFile.read(path)
        #expect(read.coordinateSpace == .pixels)
        let report = Validator().validate(read, path: path)
        #expect(
            report.errorCount == 0, "\(report.issues.filter { $0.severity == .error }.prefix(3).map(\.description))")
        #expect(report.issues.contains { $0.kind == .unitsUnknown })
        let sized = try LandmarkFile.read(path, options: .init(imageSize: ImageSize(width: 1280, height: 720)))
        #expect(!Validator().validate(sized, path: path).issues.contains { $0.kind == .unitsUnknown })
    }

    @Test("Rows without time are independent: classify of a labelled set equals the per-row predictions")
    func independentRows() throws {
        var generator = RealisticHands(seed: 500)
        let samples = generator.samples(RealisticHands.classes, count: 6)
        let sequence = generator.sequence(samples)
        let smoothing = SequenceClassifier(smoother: LandmarkSmoother())
        let result = smoothing.classify(sequence)
        let normalization = HandNormalization(for: sequence)
        #expect(result.frames.count == samples.count)
        for (frame, sample) in zip(result.frames, samples) {
            let alone = HandFeatures(hand: sample.hand, normalization: normalization).map(RuleClassifier().predict)
            #expect(frame.decided == (alone?.gesture ?? .none))
        }
    }

    @Test("A labelled JSON dump without time is independent poses too: validate and classify agree")
    func independentJSONSamples() throws {
        var generator = RealisticHands(seed: 501)
        let samples = generator.samples(RealisticHands.classes, count: 6)
        // What a dataset dumper writes: one labelled hand per entry, no timestamp_ms.
        let entries = samples.map { sample in
            let points = sample.hand.landmarks.map { point in
                point.map { "{\"x\": \($0.x), \"y\": \($0.y), \"z\": \($0.z ?? 0)}" } ?? "null"
            }
            return "{\"label\": \"\(sample.gesture.rawValue)\", \"hand_landmarks\": [[\(points.joined(separator: ", "))]]}"
        }
        let path = TemporaryFolder.path("gestures") + "-samples.json"
        try Data(("[" + entries.joined(separator: ",\n") + "]").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sequence = try LandmarkFile.read(path)
        #expect(sequence.holdsIndependentPoses)
        #expect(!Validator().validate(sequence, path: path).issues.contains { $0.kind == .timestampMissing })
        let result = SequenceClassifier(smoother: LandmarkSmoother()).classify(sequence)
        let normalization = HandNormalization(for: sequence)
        #expect(result.frames.count == samples.count)
        for (outcome, frame) in zip(result.frames, sequence.frames) {
            let alone = RuleClassifier().predict(frame.hands[0], normalization: normalization)?.gesture ?? .none
            #expect(outcome.decided == alone, "frame \(frame.index)")
        }
    }
}

@Suite("Live classification")
struct LiveClassifierTests {
    @Test(
        "Frames fed one at a time are held after the minimum duration, and agree with the batch classifier afterwards")
    func live() {
        var generator = RealisticHands(seed: 600)
        let sample = generator.sample("victory_narrow", left: false)
        let clip = TremorSimulation(frequency: 6, amplitude: 0.01, jitter: 0.002, seed: 3).applied(
            to: TremorSimulation.still(
                sample.hand, duration: 1.5, fps: 30, imageSize: ImageSize(width: 640, height: 480)))
        var live = LiveClassifier(normalization: HandNormalization(for: clip))
        var held: [Gesture] = []
        for frame in clip.frames { held += live.classify(frame, at: frame.timestamp ?? 0).map(\.held) }
        let batch = SequenceClassifier(smoother: LandmarkSmoother()).classify(clip).frames.map(\.decided)
        #expect(held.count == clip.frames.count)
        // Not held before 0.3 s (9 frames at 30 fps), held from then on, as the batch decision is.
        #expect(held.prefix(9).allSatisfy { $0 == .none })
        #expect(held.dropFirst(9).allSatisfy { $0 == .victory }, "\(held)")
        #expect(Array(batch.dropFirst(9)) == Array(held.dropFirst(9)))
    }
}
