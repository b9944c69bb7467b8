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
        let column = Dictionary(table.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var pointCount = 0
        while column["x\(pointCount)"] != nil && column["y\(pointCount)"] != nil { pointCount += 1 }
        guard pointCount > 0 else {
            throw GestureError(
                .malformed, path: path, line: table.headerLine,
                reason: "no landmark columns: expected x0,y0[,z0],...,x20,y20[,z20] in the header")
        }
        let hasFrame = column["frame"] != nil
        let hasTime = column["timestamp_ms"] != nil
        var frames: [Frame] = []
        for (rowNumber, record) in table.records.enumerated() {
            func cell(_ name: String) -> String? {
                guard let i = column[name], i < record.fields.count else { return nil }
                let value = record.fields[i].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            func number(_ name: String) -> Double? { cell(name).map { Double($0) ?? .nan } }
            var landmarks: [Landmark?] = []
            for k in 0..<pointCount {
                // A row cut short loses its trailing points, so the validator sees a wrong count.
                guard let xi = column["x\(k)"], let yi = column["y\(k)"], xi < record.fields.count,
                    yi < record.fields.count
                else { break }
                guard let x = number("x\(k)"), let y = number("y\(k)") else {
                    landmarks.append(nil)
                    continue
                }
                landmarks.append(Landmark(x: x, y: y, z: number("z\(k)"), confidence: number("c\(k)")))
            }
            let mirrored =
                options.mirrored ?? (cell("mirrored").map { ["1", "true", "yes"].contains($0.lowercased()) } ?? false)
            let label = cell("hand")
            var hand = Hand(
                handedness: label.flatMap(Handedness.init(label:)), handednessLabel: label,
                handednessScore: number("hand_score"), mirrored: mirrored, landmarks: landmarks, line: record.line)
            hand.label = cell("label")
            let frameNumber =
                hasFrame
                ? cell("frame").flatMap {
                    Int($0) ?? Double($0).flatMap { d in d.isFinite && abs(d) < 1e12 ? Int(d) : nil }
                } : nil
            let index = frameNumber ?? (hasFrame ? -1 : rowNumber)
            var timestamp = hasTime ? number("timestamp_ms").map { $0 / 1000 } : nil
            if !hasTime, let fps = options.fps, fps > 0, index >= 0 { timestamp = Double(index) / fps }
            if hasFrame, frameNumber != nil, let last = frames.last, last.index == index {
                frames[frames.count - 1].hands.append(hand)
                continue
            }
            frames.append(
                Frame(index: index, timestamp: timestamp, hands: [hand], line: record.line))
        }
        let hasZ = column["z0"] != nil
        return LandmarkSequence(
            frames: frames, coordinateSpace: looksLikePixels(frames) ? .pixels : .normalized,
            imageSize: options.imageSize, zIsRelativeToWrist: hasZ,
            sourceFormat: hasFrame || hasTime ? .csv : .labelledCSV)
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
