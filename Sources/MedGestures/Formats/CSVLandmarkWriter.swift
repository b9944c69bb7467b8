/// Writes the wide landmark CSV that ``CSVLandmarkReader`` reads.
///
/// Header: `frame,timestamp_ms,hand,hand_score,mirrored,x0,y0,z0,...,x20,y20,z20`, then `c0...c20`
/// when any point has a confidence and `label` when any frame has one. z columns are left out when
/// no point has a z. One row per hand; a frame without hands writes no row. Missing points and
/// values are empty cells. Numbers are written as ``JSONWriter/format(_:)`` writes them;
/// timestamps are rounded to the microsecond. A handedness label that is neither left nor right is
/// written as it was read, so the validator still sees it.
public enum CSVLandmarkWriter {
    /// Serializes `sequence`.
    ///
    /// - Parameter sequence: The sequence.
    /// - Returns: CSV text with `\n` line ends, ending in a newline.
    public static func string(_ sequence: LandmarkSequence) -> String {
        let hands = sequence.frames.flatMap(\.hands)
        let points = max(HandJoint.count, hands.map(\.landmarks.count).max() ?? 0)
        let hasZ = hands.contains { $0.landmarks.contains { $0?.z != nil } }
        let hasConfidence = hands.contains { $0.landmarks.contains { $0?.confidence != nil } }
        let hasLabel = sequence.frames.contains { $0.label != nil || $0.hands.contains { $0.label != nil } }
        var header = ["frame", "timestamp_ms", "hand", "hand_score", "mirrored"]
        for k in 0..<points { header += hasZ ? ["x\(k)", "y\(k)", "z\(k)"] : ["x\(k)", "y\(k)"] }
        if hasConfidence { header += (0..<points).map { "c\($0)" } }
        if hasLabel { header.append("label") }
        var out = header.joined(separator: ",") + "\n"
        for frame in sequence.frames {
            for hand in frame.hands {
                var row = [
                    String(frame.index), frame.timestamp.map { number(($0 * 1_000_000).rounded() / 1000) } ?? "",
                    hand.handedness?.rawValue ?? hand.handednessLabel.map(quoted) ?? "",
                    hand.handednessScore.map(number) ?? "", hand.mirrored ? "1" : "0",
                ]
                for k in 0..<points {
                    let point = k < hand.landmarks.count ? hand.landmarks[k] : nil
                    row += [point.map { number($0.x) } ?? "", point.map { number($0.y) } ?? ""]
                    if hasZ { row.append(point?.z.map(number) ?? "") }
                }
                if hasConfidence {
                    row += (0..<points).map { k in
                        (k < hand.landmarks.count ? hand.landmarks[k]?.confidence : nil).map(number) ?? ""
                    }
                }
                if hasLabel { row.append(quoted(hand.label ?? frame.label ?? "")) }
                out += row.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    private static func number(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return JSONWriter.compact(value)
    }

    static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
