import Foundation
import MedGestures
import Testing

@Suite("Landmark file formats")
struct FormatTests {
    @Test(
        "Every sample's format is detected",
        arguments: [
            ("mediapipe_python.json", LandmarkFormat.mediaPipeJSON), ("mediapipe_js.jsonl", .mediaPipeJSONL),
            ("openpose", .openPose), ("two_hands.csv", .csv), ("poses_labelled.csv", .labelledCSV),
        ])
    func detection(name: String, format: LandmarkFormat) throws {
        #expect(try Samples.read(name).sourceFormat == format)
    }

    @Test("MediaPipe Python results: names, timestamps in ms, world landmarks, handedness of a selfie image")
    func mediaPipePython() throws {
        let sequence = try Samples.read("mediapipe_python.json")
        #expect(sequence.frames.count == 60)
        #expect(sequence.sourceStyle.javaScriptNames == false)
        let first = try #require(sequence.frames.first?.hands.first)
        #expect(first.landmarks.count == 21)
        #expect(first.worldLandmarks?.count == 21)
        #expect(first.handedness == .right)
        #expect(first.mirrored)
        #expect(first.imageChirality == .left)
        #expect(first.handednessScore.map { abs($0 - 0.97) < 0.02 } == true)
        #expect(abs((sequence.frames[3].timestamp ?? 0) - 0.1) < 1e-9)
        #expect(abs((first.landmarks[1]?.x ?? 0) - 0.473625) < 1e-12)
    }

    @Test("Unmirrored input swaps MediaPipe's handedness label")
    func unmirrored() throws {
        let sequence = try Samples.read("mediapipe_python.json", options: .init(mirrored: false))
        let hand = try #require(sequence.frames.first?.hands.first)
        #expect(hand.handedness == .left)
        #expect(hand.handednessLabel == "Right")
        #expect(hand.imageChirality == .left)
    }

    @Test("MediaPipe JavaScript GestureRecognizer results in JSON Lines")
    func mediaPipeJavaScript() throws {
        let sequence = try Samples.read("mediapipe_js.jsonl")
        #expect(sequence.frames.count == 45)
        #expect(sequence.sourceStyle.javaScriptNames)
        #expect(sequence.frames[0].line == 1 && sequence.frames[44].line == 45)
        let hand = try #require(sequence.frames[2].hands.first)
        #expect(hand.handedness == .left)
        #expect(hand.worldLandmarks?.count == 21)
        #expect(abs((sequence.frames[2].timestamp ?? 0) - 0.066667) < 1e-6)
    }

    @Test("A single MediaPipe frame object and a {frames: [...]} document are read")
    func mediaPipeShapes() throws {
        let frame =
            #"{"timestampMs": 5, "landmarks": [[[0.1, 0.2, 0.0], [0.2, 0.3]]], "handedness": [{"categoryName": "Left", "score": 0.9}]}"#
        let one = try MediaPipeReader.read(Array(frame.utf8), path: "f.json", lines: false)
        #expect(one.frames.count == 1)
        #expect(one.frames[0].hands[0].landmarks.count == 2)
        #expect(one.frames[0].hands[0].handedness == .left)
        let wrapped = #"{"image_width": 1280, "image_height": 720, "frames": [\#(frame), \#(frame)]}"#
        let two = try MediaPipeReader.read(Array(wrapped.utf8), path: "f.json", lines: false)
        #expect(two.frames.count == 2)
        #expect(two.imageSize == ImageSize(width: 1280, height: 720))
    }

    @Test("Python's NaN and Infinity are read, so the validator can report them")
    func pythonNonFinite() throws {
        let text = #"[{"timestamp_ms": 0, "hand_landmarks": [[{"x": NaN, "y": Infinity, "z": -Infinity}]]}]"#
        let sequence = try MediaPipeReader.read(Array(text.utf8), path: "n.json", lines: false)
        let point = try #require(sequence.frames[0].hands[0].landmarks[0])
        #expect(point.x.isNaN && point.y == .infinity && point.z == -.infinity)
    }

