import Foundation
import MedGestures
import MedTestSupport
import Testing

/// Landmark CSVs laid out as published MediaPipe datasets lay them out (``LandmarkColumns``): one-based
/// `x1..x21`, `landmark_0_x`, joint names, bare numbered columns, label columns of other names, and
/// files without a header. Every layout is written from the same known points (landmark k at
/// x = 0.10 + 0.02 k, y = 0.90 - 0.03 k + 0.06 (k mod 2), z = -0.001 k; the zigzag keeps them off a
/// line, which `validate` calls a degenerate hand) and must read back to exactly those points.
@Suite("Published landmark CSV layouts")
struct PublishedCSVFormatTests {
    static func x(_ k: Int) -> Double { 0.10 + 0.02 * Double(k) }
    static func y(_ k: Int) -> Double { 0.90 - 0.03 * Double(k) + 0.06 * Double(k % 2) }
    static func z(_ k: Int) -> Double { -0.001 * Double(k) }
    static let joints = [
        "WRIST", "THUMB_CMC", "THUMB_MCP", "THUMB_IP", "THUMB_TIP", "INDEX_FINGER_MCP", "INDEX_FINGER_PIP",
        "INDEX_FINGER_DIP", "INDEX_FINGER_TIP", "MIDDLE_FINGER_MCP", "MIDDLE_FINGER_PIP", "MIDDLE_FINGER_DIP",
        "MIDDLE_FINGER_TIP", "RING_FINGER_MCP", "RING_FINGER_PIP", "RING_FINGER_DIP", "RING_FINGER_TIP", "PINKY_MCP",
        "PINKY_PIP", "PINKY_DIP", "PINKY_TIP",
    ]

    /// The 63 numbers of one row, x, y, z per point.
    static var numbers: [String] {
        (0..<21).flatMap { k in [x(k), y(k), z(k)].map { String(format: "%.4f", $0) } }
    }

    struct Layout: Sendable, CustomStringConvertible {
        var description: String
        var text: String
    }

    static let layouts: [Layout] = {
        let n = numbers.joined(separator: ",")
        func names(_ f: (Int, String) -> String) -> String {
            (0..<21).flatMap { k in ["x", "y", "z"].map { f(k, $0) } }.joined(separator: ",")
        }
        return [
            Layout(description: "ours, x0..z20,label", text: names { "\($1)\($0)" } + ",label\n\(n),Thumb_Up\n"),
            Layout(
                description: "one-based label,x1..z21",
                text: "label," + names { "\($1)\($0 + 1)" } + "\nThumb_Up,\(n)\n"),
            Layout(
                description: "landmark_0_x, class", text: names { "landmark_\($0)_\($1)" } + ",class\n\(n),Thumb_Up\n"),
            Layout(
                description: "hand_landmark_0_x, target",
                text: names { "hand_landmark_\($0)_\($1)" } + ",target\n\(n),Thumb_Up\n"),
            Layout(
                description: "x_0 with a world_x_0 column ignored, label",
                text: names { "\($1)_\($0)" } + ",world_x_0,label\n\(n),9.9,Thumb_Up\n"),
            Layout(
                description: "lm1_x one-based, gesture",
                text: "gesture," + names { "lm\($0 + 1)_\($1)" } + "\nThumb_Up,\(n)\n"),
            Layout(
                description: "joint names WRIST_x, letter",
                text: names { "\(joints[$0])_\($1)" } + ",letter\n\(n),Thumb_Up\n"),
            Layout(
                description: "joint names wrist.x lowercase, sign",
                text: names { "\(joints[$0].lowercased()).\($1)" } + ",sign\n\(n),Thumb_Up\n"),
            Layout(
                description: "numbered 0..62,label",
                text: (0..<63).map(String.init).joined(separator: ",") + ",label\n\(n),Thumb_Up\n"),
            Layout(description: "headerless, label first", text: "Thumb_Up,\(n)\nThumb_Up,\(n)\n"),
            Layout(description: "headerless, label last after a space", text: "\(n), Thumb_Up\n\(n), Thumb_Up\n"),
            Layout(description: "headerless, class number last", text: "\(n),0\n\(n),0\n"),
        ]
    }()

