/// Writes a sequence as MediaPipe results JSON or JSON Lines, in the field-name style it was read in.
///
/// Each frame object read from a MediaPipe file is kept and only its landmark members are
/// replaced, so other members (`gestures`, `handedness`, custom keys) survive a rewrite. Frames
/// from other formats get a fresh object. The handedness label written is the one MediaPipe would
/// report (the person's hand when mirrored, the opposite otherwise).
public enum MediaPipeWriter {
    /// Serializes `sequence`.
    ///
    /// - Parameters:
    ///   - sequence: The sequence; coordinates should be normalized.
    ///   - lines: True for JSON Lines, false for one indented JSON array.
    ///   - javaScriptNames: Use JavaScript names; defaults to the style the sequence was read in.
    /// - Returns: The file text, ending in a newline.
    public static func string(_ sequence: LandmarkSequence, lines: Bool, javaScriptNames: Bool? = nil) -> String {
        let js = javaScriptNames ?? sequence.sourceStyle.javaScriptNames
        let keepSource =
            sequence.sourceStyle.frameObjects.count == sequence.frames.count
            && (sequence.sourceFormat == .mediaPipeJSON || sequence.sourceFormat == .mediaPipeJSONL)
        let objects: [JSONValue] = sequence.frames.enumerated().map { position, frame in
            let base = keepSource ? sequence.sourceStyle.frameObjects[position] : JSONValue.object([])
            return object(for: frame, base: base, js: js)
        }
        if lines {
            return objects.map { JSONWriter.string($0) }.joined(separator: "\n") + "\n"
        }
        return JSONWriter.string(.array(objects), indent: 2) + "\n"
    }

    private static func object(for frame: Frame, base: JSONValue, js: Bool) -> JSONValue {
        var object = base
        if let timestamp = frame.timestamp {
            let ms = (timestamp * 1000 * 1000).rounded() / 1000
            object = object.setting(js ? "timestampMs" : "timestamp_ms", to: .number(ms))
        }
        let landmarks = JSONValue.array(frame.hands.map { .array($0.landmarks.map(landmarkValue)) })
        object = object.setting(js ? "landmarks" : "hand_landmarks", to: landmarks)
        if frame.hands.contains(where: { $0.worldLandmarks != nil }) {
            let world = JSONValue.array(frame.hands.map { .array(($0.worldLandmarks ?? []).map(landmarkValue)) })
            object = object.setting(js ? "worldLandmarks" : "hand_world_landmarks", to: world)
        }
        if base["handedness"] == nil && base["handednesses"] == nil {
            let categories = JSONValue.array(
                frame.hands.map { hand in
                    guard let real = hand.handedness else { return .array([]) }
                    let reported = hand.mirrored ? real : real.opposite
                    let score = JSONValue.number(hand.handednessScore ?? 1)
                    let index = JSONValue.number(reported == .left ? 0 : 1)  // MediaPipe: 0 Left, 1 Right
                    let name = JSONValue.string(reported.label)
                    let members: [(key: String, value: JSONValue)] =
                        js
                        ? [("score", score), ("index", index), ("categoryName", name), ("displayName", name)]
                        : [("index", index), ("score", score), ("display_name", name), ("category_name", name)]
                    return .array([.object(members)])
                })
            object = object.setting("handedness", to: categories)
        }
        if let label = frame.label, base["label"] == nil { object = object.setting("label", to: .string(label)) }
        return object
    }

    private static func landmarkValue(_ landmark: Landmark?) -> JSONValue {
        guard let landmark else { return .null }
        var members: [(key: String, value: JSONValue)] = [("x", .number(landmark.x)), ("y", .number(landmark.y))]
        members.append(("z", landmark.z.map(JSONValue.number) ?? .number(0)))
        if let confidence = landmark.confidence { members.append(("visibility", .number(confidence))) }
        return .object(members)
    }
}
