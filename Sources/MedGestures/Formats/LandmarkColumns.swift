import Foundation

/// Where the landmark, time, hand and label values of a landmark CSV are, found from its header
/// (or from the first row of a file without one).
///
/// Published MediaPipe Hands CSVs name the same 21 points in many ways; all of these are read as
/// landmark k (MediaPipe order, 0 wrist ... 20 pinky tip):
/// - `x0,y0,z0 ... x20,y20,z20` (ours), also `x_0`, `X0`;
/// - one-based `x1,y1,z1 ... x21,y21,z21` (no `x0` column): column `x1` is the wrist;
/// - `landmark_0_x`, `hand_landmark_0_x`, `lm0_x`, `point_0_x`, `kp_0_x`, `0_x`, `x_lm0` (one number,
///   an axis letter and words such as landmark/point/joint), zero- or one-based as above;
/// - MediaPipe's joint names with an axis, any case and separator: `WRIST_x`, `thumb_cmc_x`,
///   `INDEX_FINGER_TIP.y`, `index_tip_z`, `pinky_mcp_x`, `x_wrist`;
/// - bare numbered columns `0,1,...,62` (x, y, z per point) or `0,...,41` (x, y), also one-based.
///
/// The label is the first of `label`, `class`, `letter`, `gesture`, `sign`, `target`, `class_name`,
/// `category`. A file whose first row has 42 or more numbers is a file without a header: its numbers
/// are the points (63 numbers: x, y, z; 42: x, y), in order, and one other field, first or last, is
/// the label (a whole number after 63 or 42 numbers counts as a label too).
///
/// It does not read several hands per row (`left_x0`, `right_hand_0_x`), world or pose landmarks
/// (names with `world`, `pose`, `left`, `right` are not points).
struct LandmarkColumns: Sendable, Equatable {
    /// Column of x, y, z (optional) and confidence (optional) of each landmark, in landmark order.
    var x: [Int] = [], y: [Int] = [], z: [Int?] = [], c: [Int?] = []
    var frame: Int?, time: Int?, hand: Int?, score: Int?, mirrored: Int?, label: Int?
    /// True when the file has no header: its first row is data.
    var headerless = false

    /// Seconds per unit of the time column: 0.001 for milliseconds (`timestamp_ms`), 1 for seconds.
    var timeScale = 0.001

    /// The names of a handedness column (`left`/`right`, the person's hand).
    static let handNames = ["hand", "handedness", "hand_label", "handedness_label", "side", "hand_side"]
    /// The names of a handedness-score column (0...1).
    static let scoreNames = ["hand_score", "handedness_score", "hand_confidence"]

    /// The time column and its unit, only where the name says the unit: `timestamp_ms`, `time_ms`,
    /// `t_ms` in milliseconds; `timestamp_s`, `time_s`, `t_s`, `seconds`, `time_sec` in seconds. A bare
    /// `timestamp` or `time` is not read (its unit would be a guess); give `--fps` or rename it.
    static func timeColumn(_ index: [String: Int]) -> (Int?, Double) {
        if let i = ["timestamp_ms", "time_ms", "t_ms"].lazy.compactMap({ index[$0] }).first { return (i, 0.001) }
        if let i = ["timestamp_s", "time_s", "t_s", "seconds", "time_sec"].lazy.compactMap({ index[$0] }).first {
            return (i, 1)
        }
        return (nil, 0.001)
    }

    /// The names a label column goes by, in order of preference.
    static let labelNames = ["label", "class", "letter", "gesture", "sign", "target", "class_name", "category"]

    /// MediaPipe's joint names (HandLandmark enum), lowercased, with the short forms people write.
    private static let jointNames: [String: Int] = {
        let fingers = ["index": 5, "middle": 9, "ring": 13, "pinky": 17]
        var names: [String: Int] = ["wrist": 0, "thumb_cmc": 1, "thumb_mcp": 2, "thumb_ip": 3, "thumb_tip": 4]
        for (finger, base) in fingers {
            for (offset, joint) in ["mcp", "pip", "dip", "tip"].enumerated() {
                names["\(finger)_\(joint)"] = base + offset
                names["\(finger)_finger_\(joint)"] = base + offset
            }
        }
        names["little_mcp"] = 17
        names["little_pip"] = 18
        names["little_dip"] = 19
        names["little_tip"] = 20
        return names
    }()

