import Foundation

/// Reads the `keypoint.csv` that Kazuhito00's hand-gesture-recognition-using-mediapipe and its
/// hundreds of derivatives write, with the class names of its `keypoint_classifier_label.csv`.
///
/// `keypoint.csv` has no header. Each line is one webcam frame: `classIndex,x0,y0,...,x20,y20`, the
/// 21 MediaPipe Hands landmarks in pixels of a horizontally mirrored (selfie) image, minus the wrist
/// (so `x0,y0` is `0,0`), divided by the largest magnitude of the 42 numbers: every value lies in
/// -1...1, y points down, x and y share one scale. Variants with z write `classIndex` plus 63
/// numbers (`x,y,z` per landmark). The label file has one class name per line (line k names class
/// k); a byte-order mark, quotes around a name, a second CSV field and blank lines at the end are
/// accepted.
///
/// Rows are independent poses (``LandmarkFormat/holdsIndependentPoses``): frame k is row k with no
/// timestamp, the hand has no handedness (the format does not record it), and coordinates are
/// ``CoordinateSpace/wristRelative``. Text that is not a number is read as NaN so the validator
/// reports it with its line; a row with the wrong number of values keeps what it has, so the
/// validator reports the landmark count. It does not undo the mirroring (MediaPipe saw the
/// mirrored image, as it does in a selfie app) and does not know the image size.
public enum KeypointClassifierReader {
    /// The label file's conventional name, looked for next to `keypoint.csv`.
    public static let labelFileName = "keypoint_classifier_label.csv"

    /// Parses a `keypoint.csv`.
    ///
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - path: The path, for errors.
    ///   - classNames: Class names by index (from ``classNames(_:path:)``); nil leaves rows unlabelled.
    ///   - classNamesPath: Where the names came from, for errors.
    /// - Returns: One frame per row, `sourceFormat` ``LandmarkFormat/keypointCSV``.
    /// - Throws: ``GestureError`` `.malformed` with the line for a class index that is not a
    ///   non-negative integer, and `.inconsistent` for a class index the names do not cover.
    public static func read(_ data: [UInt8], path: String, classNames: [String]?, classNamesPath: String? = nil)
        throws(GestureError) -> LandmarkSequence
    {
        var frames: [Frame] = []
        var hasZ = false
        for (number, line) in lines(data) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.allSatisfy(\.isEmpty) { continue }
            guard let index = Int(fields[0]), index >= 0 else {
                throw GestureError(
                    .malformed, path: path, line: number,
                    reason: "the first value '\(fields[0])' is not a class index (a whole number >= 0)")
            }
            var label: String?
            if let classNames {
                guard index < classNames.count else {
                    throw GestureError(
                        .inconsistent, path: path, line: number,
                        reason:
                            "class \(index) has no name: \(classNamesPath ?? labelFileName) names \(classNames.count) class\(classNames.count == 1 ? "" : "es") (0...\(classNames.count - 1))"
                    )
                }
                label = classNames[index]
            }
            let values = fields.dropFirst().map { Double($0) ?? .nan }
            let stride = values.count == 3 * HandJoint.count ? 3 : 2
            hasZ = hasZ || stride == 3
            var landmarks: [Landmark?] = []
            var k = 0
            while k + stride <= values.count {
                landmarks.append(Landmark(x: values[k], y: values[k + 1], z: stride == 3 ? values[k + 2] : nil))
                k += stride
            }
            var hand = Hand(handedness: nil, mirrored: true, landmarks: landmarks, line: number)
            hand.label = label
            frames.append(Frame(index: frames.count, timestamp: nil, hands: [hand], line: number))
        }
        return LandmarkSequence(
            frames: frames, coordinateSpace: .wristRelative, zIsRelativeToWrist: hasZ, sourceFormat: .keypointCSV)
    }

    /// Parses a `keypoint_classifier_label.csv`: the first CSV field of each line, unquoted and trimmed.
    ///
    /// - Parameters:
    ///   - data: The label file's bytes (UTF-8, with or without a byte-order mark).
    ///   - path: The path, for errors.
    /// - Returns: The class names; blank lines at the end are ignored.
    /// - Throws: ``GestureError`` `.malformed` with the line for a blank line before the last name
    ///   (the class it would name has no name), `.insufficientData` for a file without names.
    public static func classNames(_ data: [UInt8], path: String) throws(GestureError) -> [String] {
        var names: [(line: Int, name: String)] = []
        for (number, line) in lines(data) {
            var name = Substring(line.trimmingCharacters(in: .whitespaces))
            if name.hasPrefix("\"") {
                // A quoted first field: up to the closing quote, with "" as an escaped quote.
                var text = ""
                var rest = name.dropFirst()
                while let quote = rest.firstIndex(of: "\"") {
                    text += rest[..<quote]
                    rest = rest[rest.index(after: quote)...]
                    guard rest.first == "\"" else { break }
                    text += "\""
                    rest = rest.dropFirst()
                }
                name = Substring(text)
            } else if let comma = name.firstIndex(of: ",") {
                name = name[..<comma]
            }
            names.append((number, name.trimmingCharacters(in: .whitespaces)))
        }
        while names.last?.name.isEmpty == true { names.removeLast() }
        guard !names.isEmpty else {
            throw GestureError(.insufficientData, path: path, reason: "the label file names no classes")
        }
        if let blank = names.firstIndex(where: { $0.name.isEmpty }) {
            throw GestureError(
                .malformed, path: path, line: names[blank].line,
                reason: "line \(names[blank].line) is blank, so class \(blank) has no name")
        }
        return names.map(\.name)
    }

    /// True when the first line that is not blank looks like a `keypoint.csv` row: a whole number
    /// and 42 or 63 numbers, the first two 0 (the wrist), nothing else; a class number before points
    /// in image units is a headerless CSV (``LandmarkColumns``).
    ///
    /// - Parameter bytes: The start of a file (4 KiB is enough).
    static func looksLikeKeypoints(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = lines(Array(bytes)).first(where: { !$0.1.allSatisfy(\.isWhitespace) })?.1 else {
            return false
        }
        let fields = first.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count == 1 + 2 * HandJoint.count || fields.count == 1 + 3 * HandJoint.count,
            Int(fields[0]) != nil, Double(fields[1]) == 0, Double(fields[2]) == 0
        else { return false }
        return fields.dropFirst().allSatisfy { Double($0) != nil }
    }

    /// The lines of a text file with their one-based numbers, without a byte-order mark or line ends.
    private static func lines(_ data: [UInt8]) -> [(Int, String)] {
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var result: [(Int, String)] = []
        var number = 0
        text.enumerateLines { line, _ in
            number += 1
            result.append((number, line))
        }
        return result
    }
}
