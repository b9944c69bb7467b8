import Foundation
import struct MedCore.SeededGenerator
import MedGestures

/// The files of `samples/gestures`, generated from ``HandModel`` and ``GesturePoses`` (never from the
/// classifier): MediaPipe Python JSON and JavaScript JSON Lines, OpenPose per-frame JSON, wide and
/// labelled CSV, and the invalid files whose problems `samples/gestures/README.md` lists by frame.
///
/// Deterministic: every random draw comes from ``SeededGenerator`` seeded with fixed values, so
/// the same Swift release and C library write the same bytes (Box-Muller noise uses libm).
public enum GestureSampleFiles {
    /// Writes every sample file under `out` (created with its `openpose/` and `invalid/` folders).
    ///
    /// - Parameter out: The folder, usually `samples/gestures`.
    /// - Throws: `CocoaError` when a folder or a file cannot be written.
    public static func write(to out: String) throws {
        try FileManager.default.createDirectory(atPath: out + "/openpose", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: out + "/invalid/openpose_bad", withIntermediateDirectories: true)
        var rng = SeededGenerator(seed: 2026)
        let size = ImageSize(width: 640, height: 480)

        func r(_ v: Double, _ digits: Double = 1e6) -> Double { (v * digits).rounded() / digits }
        func noisy(_ hand: Hand, _ sigma: Double = 0.0015) -> Hand {
            var h = hand
            h.landmarks = hand.landmarks.enumerated().map { k, p in
                guard var p else { return nil }
                p.x = r(p.x + sigma * rng.nextGaussian())
                p.y = r(p.y + sigma * rng.nextGaussian())
                p.z = k == 0 ? r(-3.4e-7 + 1e-7 * rng.nextGaussian(), 1e12) : r((p.z ?? 0) + sigma * rng.nextGaussian())
                return p
            }
            return h
        }
        func world(_ points: [Vector3], mirror: Bool) -> [Landmark?] {
            let n = Double(points.count)
            let c = points.reduce(Vector3.zero, +) / n
            return points.map { p in
                let q = (p - c) * 0.085
                return Landmark(x: r(mirror ? -q.x : q.x), y: r(-q.y), z: r(-q.z))
            }
        }
        func save(_ text: String, _ name: String) throws { try Data(text.utf8).write(to: URL(fileURLWithPath: out + "/" + name)) }
        func lm(_ p: Landmark?, js: Bool) -> JSONValue {
            guard let p else { return .null }
            if js { return .object([("x", .number(p.x)), ("y", .number(p.y)), ("z", .number(p.z ?? 0)), ("visibility", .number(0))]) }
            return .object([("x", .number(p.x)), ("y", .number(p.y)), ("z", .number(p.z ?? 0)), ("visibility", .null), ("presence", .null)])
        }

        // 1. MediaPipe Python: right hand in a mirrored selfie image, open palm then thumbs up, 60 frames at 30 fps.
        var python: [JSONValue] = []
        for i in 0..<60 {
            let gesture: Gesture = i < 30 ? .openPalm : .thumbsUp
            let points = GesturePoses.world(gesture)
            let hand = noisy(HandModel.hand(points, imageRotation: 5, mirroredImage: true, imageSize: size, pixelsPerPalm: 110))
            let category = JSONValue.object([("index", .number(1)), ("score", .number(r(0.97 + 0.01 * sin(Double(i)), 1e4))),
                                             ("display_name", .string("Right")), ("category_name", .string("Right"))])
            python.append(.object([
                ("timestamp_ms", .number((Double(i) * 1000 / 30).rounded())),
                ("handedness", .array([.array([category])])),
                ("hand_landmarks", .array([.array(hand.landmarks.map { lm($0, js: false) })])),
                ("hand_world_landmarks", .array([.array(world(points, mirror: true).map { lm($0, js: false) })])),
            ]))
        }
        try save(JSONWriter.string(.array(python), indent: 2) + "\n", "mediapipe_python.json")

        // 2. MediaPipe JavaScript GestureRecognizer, JSON Lines: left hand victory, selfie, 45 frames.
        var lines: [String] = []
        for i in 0..<45 {
            let points = GesturePoses.world(.victory)
            let hand = noisy(HandModel.hand(points, imageRotation: -8, leftHand: true, mirroredImage: true, imageSize: size, pixelsPerPalm: 100, center: (0.4, 0.6)))
            let category = JSONValue.object([("score", .number(0.96)), ("index", .number(0)), ("categoryName", .string("Left")), ("displayName", .string("Left"))])
            let gesture = JSONValue.object([("score", .number(0.88)), ("index", .number(-1)), ("categoryName", .string("Victory")), ("displayName", .string(""))])
            lines.append(JSONWriter.string(.object([
                ("timestampMs", .number(r(Double(i) * 1000 / 30, 1e3))),
                ("gestures", .array([.array([gesture])])),
                ("landmarks", .array([.array(hand.landmarks.map { lm($0, js: true) })])),
                ("worldLandmarks", .array([.array(world(points, mirror: false).map { lm($0, js: true) })])),
                ("handedness", .array([.array([category])])),
                ("handednesses", .array([.array([category])])),
            ])))
        }
        try save(lines.joined(separator: "\n") + "\n", "mediapipe_js.jsonl")

        // 3. OpenPose: right-hand fist in pixels (640x480), frames 0-19 with frame 5 dropped, landmark 20 occluded in frame 3.
        func openPose(_ hand: Hand?, missing: Int? = nil, count: Int = 21) -> String {
            var right: [JSONValue] = []
            if let hand {
                for (k, p) in hand.landmarks.prefix(count).enumerated() {
                    guard let p, k != missing else { right += [.number(0), .number(0), .number(0)]; continue }
                    right += [.number(r(p.x * 640, 1e3)), .number(r(p.y * 480, 1e3)), .number(r(0.55 + 0.4 * Double((k * 7) % 10) / 10, 1e4))]
                }
            }
            let zeros = JSONValue.array(Array(repeating: .number(0), count: 63))
            let person = JSONValue.object([
                ("person_id", .array([.number(-1)])), ("pose_keypoints_2d", .array(Array(repeating: .number(0), count: 75))),
                ("face_keypoints_2d", .array([])), ("hand_left_keypoints_2d", zeros), ("hand_right_keypoints_2d", .array(right)),
                ("pose_keypoints_3d", .array([])), ("face_keypoints_3d", .array([])), ("hand_left_keypoints_3d", .array([])),
                ("hand_right_keypoints_3d", .array([])),
            ])
            return JSONWriter.string(.object([("version", .number(1.3)), ("people", .array([person]))])) + "\n"
        }
        for i in (0..<20) where i != 5 {
            let hand = noisy(HandModel.hand(GesturePoses.world(.closedFist), imageRotation: 10, imageSize: size, pixelsPerPalm: 95), 0.001)
            try save(openPose(hand, missing: i == 3 ? 20 : nil), String(format: "openpose/clip_%012d_keypoints.json", i))
        }

        // 4. Wide CSV, two hands: left pointing up, right open palm, 30 frames at 30 fps (no labels).
        var twoHands: [Frame] = []
        for i in 0..<30 {
            let left = noisy(HandModel.hand(GesturePoses.world(.pointingUp), leftHand: true, imageSize: size, pixelsPerPalm: 90, center: (0.7, 0.6)))
            let right = noisy(HandModel.hand(GesturePoses.world(.openPalm), imageSize: size, pixelsPerPalm: 90, center: (0.3, 0.6)))
            twoHands.append(Frame(index: i, timestamp: r(Double(i) / 30, 1e6), hands: [left, right]))
        }
        try save(CSVLandmarkWriter.string(LandmarkSequence(frames: twoHands)), "two_hands.csv")

        // 5. Single-frame labelled CSV: every class, both hands, rotations, no timestamps.
        var rows = "label,hand," + (0..<21).map { "x\($0),y\($0),z\($0)" }.joined(separator: ",") + "\n"
        let names: [Gesture: String] = [.thumbsUp: "thumbs_up", .thumbsDown: "thumbs_down", .openPalm: "open_palm", .closedFist: "closed_fist",
                                        .pointingUp: "pointing_up", .victory: "victory", .ok: "ok", .iLoveYou: "i_love_you", .none: "none"]
        for gesture in Gesture.allCases {
            for variant in 0..<(gesture == .none ? 6 : gesture == .thumbsUp || gesture == .thumbsDown ? 4 : 2) {
                for rotation in [-20.0, 0, 20] {
                    for left in [false, true] {
                        let hand = noisy(HandModel.hand(GesturePoses.world(gesture, variant: variant), imageRotation: rotation, leftHand: left, imageSize: size))
                        rows += "\(names[gesture] ?? ""),\(left ? "left" : "right")," + hand.landmarks.map { p in
                            guard let p else { return ",," }
                            return "\(p.x),\(p.y),\(p.z ?? 0)"
                        }.joined(separator: ",") + "\n"
                    }
                }
            }
        }
        try save(rows, "poses_labelled.csv")

        // 6. A CSV full of problems, each at a known frame (see samples/gestures/README.md).
        var frames: [Frame] = []
        var t = 0.0
        for i in 0..<20 {
            let step = i == 13 ? 5.0 / 30 : 1.0 / 30
            if i > 0 { t += step }
            var hand = noisy(HandModel.hand(GesturePoses.world(.openPalm), imageSize: size, pixelsPerPalm: 90), 0.001)
            var stamp: Double? = r(t, 1e6)
            switch i {
            case 2: hand.landmarks[5]?.x = .nan
            case 3: hand.landmarks[0]?.z = 0.08
            case 4: hand.landmarks.removeLast()
            case 5: hand.handednessScore = 0.3
            case 6: hand.landmarks[8]?.x = 1.05
            case 7: hand.landmarks[12]?.y = 1.6
            case 9: stamp = frames[8].timestamp
            case 10: hand.handedness = nil; hand.handednessLabel = nil
            case 11: stamp = r(t - 3.0 / 30, 1e6)
            case 15: hand.landmarks = hand.landmarks.map { $0.map { Landmark(x: $0.x + 0.3, y: $0.y, z: $0.z) } }
            case 17: stamp = nil
            case 18: hand.landmarks.swapAt(4, 20)
            case 19: hand.handedness = nil; hand.handednessLabel = "Ambidextrous"
            default: break
            }
            frames.append(Frame(index: i, timestamp: stamp, hands: [hand]))
        }
        let problems = CSVLandmarkWriter.string(LandmarkSequence(frames: frames))
        // Frame 4 loses its last landmark's cells entirely, so the row is short (wrong landmark count).
        let fixed = problems.split(separator: "\n").map { line in
            line.hasPrefix("4,") ? line.split(separator: ",", omittingEmptySubsequences: false).dropLast(3).joined(separator: ",") : String(line)
        }.joined(separator: "\n") + "\n"
        try save(fixed, "invalid/problems.csv")

        // 7. Truncated JSON Lines, garbage bytes, an OpenPose hand with 20 points.
        let firstLines = lines.prefix(3).joined(separator: "\n") + "\n" + String(lines[3].prefix(200)) + "\n"
        try save(firstLines, "invalid/truncated.jsonl")
        var garbage = SeededGenerator(seed: 7)
        try Data((0..<512).map { _ in UInt8.random(in: 0...255, using: &garbage) }).write(to: URL(fileURLWithPath: out + "/invalid/garbage.json"))
        for i in 0..<3 {
            let hand = HandModel.hand(GesturePoses.world(.closedFist), imageSize: size, pixelsPerPalm: 95)
            try save(openPose(hand, count: i == 1 ? 20 : 21), String(format: "invalid/openpose_bad/take2_%012d_keypoints.json", i))
        }
    }
}