    /// Resolves a header (lowercased, trimmed names).
    ///
    /// - Parameter header: The header's names, or the first row's fields for a file without a header.
    /// - Returns: The columns, or nil when no landmark x and y columns are found.
    static func resolve(_ header: [String]) -> LandmarkColumns? {
        if let rows = headerlessLayout(header) { return rows }
        let index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var columns = LandmarkColumns()
        columns.frame =
            ["frame", "frame_id", "frame_index", "frame_number", "frame_idx"].lazy.compactMap { index[$0] }.first
        (columns.time, columns.timeScale) = timeColumn(index)
        columns.hand = handNames.lazy.compactMap { index[$0] }.first
        columns.score = scoreNames.lazy.compactMap { index[$0] }.first
        columns.mirrored = index["mirrored"]
        columns.label = labelNames.lazy.compactMap { index[$0] }.first

        // (landmark, axis) -> column, from every name that parses as a point coordinate.
        var found: [Int: [Character: Int]] = [:]
        var numbered: [Int: Int] = [:]
        for (i, name) in header.enumerated() {
            if let n = Int(name), n >= 0 {
                numbered[n] = numbered[n] ?? i
                continue
            }
            guard let (point, axis) = coordinate(name) else { continue }
            if found[point]?[axis] == nil { found[point, default: [:]][axis] = i }
        }
        if found.isEmpty, !numbered.isEmpty {
            // Bare numbered columns: x, y(, z) of each point in turn.
            let base = numbered[0] != nil ? 0 : 1
            var count = 0
            while numbered[base + count] != nil { count += 1 }
            let stride = count >= 3 * HandJoint.count ? 3 : 2
            guard count >= 2 * HandJoint.count else { return nil }
            for k in 0..<(count / stride) {
                guard let xi = numbered[base + stride * k], let yi = numbered[base + stride * k + 1] else { break }
                columns.x.append(xi)
                columns.y.append(yi)
                columns.z.append(stride == 3 ? numbered[base + stride * k + 2] : nil)
                columns.c.append(nil)
            }
            return columns.x.isEmpty ? nil : columns
        }
        let base = found[0]?["x"] != nil ? 0 : 1
        var k = base
        while let axes = found[k], let xi = axes["x"], let yi = axes["y"] {
            columns.x.append(xi)
            columns.y.append(yi)
            columns.z.append(axes["z"])
            columns.c.append(axes["c"])
            k += 1
        }
        return columns.x.isEmpty ? nil : columns
    }

    /// The landmark number and axis (`x`, `y`, `z`, or `c` for a confidence) a column name stands for.
    ///
    /// Joint names give a zero-based landmark; numbers are returned as written (the caller decides
    /// whether the file counts from 0 or 1).
    static func coordinate(_ name: String) -> (Int, Character)? {
        var text = name
        // Our own compact names first: x0, y12, z20, c3.
        if let first = text.first, "xyzc".contains(first), let n = Int(text.dropFirst()), n >= 0 {
            return (n, first)
        }
        for separator in [".", "-", " ", ":"] { text = text.replacingOccurrences(of: separator, with: "_") }
        var words = text.split(separator: "_").map(String.init)
        guard words.count >= 2 else { return nil }
        let axis: Character
        if let last = words.last, last.count == 1, let a = last.first, "xyz".contains(a) {
            axis = a
            words.removeLast()
        } else if let first = words.first, first.count == 1, let a = first.first, "xyz".contains(a) {
            axis = a
            words.removeFirst()
        } else {
            return nil
        }
        // Other things than one hand's image landmarks: several hands per row, world landmarks, a body.
        if words.contains(where: {
            ["left", "right", "world", "pose", "face", "body", "elbow", "shoulder"].contains($0)
        }) {
            return nil
        }
        let rest = words.joined(separator: "_")
        if let joint = jointNames[rest] { return (joint, axis) }
        // One number among the words (landmark_0, hand_landmark_0, 0), or glued to a short prefix
        // (lm0, kp12, landmark3, p4).
        var found: [Int] = []
        for word in words {
            if let n = Int(word), n >= 0 {
                found.append(n)
                continue
            }
            let digits = word.drop { !$0.isNumber }
            let prefix = word.prefix(word.count - digits.count)
            if !digits.isEmpty, let n = Int(digits),
                ["lm", "kp", "p", "pt", "landmark", "point", "keypoint", "joint", "hand"].contains(prefix)
            {
                found.append(n)
            } else if !["lm", "kp", "landmark", "landmarks", "point", "keypoint", "joint", "hand", "mp"].contains(word)
            {
                return nil
            }
        }
        return found.count == 1 ? (found[0], axis) : nil
    }

