/// Reads OpenPose `*_keypoints.json` files (`--write_json` output), one file per frame.
///
/// Each file holds `{"version": 1.3, "people": [{"person_id": [-1], "pose_keypoints_2d": [...],
/// "hand_left_keypoints_2d": [63 numbers], "hand_right_keypoints_2d": [63 numbers], ...}]}`: 21
/// triples `x, y, confidence` in the same joint order as MediaPipe. A point `0, 0, 0` is missing;
/// an empty or all-zero array means no hand. Coordinates are pixels unless OpenPose ran with
/// `--keypoint_scale`; with an image size they are divided into 0...1.
///
/// OpenPose has no timestamps: the frame index is the last number in the file name
/// (`video_000000000012_keypoints.json` is frame 12) and the timestamp is `index / fps` when the
/// caller gives `fps`. `hand_left` is the person's left hand in an unmirrored image.
public enum OpenPoseReader {
    /// One input file: its name and contents.
    public typealias File = (name: String, bytes: [UInt8])

    /// Parses OpenPose frames.
    ///
    /// - Parameters:
    ///   - files: The frame files; sorted here by frame index.
    ///   - path: The folder or file path, for errors.
    ///   - options: `fps` for timestamps, `imageSize` to normalize pixels, `mirrored`.
    /// - Returns: The canonical sequence, normalized when an image size is known or every value is
    ///   already within 0...1.
    /// - Throws: ``GestureError`` `.malformed` naming the file when one is not OpenPose JSON.
    public static func read(
        _ files: [File], path: String, options: LandmarkReadOptions = .init()
    ) throws(GestureError) -> LandmarkSequence {
        guard !files.isEmpty else {
            throw GestureError(.insufficientData, path: path, reason: "no *_keypoints.json files found")
        }
        var parsed: [(index: Int, name: String, root: JSONValue)] = []
        for (position, file) in files.enumerated() {
            let root: JSONValue
            do { root = try JSONParser.parse(file.bytes) } catch {
                throw GestureError(
                    .malformed, path: joined(path, file.name, files.count), line: error.line,
                    reason: "invalid JSON: \(error.reason)")
            }
            guard root["people"]?.array != nil else {
                throw GestureError(
                    .malformed, path: joined(path, file.name, files.count), reason: "no \"people\" array")
            }
            parsed.append((frameIndex(fromFileName: file.name) ?? position, file.name, root))
        }
        parsed.sort { $0.index < $1.index }
        let mirrored = options.mirrored ?? false
        var frames: [Frame] = []
        var maxCoordinate = 0.0
        for item in parsed {
            var hands: [Hand] = []
            for person in item.root["people"]?.array ?? [] {
                for (key, side) in [("hand_left_keypoints_2d", Handedness.left), ("hand_right_keypoints_2d", .right)] {
                    guard let values = person[key]?.array, !values.isEmpty else { continue }
                    let numbers = values.map { $0.number ?? .nan }
                    if numbers.allSatisfy({ $0 == 0 }) { continue }
                    var landmarks: [Landmark?] = []
                    var i = 0
                    while i + 2 < numbers.count {
                        let (x, y, c) = (numbers[i], numbers[i + 1], numbers[i + 2])
                        if x == 0 && y == 0 && c == 0 {
                            landmarks.append(nil)
                        } else {
                            landmarks.append(Landmark(x: x, y: y, confidence: c))
                            if x.isFinite && y.isFinite { maxCoordinate = max(maxCoordinate, abs(x), abs(y)) }
                        }
                        i += 3
                    }
                    // A trailing partial triple still counts, so the validator sees the wrong count.
                    if i < numbers.count { landmarks.append(Landmark(x: .nan, y: .nan)) }
                    hands.append(
                        Hand(
                            handedness: side, handednessLabel: side.label, mirrored: mirrored,
                            landmarks: landmarks))
                }
            }
            let timestamp = options.fps.map { Double(item.index) / $0 }
            frames.append(Frame(index: item.index, timestamp: timestamp, hands: hands))
        }
        var space = CoordinateSpace.pixels
        if let size = options.imageSize {
            space = .normalized
            for f in frames.indices {
                for h in frames[f].hands.indices {
                    frames[f].hands[h].landmarks = frames[f].hands[h].landmarks.map { point in
                        point.map { Landmark(x: $0.x / size.width, y: $0.y / size.height, confidence: $0.confidence) }
                    }
                }
            }
        } else if maxCoordinate <= 1.5 {
            space = .normalized  // written with --keypoint_scale 3 or 4
        }
        return LandmarkSequence(
            frames: frames, coordinateSpace: space, imageSize: options.imageSize, zIsRelativeToWrist: false,
            sourceFormat: .openPose,
            sourceStyle: .init(frameFileNames: parsed.map(\.name), frameObjects: parsed.map(\.root)))
    }

    /// The last run of digits in a file name: `clip_000000000012_keypoints.json` gives 12.
    ///
    /// - Parameter name: A file name.
    /// - Returns: The number, or nil when the name has no digits.
    public static func frameIndex(fromFileName name: String) -> Int? {
        let stem = name.split(separator: "/").last.map(String.init) ?? name
        var runs: [Substring] = []
        var current = stem.startIndex
        while current < stem.endIndex {
            if stem[current].isASCII && stem[current].isNumber {
                let start = current
                while current < stem.endIndex && stem[current].isASCII && stem[current].isNumber {
                    current = stem.index(after: current)
                }
                runs.append(stem[start..<current])
            } else {
                current = stem.index(after: current)
            }
        }
        return runs.last.flatMap { Int($0.suffix(15)) }
    }

    private static func joined(_ path: String, _ name: String, _ count: Int) -> String {
        count == 1 && path.hasSuffix(name) ? path : path + "/" + name
    }
}