    @Test("OpenPose: frame numbers from file names, 0,0,0 is missing, pixels normalized with the image size")
    func openPose() throws {
        let sequence = try Samples.read(
            "openpose", options: .init(fps: 30, imageSize: ImageSize(width: 640, height: 480)))
        #expect(sequence.frames.map(\.index) == [0, 1, 2, 3, 4] + Array(6..<20))
        #expect(sequence.coordinateSpace == .normalized)
        #expect(abs((sequence.frames[5].timestamp ?? 0) - 0.2) < 1e-12)
        let hand = try #require(sequence.frames[3].hands.first)
        #expect(hand.handedness == .right)
        #expect(hand.landmarks.count == 21)
        #expect(hand.landmarks[20] == nil)
        #expect(sequence.frames[0].hands.count == 1, "the all-zero left hand is no hand")
        #expect(hand.landmarks[0].map { (0...1).contains($0.x) && (0...1).contains($0.y) } == true)
        let pixels = try Samples.read("openpose")
        #expect(pixels.coordinateSpace == .pixels)
        #expect(pixels.frames[0].timestamp == nil)
        #expect(OpenPoseReader.frameIndex(fromFileName: "video_000000000012_keypoints.json") == 12)
    }

    @Test("Wide CSV: two hands per frame, handedness, timestamps")
    func wideCSV() throws {
        let sequence = try Samples.read("two_hands.csv")
        #expect(sequence.frames.count == 30)
        #expect(sequence.frames[4].hands.map(\.handedness) == [.left, .right])
        #expect(sequence.frames[4].hands[1].line == 11)
        #expect(abs((sequence.frames[3].timestamp ?? 0) - 0.1) < 1e-9)
    }

    @Test("CSV without z columns and with labels is read as a labelled dataset")
    func labelledWithoutZ() throws {
        let header = "label," + (0..<21).map { "x\($0),y\($0)" }.joined(separator: ",")
        let row = "thumbs_up," + (0..<21).map { "\(Double($0) / 40),0.5" }.joined(separator: ",")
        let sequence = try CSVLandmarkReader.read(header + "\n" + row + "\n", path: "l.csv")
        #expect(sequence.sourceFormat == .labelledCSV)
        #expect(sequence.frames[0].hands[0].label == "thumbs_up")
        #expect(sequence.frames[0].hands[0].landmarks[3]?.z == nil)
        #expect(sequence.frames[0].hands[0].handedness == nil)
    }

    @Test("A CSV without landmark columns is an error at the header line")
    func csvWithoutLandmarks() {
        let error = #expect(throws: GestureError.self) { try CSVLandmarkReader.read("a,b\n1,2\n", path: "bad.csv") }
        #expect(error?.code == .malformed)
        #expect(error?.line == 1)
    }

    @Test(
        "CSV, MediaPipe and OpenPose writers read back the same landmarks",
        arguments: [LandmarkFormat.csv, .mediaPipeJSON, .mediaPipeJSONL, .openPose])
    func roundTrip(format: LandmarkFormat) throws {
        let original = try Samples.read("mediapipe_python.json")
        let path = Samples.temporary("roundtrip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try LandmarkFile.write(original, to: path, format: format)
        let back = try LandmarkFile.read(path, format: format)
        #expect(back.frames.count == original.frames.count)
        for (a, b) in zip(original.frames, back.frames) {
            #expect(a.hands.count == b.hands.count)
            guard let h = a.hands.first, let g = b.hands.first else { continue }
            if format != .openPose {
                #expect(abs((a.timestamp ?? -1) - (b.timestamp ?? -2)) < 1e-6)
                #expect(h.handedness == g.handedness)
            }
            for (p, q) in zip(h.landmarks, g.landmarks) {
                #expect(abs((p?.x ?? 0) - (q?.x ?? 1)) < 1e-9 && abs((p?.y ?? 0) - (q?.y ?? 1)) < 1e-9)
            }
        }
    }

    @Test("Rewriting MediaPipe keeps members we do not use (gestures)")
    func keepsUnknownMembers() throws {
        let sequence = try Samples.read("mediapipe_js.jsonl")
        let text = MediaPipeWriter.string(sequence, lines: true)
        #expect(text.contains("\"gestures\""))
        #expect(text.contains("\"timestampMs\""))
        #expect(!text.contains("hand_landmarks"))
    }
}
