/// Reads MediaPipe HandLandmarker / GestureRecognizer results serialized as JSON or JSON Lines.
///
/// Field names follow MediaPipe's Python result dataclasses (`hand_landmarks`,
/// `hand_world_landmarks`, `handedness` as a list per hand of `Category` with `index`, `score`,
/// `display_name`, `category_name`) or the JavaScript results (`landmarks`, `worldLandmarks`,
/// `handedness`/`handednesses` with `categoryName`, `displayName`), or the legacy `mp.solutions.hands`
/// results as protobuf JSON (`multi_hand_landmarks: [{landmark: [...]}]`, `multi_handedness:
/// [{classification: [{index, score, label}]}]`); a landmark list of points is one hand. Each frame carries
/// `timestamp_ms` or `timestampMs` (milliseconds). A landmark is an object `{x, y, z, visibility,
/// presence}` or an array `[x, y, z]`.
///
/// MediaPipe's handedness label assumes a mirrored (selfie) input image. The reader keeps a
/// `mirrored` flag per hand (a frame's `mirrored` member, the caller's option, else true) and
/// resolves the person's hand: the label as is when mirrored, the opposite label when not.
///
/// Does not validate: wrong counts and non-finite numbers are kept for ``Validator``.
public enum MediaPipeReader {
    static let landmarkKeys = ["hand_landmarks", "landmarks", "handLandmarks", "multi_hand_landmarks", "multiHandLandmarks"]
    static let worldKeys = [
        "hand_world_landmarks", "worldLandmarks", "handWorldLandmarks", "multi_hand_world_landmarks",
        "multiHandWorldLandmarks",
    ]
    static let handednessKeys = ["handedness", "handednesses", "multi_handedness", "multiHandedness"]
    static let timestampKeys = ["timestamp_ms", "timestampMs"]

