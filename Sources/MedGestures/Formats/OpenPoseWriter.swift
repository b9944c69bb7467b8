/// Writes a sequence as OpenPose `*_keypoints.json` files, one per frame.
///
/// Frames read from OpenPose keep their file names and every other member (pose, face, person
/// ids); only the hand arrays are replaced. Missing points are written `0, 0, 0`. Normalized
/// coordinates are converted back to pixels with the sequence's image size when it has one.
public enum OpenPoseWriter {
    /// Serializes `sequence` into one (name, text) pair per frame.
    ///
    /// - Parameter sequence: The sequence.
    /// - Returns: File names and JSON texts in frame order.
    public static func files(_ sequence: LandmarkSequence) -> [(name: String, text: String)] {
        let style = sequence.sourceStyle
        let keep = sequence.sourceFormat == .openPose && style.frameObjects.count == sequence.frames.count
        let toPixels: (Double, Double) =
            sequence.coordinateSpace == .normalized && keep && sequence.imageSize != nil
            ? (sequence.imageSize?.width ?? 1, sequence.imageSize?.height ?? 1) : (1, 1)
        return sequence.frames.enumerated().map { position, frame in
            let name =
                keep && position < style.frameFileNames.count
                ? style.frameFileNames[position] : String(format12(frame.index)) + "_keypoints.json"
            func array(_ side: Handedness) -> JSONValue {
                guard let hand = frame.hands.first(where: { $0.handedness == side }) else { return .array([]) }
                var numbers: [JSONValue] = []
                for point in hand.landmarks {
                    guard let point else {
                        numbers += [.number(0), .number(0), .number(0)]
                        continue
                    }
                    numbers += [
                        .number(point.x * toPixels.0), .number(point.y * toPixels.1), .number(point.confidence ?? 1),
                    ]
                }
                return .array(numbers)
            }
            var root: JSONValue
            var person: JSONValue
            if keep, let people = style.frameObjects[position]["people"]?.array, let first = people.first {
                root = style.frameObjects[position]
                person = first
            } else {
                root = .object([("version", .number(1.3)), ("people", .array([]))])
                person = .object([("person_id", .array([.number(-1)]))])
            }
            person = person.setting("hand_left_keypoints_2d", to: array(.left))
            person = person.setting("hand_right_keypoints_2d", to: array(.right))
            var people = root["people"]?.array ?? []
            if people.isEmpty { people.append(person) } else { people[0] = person }
            root = root.setting("people", to: .array(people))
            return (name, JSONWriter.string(root) + "\n")
        }
    }

    private static func format12(_ index: Int) -> String {
        let digits = String(max(index, 0))
        return String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }
}
