import Foundation
import MedGestures
import Testing

/// MediaPipe results dumped as JSON the ways people dump them: a sample's 21 points as one flat
/// list, the legacy `mp.solutions.hands` results as protobuf JSON (`MessageToDict`), JSON Lines of
/// `[x, y, z]` arrays. Written from known points (landmark k at x = 0.10 + 0.02 k, y = 0.90 - 0.03 k
/// + 0.06 (k mod 2), z = -0.001 k; the zigzag keeps them off a line, which `validate` calls a degenerate
/// hand); each must read back to exactly those points.
@Suite("Published MediaPipe JSON dumps")
struct PublishedJSONFormatTests {
    static func x(_ k: Int) -> Double { 0.10 + 0.02 * Double(k) }
    static func y(_ k: Int) -> Double { 0.90 - 0.03 * Double(k) + 0.06 * Double(k % 2) }
    static func z(_ k: Int) -> Double { -0.001 * Double(k) }
    static let objects = (0..<21).map { "{\"x\": \(x($0)), \"y\": \(y($0)), \"z\": \(z($0))}" }.joined(separator: ", ")
    static let arrays = (0..<21).map { "[\(x($0)), \(y($0)), \(z($0))]" }.joined(separator: ", ")

    static func read(_ text: String, name: String) throws -> LandmarkSequence {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "published-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try LandmarkFile.read(path)
    }

    static func expectKnownPoints(_ hand: Hand) throws {
        #expect(hand.landmarks.count == 21)
        for (k, point) in hand.landmarks.enumerated() {
            let point = try #require(point)
            #expect(abs(point.x - x(k)) < 1e-12 && abs(point.y - y(k)) < 1e-12 && abs((point.z ?? .nan) - z(k)) < 1e-12)
        }
    }

    @Test("A labelled sample's flat list of 21 points is one hand; labelled samples without time validate clean")
    func flatSamples() throws {
        let text =
            "[{\"label\": \"A\", \"landmarks\": [\(Self.objects)]}, {\"label\": \"B\", \"landmarks\": [\(Self.arrays)]}]"
        let sequence = try Self.read(text, name: "samples.json")
        #expect(sequence.frames.count == 2)
        #expect(sequence.frames.map(\.label) == ["A", "B"])
        for frame in sequence.frames {
            #expect(frame.hands.count == 1)
            try Self.expectKnownPoints(try #require(frame.hands.first))
        }
        #expect(Validator().validate(sequence, path: "samples.json").issues.isEmpty)
    }

    @Test("Legacy mp.solutions.hands results as protobuf JSON: multi_hand_landmarks, multi_handedness")
    func protobufJSON() throws {
        let frame = { (t: Int) in
            "{\"timestamp_ms\": \(t), \"multi_hand_landmarks\": [{\"landmark\": [\(Self.objects)]}], "
                + "\"multi_handedness\": [{\"classification\": [{\"index\": 1, \"score\": 0.97, \"label\": \"Right\"}]}]}"
        }
        let sequence = try Self.read("[\(frame(0)), \(frame(33)), \(frame(67))]", name: "results.json")
        #expect(sequence.frames.count == 3)
        let hand = try #require(sequence.frames.first?.hands.first)
        try Self.expectKnownPoints(hand)
        // MediaPipe's label assumes a mirrored image, the default for MediaPipe files.
        #expect(hand.handednessLabel == "Right" && hand.handedness == .right && hand.handednessScore == 0.97)
        #expect(Validator().validate(sequence, path: "results.json").issues.isEmpty)
    }

    @Test("JSON Lines with a flat [x, y, z] list per frame: a recording, one hand per frame")
    func linesOfArrays() throws {
        let text =
            (0..<4).map { "{\"frame\": \($0), \"timestamp_ms\": \($0 * 40), \"landmarks\": [\(Self.arrays)]}" }
            .joined(separator: "\n") + "\n"
        let sequence = try Self.read(text, name: "stream.jsonl")
        #expect(sequence.frames.map(\.index) == [0, 1, 2, 3])
        #expect(sequence.frames.map(\.line) == [1, 2, 3, 4])
        try Self.expectKnownPoints(try #require(sequence.frames.last?.hands.first))
        #expect(Validator().validate(sequence, path: "stream.jsonl").issues.isEmpty)
    }

    @Test("A recording without labels or timestamps is still a timestamp error")
    func unlabelledWithoutTime() throws {
        let sequence = try Self.read(
            "[{\"landmarks\": [[\(Self.objects)]]}, {\"landmarks\": [[\(Self.objects)]]}]", name: "r.json")
        let issues = Validator().validate(sequence, path: "r.json").issues
        #expect(issues.map(\.kind) == [.timestampMissing])
        #expect(issues.first?.severity == .error)
    }
}