    static func write(_ text: String, name: String = "layout.csv") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("published-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("Every layout reads back the known points and label, in memory and streamed", arguments: layouts)
    func readsKnownPoints(layout: Layout) throws {
        let path = try Self.write(layout.text)
        let streamed = try LandmarkFile.read(path)
        let inMemory = try CSVLandmarkReader.read(layout.text, path: path)
        for sequence in [streamed, inMemory] {
            #expect(sequence.sourceFormat == .labelledCSV)
            #expect(sequence.coordinateSpace == .normalized)
            #expect(sequence.zIsRelativeToWrist)
            #expect(
                sequence.frames.count
                    == (layout.text.split(separator: "\n").count - (layout.description.hasPrefix("headerless") ? 0 : 1))
            )
            for frame in sequence.frames {
                let hand = try #require(frame.hands.first)
                #expect(hand.label == (layout.description.hasSuffix("class number last") ? "0" : "Thumb_Up"))
                #expect(hand.landmarks.count == 21)
                for (k, point) in hand.landmarks.enumerated() {
                    let point = try #require(point)
                    #expect(abs(point.x - Self.x(k)) < 1e-9 && abs(point.y - Self.y(k)) < 1e-9, "\(layout) point \(k)")
                    #expect(abs((point.z ?? .nan) - Self.z(k)) < 1e-9, "\(layout) z\(k)")
                }
            }
            let report = Validator().validate(sequence, path: path)
            #expect(report.issues.isEmpty, "\(layout): \(report.issues)")
        }
    }

    @Test("A file without a header keeps its first row, at line 1")
    func headerlessFirstRow() throws {
        let n = Self.numbers.joined(separator: ",")
        let path = try Self.write("A,\(n)\nB,\(n)\n")
        let sequence = try LandmarkFile.read(path)
        #expect(sequence.frames.map { $0.hands.first?.label } == ["A", "B"])
        #expect(sequence.frames.map(\.line) == [1, 2])
        #expect(try CSVLandmarkReader.read("A,\(n)\nB,\(n)\n", path: path).frames.map(\.line) == [1, 2])
    }