    /// The layout of a file without a header, from its first row; nil when the row is a header.
    ///
    /// A row is data when at least 42 of its fields are numbers; the numbers (63: x, y, z per point; 42:
    /// x, y) are the points and one other field, first or last, the label.
    private static func headerlessLayout(_ fields: [String]) -> LandmarkColumns? {
        let numeric = fields.map { Double($0) != nil }
        let numbers = numeric.filter { $0 }.count
        guard numbers >= 2 * HandJoint.count else { return nil }
        // Column names 0, 1, 2, ... (or 1, 2, 3, ...) are a header of numbered columns, not data.
        let integers = fields.compactMap { Int($0) }
        if integers.count == numbers, let start = integers.first, start == 0 || start == 1,
            integers.enumerated().allSatisfy({ $1 == start + $0 })
        {
            return nil
        }
        var columns = LandmarkColumns()
        columns.headerless = true
        var first = 0
        var last = fields.count
        if !numeric[0] {
            columns.label = 0
            first = 1
        } else if let end = numeric.last, !end {
            columns.label = fields.count - 1
            last -= 1
        } else if numbers == 3 * HandJoint.count + 1 || numbers == 2 * HandJoint.count + 1 {
            // A class number before or after the points: where it is a whole number and the other end is not.
            if Int(fields[0]) != nil && Int(fields[fields.count - 1]) == nil {
                columns.label = 0
                first = 1
            } else {
                columns.label = fields.count - 1
                last -= 1
            }
        }
        let count = last - first
        let stride = count >= 3 * HandJoint.count ? 3 : 2
        var i = first
        while i + stride <= last {
            columns.x.append(i)
            columns.y.append(i + 1)
            columns.z.append(stride == 3 ? i + 2 : nil)
            columns.c.append(nil)
            i += stride
        }
        return columns
    }
}

/// The columns of a "long" landmark CSV: one row per landmark, `frame,hand,landmark,x,y,z`, as video
/// extractors write it (`for lm_idx, landmark in enumerate(hand_landmarks.landmark): writer.writerow(...)`).
///
/// Rows with the same frame and hand (consecutive) are one hand; the landmark column gives the point
/// (0...20, a MediaPipe joint name, or 1...21 when no row has 0); a `hand` column of whole numbers is the
/// tracker's hand index, `left`/`right` a handedness. Optional `timestamp_ms`/`time_ms`, `label` (and
/// aliases), `visibility`/`presence`/`c` as the confidence.
struct LongLandmarkColumns: Sendable, Equatable {
    var frame: Int?
    var hand: Int?
    var landmark: Int
    var x: Int
    var y: Int
    var z: Int?
    var c: Int?
    var time: Int?
    /// Seconds per unit of the time column.
    var timeScale: Double
    var label: Int?

    /// The long layout of a header, or nil when it is not one (no landmark-index column and bare
    /// `x`, `y` columns).
    static func resolve(_ header: [String]) -> LongLandmarkColumns? {
        let index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        func first(_ names: [String]) -> Int? { names.lazy.compactMap { index[$0] }.first }
        guard
            let landmark = first([
                "landmark", "landmark_id", "landmark_index", "lm_idx", "lm_id", "joint", "keypoint", "point", "id",
            ]),
            let x = index["x"], let y = index["y"]
        else { return nil }
        return LongLandmarkColumns(
            frame: first(["frame", "frame_id", "frame_index", "frame_number", "frame_idx"]),
            hand: first(["hand", "hand_index", "hand_id", "hand_idx"] + LandmarkColumns.handNames), landmark: landmark,
            x: x, y: y, z: index["z"], c: first(["visibility", "presence", "c", "confidence"]),
            time: LandmarkColumns.timeColumn(index).0, timeScale: LandmarkColumns.timeColumn(index).1,
            label: first(LandmarkColumns.labelNames))
    }

    /// The landmark a cell names: a number as written, or a MediaPipe joint name (zero-based).
    static func landmark(_ cell: String) -> Int? {
        if let n = Int(cell) { return n }
        return LandmarkColumns.coordinate(cell.lowercased() + "_x")?.0
    }
}
