import Foundation

/// Reads the wide landmark CSV and the single-frame labelled CSV.
///
/// Columns are found by (case-insensitive) header name, so their order is free:
/// `frame` (integer; rows with the same value are hands of one frame), `timestamp_ms`
/// (milliseconds), `hand` (`left`/`right`, the person's hand), `hand_score` (0...1), `mirrored`
/// (`0`/`1`, whether the tracker saw a mirrored image), `x0,y0,z0 ... x20,y20,z20` (z optional,
/// normalized unless the caller says otherwise), `c0 ... c20` (optional confidences), `label` (the row's hand's ground truth, ``Hand/label``).
/// Without `frame` each row is a frame; without `timestamp_ms` there are no timestamps unless the
/// caller gives `fps`. An empty cell is a missing value; text that is not a number is read as NaN,
/// so the validator reports it at its line.
public enum CSVLandmarkReader {
    /// Parses CSV text.
    ///
    /// - Parameters:
    ///   - text: The file contents.
    ///   - path: The path, for errors.
    ///   - options: `fps` for rows without timestamps, `imageSize`, `mirrored` override.
    /// - Returns: The canonical sequence; `sourceFormat` is ``LandmarkFormat/labelledCSV`` when
    ///   there is neither a `frame` nor a `timestamp_ms` column.
    /// - Throws: ``GestureError`` `.malformed` with the header line when no `x0`/`y0` columns exist.
    public static func read(_ text: String, path: String, options: LandmarkReadOptions = .init())
        throws(GestureError) -> LandmarkSequence
    {
        guard let table = CSVTable(text) else {
            throw GestureError(.malformed, path: path, line: 1, reason: "the CSV file is empty")
        }
        if let long = LongLandmarkColumns.resolve(table.header) {
            return try readLong(table, columns: long, path: path, options: options)
        }
        guard let columns = LandmarkColumns.resolve(table.header) else {
            throw GestureError(
                .malformed, path: path, line: table.headerLine,
                reason:
                    "no landmark columns: expected x0,y0[,z0],...,x20,y20[,z20] (or x1...x21, WRIST_x..., landmark_0_x..., 0...62) in the header")
        }
        let hasFrame = columns.frame != nil
        let hasTime = columns.time != nil
        var frames: [Frame] = []
        var records = table.records
        if columns.headerless {
            records.insert(CSVTable.Record(fields: table.rawHeader, line: table.headerLine), at: 0)
        }
        for (rowNumber, record) in records.enumerated() {
            func cell(_ column: Int?) -> String? {
                guard let i = column, i < record.fields.count else { return nil }
                let value = record.fields[i].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            func number(_ column: Int?) -> Double? { cell(column).map { Double($0) ?? .nan } }
            var landmarks: [Landmark?] = []
            for k in columns.x.indices {
                // A row cut short loses its trailing points, so the validator sees a wrong count.
                guard columns.x[k] < record.fields.count, columns.y[k] < record.fields.count else { break }
                guard let x = number(columns.x[k]), let y = number(columns.y[k]) else {
                    landmarks.append(nil)
                    continue
                }
                landmarks.append(Landmark(x: x, y: y, z: number(columns.z[k]), confidence: number(columns.c[k])))
            }
            let mirrored =
                options.mirrored
                ?? (cell(columns.mirrored).map { ["1", "true", "yes"].contains($0.lowercased()) } ?? false)
            let label = cell(columns.hand)
            var hand = Hand(
                handedness: label.flatMap(Handedness.init(label:)), handednessLabel: label,
                handednessScore: number(columns.score), mirrored: mirrored, landmarks: landmarks, line: record.line)
            hand.label = cell(columns.label)
            let frameNumber =
                hasFrame
                ? cell(columns.frame).flatMap {
                    Int($0) ?? Double($0).flatMap { d in d.isFinite && abs(d) < 1e12 ? Int(d) : nil }
                } : nil
            let index = frameNumber ?? (hasFrame ? -1 : rowNumber)
            var timestamp = hasTime ? number(columns.time).map { $0 * columns.timeScale } : nil
            if !hasTime, let fps = options.fps, fps > 0, index >= 0 { timestamp = Double(index) / fps }
            if hasFrame, frameNumber != nil, let last = frames.last, last.index == index {
                frames[frames.count - 1].hands.append(hand)
                continue
            }
            frames.append(
                Frame(index: index, timestamp: timestamp, hands: [hand], line: record.line))
        }
        return LandmarkSequence(
            frames: frames, coordinateSpace: coordinateSpace(frames), imageSize: options.imageSize,
            zIsRelativeToWrist: columns.z.contains { $0 != nil }, sourceFormat: hasFrame || hasTime ? .csv : .labelledCSV)
    }

    /// Reads a long CSV (one row per landmark, ``LongLandmarkColumns``): consecutive rows of one frame
    /// and hand make one hand, hands of one frame one frame.
    private static func readLong(
        _ table: CSVTable, columns: LongLandmarkColumns, path: String, options: LandmarkReadOptions
    ) throws(GestureError) -> LandmarkSequence {
        struct Row {
            var frame: String, hand: String, landmark: Int, point: Landmark, time: Double?, label: String?, line: Int
        }
        var rows: [Row] = []
        for record in table.records {
            func cell(_ column: Int?) -> String? {
                guard let i = column, i < record.fields.count else { return nil }
                let value = record.fields[i].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            func number(_ column: Int?) -> Double? { cell(column).map { Double($0) ?? .nan } }
            guard let text = cell(columns.landmark), let k = LongLandmarkColumns.landmark(text), k >= 0 else {
                throw GestureError(
                    .malformed, path: path, line: record.line,
                    reason: "landmark '\(cell(columns.landmark) ?? "")' is neither a number nor a MediaPipe joint name")
            }
            // 0...20, or 1...21 in a file that counts from 1; anything beyond is not a hand landmark.
            guard k <= HandJoint.count else {
                throw GestureError(
                    .malformed, path: path, line: record.line,
                    reason: "landmark \(k) is beyond the hand's 21 landmarks (0...20, or 1...21)")
            }
            let point = Landmark(
                x: number(columns.x) ?? .nan, y: number(columns.y) ?? .nan, z: number(columns.z),
                confidence: number(columns.c))
            rows.append(
                Row(
                    frame: cell(columns.frame) ?? "", hand: cell(columns.hand) ?? "", landmark: k, point: point,
                    time: number(columns.time).map { $0 * columns.timeScale }, label: cell(columns.label), line: record.line))
        }
        let oneBased = !rows.contains { $0.landmark == 0 } && rows.contains { $0.landmark == HandJoint.count }
        var frames: [Frame] = []
        var start = 0
        while start < rows.count {
            var end = start + 1
            while end < rows.count, rows[end].frame == rows[start].frame, rows[end].hand == rows[start].hand { end += 1 }
            let group = rows[start..<end]
            let first = rows[start]
            // Index 21 in a file that also has 0 is one point too many: kept, so the validator counts 22.
            let count = max(HandJoint.count, (group.map(\.landmark).max() ?? 0) + (oneBased ? 0 : 1))
            var landmarks = [Landmark?](repeating: nil, count: count)
            for row in group {
                let k = oneBased ? row.landmark - 1 : row.landmark
                guard k >= 0, landmarks[k] == nil else {
                    throw GestureError(
                        .malformed, path: path, line: row.line,
                        reason: "landmark \(row.landmark) of frame \(row.frame), hand \(row.hand) appears twice")
                }
                landmarks[k] = row.point
            }
            // A whole number is the tracker's hand index, not a handedness.
            let side = Int(first.hand) == nil && !first.hand.isEmpty ? first.hand : nil
            var hand = Hand(
                handedness: side.flatMap(Handedness.init(label:)), handednessLabel: side, handednessScore: nil,
                mirrored: options.mirrored ?? false, landmarks: landmarks, line: first.line)
            hand.label = first.label
            let number = Int(first.frame) ?? Double(first.frame).flatMap { $0.isFinite && abs($0) < 1e12 ? Int($0) : nil }
            if columns.frame != nil, let number, let last = frames.last, last.index == number,
                frames.count > 0, rows[start - 1].frame == first.frame
            {
                frames[frames.count - 1].hands.append(hand)
            } else {
                let index = number ?? (columns.frame != nil ? -1 : frames.count)
                var timestamp = first.time
                if columns.time == nil, let fps = options.fps, fps > 0, index >= 0 { timestamp = Double(index) / fps }
                frames.append(Frame(index: index, timestamp: timestamp, hands: [hand], line: first.line))
            }
            start = end
        }
        return LandmarkSequence(
            frames: frames, coordinateSpace: coordinateSpace(frames), imageSize: options.imageSize,
            zIsRelativeToWrist: columns.z != nil,
            sourceFormat: columns.frame != nil || columns.time != nil ? .csv : .labelledCSV)
    }

    /// The unit of a CSV's points: pixels when most lie beyond 2, wrist-relative when every wrist is
    /// at exactly (0, 0) (the points minus the wrist, in image units), else normalized to the image.
    static func coordinateSpace(_ frames: [Frame]) -> CoordinateSpace {
        if looksLikePixels(frames) { return .pixels }
        var wrists = WristOrigin()
        for frame in frames {
            for hand in frame.hands { wrists.add(hand) }
        }
        return wrists.allAtOrigin ? .wristRelative : .normalized
    }

    /// Whether every wrist seen lies at exactly (0, 0), the rule of ``coordinateSpace(_:)`` for
    /// wrist-relative points, kept hand by hand so a streaming reader can apply it too.
    struct WristOrigin {
        private var wrists = 0
        private var offOrigin = false

        /// Counts the wrist of `hand`, when it has a finite one.
        mutating func add(_ hand: Hand) {
            guard let wrist = hand.landmarks.first ?? nil, wrist.x.isFinite, wrist.y.isFinite else { return }
            wrists += 1
            if wrist.x != 0 || wrist.y != 0 { offOrigin = true }
        }

        /// True when at least one wrist was seen and every one was at (0, 0).
        var allAtOrigin: Bool { wrists > 0 && !offOrigin }
    }

    /// True when most points lie far outside 0...1: the file holds pixels, not normalized coordinates.
    ///
    /// Such files are read as pixels (isotropic, so the aspect ratio needs no correction); the
    /// validator then asks for `--image-size` instead of calling every point out of range.
    static func looksLikePixels(_ frames: [Frame]) -> Bool {
        var outside = 0
        var total = 0
        for frame in frames.prefix(1000) {
            for hand in frame.hands {
                for point in hand.landmarks {
                    guard let point, point.x.isFinite, point.y.isFinite else { continue }
                    total += 1
                    if max(abs(point.x), abs(point.y)) > 2 { outside += 1 }
                }
            }
        }
        return total > 0 && outside * 2 > total
    }
}
