import Foundation
import MedCore
import MedGestures
import MedSynthetic
import Testing

@Suite("Validation")
struct ValidationTests {
    func report(_ name: String, options: LandmarkReadOptions = .init()) -> ValidationReport {
        do {
            return Validator().validate(try Samples.read(name, options: options), path: name)
        } catch let error as GestureError {
            return ValidationReport(failure: error)
        } catch {
            return ValidationReport(path: name, format: nil)
        }
    }

    /// Every problem planted in samples/gestures/invalid/problems.csv, with its frame (README lists them).
    static let planted: [(ValidationIssue.Kind, ValidationIssue.Severity, Int)] = [
        (.nonFinite, .error, 2), (.wristDepth, .warning, 3), (.landmarkCount, .error, 4),
        (.handednessLowScore, .warning, 5), (.overshoot, .warning, 6), (.outOfRange, .error, 7),
        (.timestampDuplicate, .error, 9), (.handednessMissing, .warning, 10), (.timestampNotIncreasing, .error, 11),
        (.droppedFrames, .warning, 13), (.jump, .warning, 15), (.timestampMissing, .error, 17),
        (.geometry, .warning, 18), (.handednessUnknown, .error, 19),
    ]

    @Test(
        "Every planted problem is found at its frame, with the CSV line (frame + 2)",
        arguments: planted.map { "\($0.0.rawValue)@\($0.2)" })
    func plantedProblem(key: String) throws {
        let report = report("invalid/problems.csv")
        let entry = try #require(Self.planted.first { "\($0.0.rawValue)@\($0.2)" == key })
        let found = report.issues.filter { $0.kind == entry.0 && $0.frame == entry.2 }
        #expect(found.count == 1, "\(report.issues.map(\.description))")
        #expect(found.first?.severity == entry.1)
        #expect(found.first?.line == entry.2 + 2)
    }

    @Test("The planted non-finite, overshoot, out-of-range and swapped points name their landmark")
    func namedLandmarks() {
        let issues = report("invalid/problems.csv").issues
        #expect(issues.first { $0.kind == .nonFinite }?.landmark == 5)
        #expect(issues.first { $0.kind == .overshoot }?.landmark == 8)
        #expect(issues.first { $0.kind == .outOfRange }?.landmark == 12)
        #expect(issues.first { $0.kind == .geometry && $0.frame == 18 }?.landmark == 20)
    }

    @Test("No problem is reported where none was planted")
    func nothingElse() {
        let issues = report("invalid/problems.csv").issues
        let expectedFrames: Set<Int> = Set(Self.planted.map(\.2)).union([3, 6, 7, 16])  // consequences: moved points
        for issue in issues {
            #expect(issue.frame.map { expectedFrames.contains($0) } ?? false, "\(issue.description)")
        }
        #expect(!report("invalid/problems.csv").isValid)
    }

    @Test(
        "The clean samples have no errors",
        arguments: [
            "mediapipe_python.json", "mediapipe_js.jsonl", "two_hands.csv", "poses_labelled.csv",
        ])
    func cleanSample(name: String) {
        let report = report(name)
        #expect(report.errorCount == 0, "\(report.issues.map(\.description))")
        #expect(report.warningCount == 0, "\(report.issues.map(\.description))")
    }

    @Test("OpenPose: the dropped frame 5 and the occluded landmark are warnings; with --fps the frame rate is 30")
    func openPoseWarnings() {
        let report = report("openpose", options: .init(fps: 30, imageSize: ImageSize(width: 640, height: 480)))
        #expect(report.isValid)
        #expect(report.droppedFrames == 1)
        #expect(report.issues.contains { $0.kind == .droppedFrames && $0.frame == 6 })
        #expect(report.issues.contains { $0.kind == .missingLandmark && $0.frame == 3 && $0.landmark == 20 })
        #expect(abs((report.estimatedFPS ?? 0) - 30) < 1e-6)
    }

    @Test("An OpenPose hand with 60 numbers is a landmark-count error at frame 1")
    func openPoseCount() {
        let report = report("invalid/openpose_bad")
        #expect(report.issues.filter { $0.severity == .error }.map(\.frame) == [1])
        #expect(report.issues.contains { $0.kind == .landmarkCount && $0.frame == 1 })
    }

    @Test("A truncated JSON Lines file is unreadable at line 4; random bytes are unreadable")
    func unreadableFiles() {
        let truncated = report("invalid/truncated.jsonl")
        #expect(truncated.issues.map(\.kind) == [.unreadable])
        #expect(truncated.issues.first?.line == 4)
        #expect(report("invalid/garbage.json").issues.map(\.kind) == [.unreadable])
    }

    @Test("Hands of a recording whose timestamps are all missing give one error")
    func allTimestampsMissing() {
        let hand = HandModel.hand(GesturePoses.world(.openPalm))
        let sequence = LandmarkSequence(
            frames: (0..<5).map { Frame(index: $0, timestamp: nil, hands: [hand]) },
            sourceFormat: .mediaPipeJSON)
        let issues = Validator().validate(sequence, path: "x").issues
        #expect(issues.map(\.kind) == [.timestampMissing])
    }

    @Test("Random bytes and truncated samples never crash the readers or the validator")
    func fuzz() throws {
        var rng = SeededGenerator(seed: 99)
        let names = [
            "mediapipe_python.json", "mediapipe_js.jsonl", "two_hands.csv", "poses_labelled.csv",
            "openpose/clip_000000000003_keypoints.json", "invalid/problems.csv",
        ]
        var inputs: [(String, [UInt8])] = []
        for name in names {
            let bytes = [UInt8](FileManager.default.contents(atPath: Samples.path(name)) ?? Data())
            for _ in 0..<12 {
                inputs.append((name, Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))))
                var mutated = bytes
                for _ in 0..<8 where !mutated.isEmpty {
                    mutated[Int.random(in: 0..<mutated.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
                inputs.append((name, mutated))
            }
        }
        for n in 0..<40 {
            inputs.append(
                (
                    "random\(n).json",
                    (0..<Int.random(in: 0...400, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                ))
        }
        inputs.append(("deep.json", Array(String(repeating: "[", count: 100_000).utf8)))
        for (name, bytes) in inputs {
            let path = Samples.temporary((name as NSString).lastPathComponent)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            for format in [nil] + LandmarkFormat.allCases.map(Optional.some) {
                if let sequence = try? LandmarkFile.read(path, format: format, options: .init(fps: 30)) {
                    _ = Validator().validate(sequence, path: path)
                    _ = SequenceClassifier(smoother: LandmarkSmoother()).classify(sequence)
                }
            }
        }
    }

    @Test("World landmarks with a wrong count or NaN are errors at their frame")
    func worldLandmarks() throws {
        var sequence = try Samples.read("mediapipe_python.json")
        sequence.frames[7].hands[0].worldLandmarks?.removeLast()
        sequence.frames[9].hands[0].worldLandmarks?[3]?.y = .nan
        let issues = Validator().validate(sequence, path: "w.json").issues
        #expect(issues.contains { $0.kind == .landmarkCount && $0.frame == 7 })
        #expect(issues.contains { $0.kind == .nonFinite && $0.frame == 9 && $0.landmark == 3 })
        #expect(issues.filter { $0.severity == .error }.count == 2)
    }
}