    /// Parses a MediaPipe file.
    ///
    /// - Parameters:
    ///   - bytes: The file contents.
    ///   - path: The path, for errors.
    ///   - lines: True for JSON Lines (one frame object per line).
    ///   - options: Mirroring override and image size.
    /// - Returns: The canonical sequence.
    /// - Throws: ``GestureError`` `.malformed` with the line when the JSON cannot be parsed or has
    ///   no frames.
    public static func read(
        _ bytes: [UInt8], path: String, lines: Bool, options: LandmarkReadOptions = .init()
    ) throws(GestureError) -> LandmarkSequence {
        var frameObjects: [(JSONValue, Int?)] = []
        var imageSize = options.imageSize
        if lines {
            var lineNumber = 0
            for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                lineNumber += 1
                if rawLine.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
                do {
                    frameObjects.append((try JSONParser.parse(Array(rawLine)), lineNumber))
                } catch {
                    throw GestureError(
                        .malformed, path: path, line: lineNumber, reason: "invalid JSON: \(error.reason)")
                }
            }
        } else {
            let root: JSONValue
            do { root = try JSONParser.parse(bytes) } catch {
                throw GestureError(.malformed, path: path, line: error.line, reason: "invalid JSON: \(error.reason)")
            }
            if imageSize == nil { imageSize = Self.imageSize(in: root) }
            if let frames = root.array {
                frameObjects = frames.map { ($0, nil) }
            } else if let frames = root.value(forAnyOf: ["frames", "results"])?.array {
                frameObjects = frames.map { ($0, nil) }
            } else if root.isObject {
                frameObjects = [(root, nil)]
            }
        }
        guard !frameObjects.isEmpty else {
            throw GestureError(.malformed, path: path, reason: "no MediaPipe frames found")
        }
        // JSON that names neither landmarks nor timestamps in any frame is not landmark data; an
        // empty frame list of a real recording still has its keys.
        let known = landmarkKeys + timestampKeys + handednessKeys + worldKeys
        guard frameObjects.contains(where: { object, _ in known.contains { object[$0] != nil } }) else {
            throw GestureError(
                .malformed, path: path, line: frameObjects.first?.1,
                reason:
                    "not MediaPipe landmark data: no frame has \(landmarkKeys.prefix(2).joined(separator: ", ")) or a timestamp"
            )
        }
        var frames: [Frame] = []
        var javaScriptNames = false
        for (position, (object, line)) in frameObjects.enumerated() {
            guard object.isObject else {
                throw GestureError(
                    .malformed, path: path, frame: position, line: line, reason: "a frame is not a JSON object")
            }
            if object["landmarks"] != nil || object["timestampMs"] != nil { javaScriptNames = true }
            if imageSize == nil { imageSize = Self.imageSize(in: object) }
            frames.append(frame(object, position: position, line: line, options: options))
        }
        return LandmarkSequence(
            frames: frames, coordinateSpace: .normalized, imageSize: imageSize, zIsRelativeToWrist: true,
            sourceFormat: lines ? .mediaPipeJSONL : .mediaPipeJSON,
            sourceStyle: .init(javaScriptNames: javaScriptNames, frameObjects: frameObjects.map(\.0)))
    }

    private static func imageSize(in object: JSONValue) -> ImageSize? {
        guard let w = object.value(forAnyOf: ["image_width", "imageWidth"])?.number,
            let h = object.value(forAnyOf: ["image_height", "imageHeight"])?.number, w > 0, h > 0, w.isFinite,
            h.isFinite
        else { return nil }
        return ImageSize(width: w, height: h)
    }

    private static func frame(_ object: JSONValue, position: Int, line: Int?, options: LandmarkReadOptions) -> Frame {
        let index =
            object.value(forAnyOf: ["frame", "frame_index", "frameIndex"])?.number
            .flatMap { $0.isFinite && abs($0) < 1e12 ? Int($0) : nil } ?? position
        let milliseconds = object.value(forAnyOf: timestampKeys)?.number
        let mirrored =
            options.mirrored
            ?? {
                if case .bool(let b)? = object["mirrored"] { return b }
                return true
            }()
        let handLists = hands(object.value(forAnyOf: landmarkKeys))
        let worldLists = object.value(forAnyOf: worldKeys).map(hands)
        let handednessLists = object.value(forAnyOf: handednessKeys)?.array ?? []
        var hands: [Hand] = []
        for (h, list) in handLists.enumerated() {
            let landmarks = (list.array ?? []).map(landmark)
            let world = worldLists.flatMap { h < $0.count ? ($0[h].array ?? []).map(landmark) : nil }
            let category = h < handednessLists.count ? Self.category(handednessLists[h]) : nil
            let label = category?.value(forAnyOf: [
                "category_name", "categoryName", "display_name", "displayName", "label",
            ])?.string
            let reported = label.flatMap(Handedness.init(label:))
            hands.append(
                Hand(
                    handedness: reported.map { mirrored ? $0 : $0.opposite }, handednessLabel: label,
                    handednessScore: category?["score"]?.number, mirrored: mirrored, landmarks: landmarks,
                    worldLandmarks: world, line: line))
        }
        let label = object.value(forAnyOf: ["label", "gesture_label"])?.string
        return Frame(index: index, timestamp: milliseconds.map { $0 / 1000 }, hands: hands, line: line, label: label)
    }

    /// The hands of a landmark member: a list of hands, each a list of points or a
    /// `NormalizedLandmarkList` as protobuf JSON (`{"landmark": [...]}`, what `MessageToDict` of
    /// `mp.solutions.hands` results gives); a list whose items are points is one hand (a sample
    /// dumped as `"landmarks": [{x, y, z}, ...]`).
    private static func hands(_ value: JSONValue?) -> [JSONValue] {
        guard let list = value?.array else { return [] }
        func isPoint(_ item: JSONValue) -> Bool {
            if item.isObject { return item["x"] != nil }
            return item.array?.first?.number != nil
        }
        if let first = list.first, isPoint(first) { return [value ?? .null] }
        return list.map { hand in hand.isObject ? (hand.value(forAnyOf: ["landmark", "landmarks"]) ?? hand) : hand }
    }

    /// Python writes `[[Category]]` per result (a list per hand); some exporters flatten it; the
    /// legacy solution's protobuf JSON wraps it as `{"classification": [{index, score, label}]}`.
    private static func category(_ value: JSONValue) -> JSONValue? {
        if let list = value.array { return list.first }
        if let classification = value["classification"]?.array { return classification.first }
        return value.isObject ? value : nil
    }

    static func landmark(_ value: JSONValue) -> Landmark? {
        func number(_ v: JSONValue?) -> Double? {
            guard let v else { return nil }
            if case .null = v { return nil }
            return v.number ?? .nan
        }
        if let list = value.array {
            guard list.count >= 2 else { return Landmark(x: .nan, y: .nan) }
            return Landmark(
                x: number(list[0]) ?? .nan, y: number(list[1]) ?? .nan,
                z: list.count > 2 ? number(list[2]) : nil, confidence: list.count > 3 ? number(list[3]) : nil)
        }
        guard value.isObject else { return value == .null ? nil : Landmark(x: .nan, y: .nan) }
        return Landmark(
            x: number(value["x"]) ?? .nan, y: number(value["y"]) ?? .nan, z: number(value["z"]),
            confidence: number(value["visibility"]) ?? number(value["presence"]))
    }
}