    @Test("Detected without a .csv name when the first row is 63 numbers and a label")
    func sniffHeaderless() {
        let n = Self.numbers.joined(separator: ",")
        #expect(
            LandmarkFormat.sniff(path: "rows.txt", bytes: Array("\(n), A\n".utf8), isDirectory: false) == .labelledCSV)
        #expect(
            LandmarkFormat.sniff(path: "rows.txt", bytes: Array("A,\(n)\n".utf8), isDirectory: false) == .labelledCSV)
        // A class number before points in image units is not a keypoint.csv (whose wrist is 0,0).
        #expect(
            LandmarkFormat.sniff(path: "rows.txt", bytes: Array("3,\(n)\n".utf8), isDirectory: false) == .labelledCSV)
        let wristZero = "3,0,0," + Array(Self.numbers.dropFirst(3)).prefix(40).joined(separator: ",")
        #expect(
            LandmarkFormat.sniff(path: "k.csv", bytes: Array("\(wristZero)\n".utf8), isDirectory: false) == .keypointCSV
        )
    }

    @Test("Points minus the wrist (every wrist at 0,0) are wrist-relative, checked against -1...1")
    func wristRelative() throws {
        let relative = (0..<21).flatMap { k in
            [Self.x(k) - Self.x(0), Self.y(k) - Self.y(0)].map { String(format: "%.4f", $0) }
        }.joined(separator: ",")
        let header = (0..<21).flatMap { ["x\($0)", "y\($0)"] }.joined(separator: ",") + ",label"
        let text = "\(header)\n\(relative),fist\n\(relative),fist\n"
        let path = try Self.write(text)
        for sequence in [try LandmarkFile.read(path), try CSVLandmarkReader.read(text, path: path)] {
            #expect(sequence.coordinateSpace == .wristRelative)
            let report = Validator().validate(sequence, path: path)
            #expect(report.issues.isEmpty, "\(report.issues)")
        }
        // One row beyond -1...1 is reported at its line.
        let far = relative.replacingOccurrences(of: "0.4000", with: "1.4000")
        let bad = "\(header)\n\(relative),fist\n\(far),fist\n"
        #expect(far != relative)
        let report = Validator().validate(try CSVLandmarkReader.read(bad, path: "bad.csv"), path: "bad.csv")
        let issue = try #require(report.issues.first { $0.kind == .outOfRange })
        #expect(issue.severity == .error)
        #expect(issue.line == 3)
    }

    @Test("No landmark columns is an error naming the file and the header line")
    func noColumns() throws {
        let text = "\n\nlabel,a,b,c\nx,1,2,3\n"
        let error = #expect(throws: GestureError.self) { try CSVLandmarkReader.read(text, path: "odd.csv") }
        #expect(error?.line == 3)
        #expect(error?.path == "odd.csv")
        let path = try Self.write(text)
        let streamed = #expect(throws: GestureError.self) { try LandmarkFile.read(path) }
        #expect(streamed?.line == 3)
    }

    @Test("Handedness: none recorded in a CSV gives no warning; an empty cell of a hand column does")
    func handednessWarnings() throws {
        let n = Self.numbers.joined(separator: ",")
        let header = (0..<21).flatMap { k in ["x", "y", "z"].map { "\($0)\(k)" } }.joined(separator: ",")
        let none = try CSVLandmarkReader.read("\(header),label\n\(n),a\n", path: "a.csv")
        #expect(Validator().validate(none, path: "a.csv").issues.isEmpty)
        let some = try CSVLandmarkReader.read("hand,\(header),label\nleft,\(n),a\n,\(n),a\n", path: "b.csv")
        let issues = Validator().validate(some, path: "b.csv").issues.filter { $0.kind == .handednessMissing }
        #expect(issues.map(\.line) == [3])
    }
    /// A long CSV (one row per landmark) of `frames` frames with two hands, from the known points
    /// (the second hand 0.3 to the right of the first).
    static func long(header: String, frames: Int, landmark: (Int) -> String, hand: (Int) -> String, time: Bool)
        -> String
    {
        var text = header + "\n"
        for f in 0..<frames {
            for h in 0..<2 {
                for k in 0..<21 {
                    let values = [x(k) + 0.3 * Double(h), y(k), z(k)].map { String(format: "%.4f", $0) }
                    let stamp = time ? "\(f * 40)," : ""
                    text += "\(stamp)\(f),\(hand(h)),\(landmark(k))," + values.joined(separator: ",") + "\n"
                }
            }
        }
        return text
    }

    @Test("Long CSVs (one row per landmark): numbers or joint names, hand index or side, with or without time")
    func longLayout() throws {
        let cases: [(String, String, Bool)] = [
            (
                Self.long(
                    header: "frame,hand,landmark,x,y,z", frames: 3, landmark: { String($0) }, hand: { String($0) },
                    time: false), "index", false
            ),
            (
                Self.long(
                    header: "timestamp_ms,frame_id,handedness,joint,x,y,z", frames: 3, landmark: { Self.joints[$0] },
                    hand: { $0 == 0 ? "Left" : "Right" }, time: true), "side", true
            ),
            (
                Self.long(
                    header: "frame,hand_index,lm_id,x,y,z", frames: 3, landmark: { String($0 + 1) },
                    hand: { String($0) }, time: false), "one-based", false
            ),
        ]
        for (text, name, timed) in cases {
            let path = try Self.write(text)
            #expect(!LandmarkFile.hasPlainRows(path: path), "\(name)")
            for sequence in [
                try LandmarkFile.read(path, options: .init(fps: timed ? nil : 25)),
                try CSVLandmarkReader.read(text, path: path, options: .init(fps: timed ? nil : 25)),
            ] {
                #expect(sequence.sourceFormat == .csv)
                #expect(sequence.frames.map(\.index) == [0, 1, 2], "\(name)")
                #expect(
                    sequence.frames.map { $0.timestamp ?? -1 } == (timed ? [0, 0.04, 0.08] : [0, 0.04, 0.08]), "\(name)"
                )
                #expect(sequence.frames.map(\.line) == [2, 44, 86], "\(name)")
                for frame in sequence.frames {
                    #expect(frame.hands.count == 2)
                    for (h, hand) in frame.hands.enumerated() {
                        #expect(hand.landmarks.count == 21)
                        #expect(name == "side" ? hand.handedness != nil : hand.handednessLabel == nil, "\(name)")
                        for (k, point) in hand.landmarks.enumerated() {
                            let point = try #require(point)
                            #expect(
                                abs(point.x - (Self.x(k) + 0.3 * Double(h))) < 1e-9 && abs(point.y - Self.y(k)) < 1e-9)
                            #expect(abs((point.z ?? .nan) - Self.z(k)) < 1e-9)
                        }
                    }
                }
                let report = Validator().validate(sequence, path: path)
                #expect(report.issues.isEmpty, "\(name): \(report.issues)")
            }
        }
        // Without --fps, frame numbers and no time: one warning, no error.
        let text = cases[0].0
        let report = Validator().validate(try CSVLandmarkReader.read(text, path: "s.csv"), path: "s.csv")
        #expect(report.issues.map(\.kind) == [.timestampMissing])
        #expect(report.issues.first?.severity == .warning)
    }

    @Test("Long CSVs: a repeated landmark or an unknown joint name is an error at its line")
    func longErrors() throws {
        let twice = "frame,hand,landmark,x,y,z\n0,0,0,0.1,0.2,0\n0,0,1,0.1,0.2,0\n0,0,1,0.1,0.2,0\n"
        let error = #expect(throws: GestureError.self) { try CSVLandmarkReader.read(twice, path: "t.csv") }
        #expect(error?.line == 4)
        let path = try Self.write(twice)
        #expect((#expect(throws: GestureError.self) { try LandmarkFile.read(path) })?.line == 4)
        // An index beyond the hand (a garbage or huge number) is an error, never a huge allocation.
        let huge = "frame,hand,landmark,x,y,z\n0,0,0,0.1,0.2,0\n0,0,999999999,0.1,0.2,0\n"
        let beyond = #expect(throws: GestureError.self) { try CSVLandmarkReader.read(huge, path: "h.csv") }
        #expect(beyond?.line == 3)
        let named = "frame,hand,landmark,x,y,z\n0,0,WRIST,0.1,0.2,0\n0,0,ELBOW,0.1,0.2,0\n"
        let unknown = #expect(throws: GestureError.self) { try CSVLandmarkReader.read(named, path: "n.csv") }
        #expect(unknown?.line == 3)
        // A hand cut short keeps its missing points as missing: the validator names them.
        let short = "frame,hand,landmark,x,y,z\n0,0,0,0.1,0.2,0\n0,0,1,0.12,0.18,0\n"
        let sequence = try CSVLandmarkReader.read(short, path: "c.csv", options: .init(fps: 30))
        let issues = Validator().validate(sequence, path: "c.csv").issues
        #expect(issues.map(\.kind) == [.missingLandmark])
        #expect(issues.first?.line == 2)
    }
    @Test("Time columns are read only where the name gives the unit; side/hand_label columns are the handedness")
    func timeUnitsAndSides() throws {
        let n = Self.numbers.joined(separator: ",")
        let header = (0..<21).flatMap { k in ["x", "y", "z"].map { "\($0)\(k)" } }.joined(separator: ",")
        let seconds = "frame,time_s,side,\(header)\n0,0.0,Left,\(n)\n1,0.04,Left,\(n)\n2,0.08,Left,\(n)\n"
        let millis = "t_ms,hand_label,\(header)\n0,Right,\(n)\n40,Right,\(n)\n80,Right,\(n)\n"
        for (text, side) in [(seconds, Handedness.left), (millis, .right)] {
            let path = try Self.write(text)
            for sequence in [try LandmarkFile.read(path), try CSVLandmarkReader.read(text, path: path)] {
                #expect(sequence.sourceFormat == .csv)
                let times = sequence.frames.map { $0.timestamp ?? -1 }
                #expect(zip(times, [0, 0.04, 0.08]).allSatisfy { abs($0 - $1) < 1e-12 }, "\(times)")
                #expect(sequence.frames.allSatisfy { $0.hands.first?.handedness == side })
                #expect(Validator().validate(sequence, path: path).issues.isEmpty)
            }
        }
        // A bare `timestamp` (unit unknown) is not a time column: frames are numbered, no time.
        let bare = try CSVLandmarkReader.read("frame,timestamp,\(header)\n0,5,\(n)\n1,6,\(n)\n", path: "b.csv")
        #expect(bare.frames.allSatisfy { $0.timestamp == nil })
    }
}
