import Foundation

/// The landmark file formats MedGestures reads and writes.
public enum LandmarkFormat: String, CaseIterable, Sendable, Codable {
    /// MediaPipe HandLandmarker / GestureRecognizer results as one JSON document (array of frames,
    /// `{"frames": [...]}`, or one frame), Python or JavaScript field names.
    case mediaPipeJSON = "mediapipe-json"
    /// The same results as JSON Lines: one frame object per line.
    case mediaPipeJSONL = "mediapipe-jsonl"
    /// OpenPose per-frame `*_keypoints.json` files (a folder, or one file).
    case openPose = "openpose"
    /// Our wide CSV: `frame,timestamp_ms,hand,x0,y0,z0,...,x20,y20,z20[,label]`.
    case csv = "csv"
    /// Single-frame labelled CSV: one pose per row with a `label` column, no timestamps.
    case labelledCSV = "labelled-csv"
    /// The headerless `keypoint.csv` of hand-gesture-recognition-using-mediapipe and its derivatives:
    /// `classIndex,x0,y0,...,x20,y20`, wrist-relative, scaled to -1...1 (``KeypointClassifierReader``).
    case keypointCSV = "keypoint-csv"

    /// True for formats whose rows are independent poses, not a recording: nothing is smoothed, held
    /// or compared across rows, and there is no time axis to check.
    public var holdsIndependentPoses: Bool { self == .labelledCSV || self == .keypointCSV }

    /// Guesses the format from the path and the first bytes.
    ///
    /// A folder is OpenPose; a first line of a whole number, `0,0` and 40 or 61 more numbers is a
    /// `keypoint.csv`; `.csv`, text starting with a letter or a first row of 42 or more numbers is CSV
    /// (``LandmarkColumns`` finds the columns), labelled when there is no frame or time column; `.jsonl` or several top-level JSON objects is JSON
    /// Lines; JSON with a `people` key is OpenPose; other JSON is MediaPipe.
    ///
    /// - Parameters:
    ///   - path: The file or folder name.
    ///   - bytes: The file contents (empty for a folder).
    ///   - isDirectory: True for a folder.
    /// - Returns: The format, or nil when nothing matches.
    public static func sniff(path: String, bytes: [UInt8], isDirectory: Bool) -> LandmarkFormat? {
        if isDirectory { return .openPose }
        let lower = path.lowercased()
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
        let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if KeypointClassifierReader.looksLikeKeypoints(bytes.prefix(4096)) { return .keypointCSV }
        let header = trimmed.prefix { $0 != "\n" && $0 != "\r" }.lowercased()
        let names = header.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if let long = LongLandmarkColumns.resolve(names) {
            return long.frame != nil || long.time != nil ? .csv : .labelledCSV
        }
        let columns = LandmarkColumns.resolve(names)
        if lower.hasSuffix(".csv") || (trimmed.first.map { $0.isLetter } ?? false) || columns?.headerless == true {
            guard let columns else { return .labelledCSV }
            return columns.frame != nil || columns.time != nil ? .csv : .labelledCSV
        }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .mediaPipeJSONL }
        guard let first = trimmed.first, first == "{" || first == "[" else { return nil }
        if lower.hasSuffix("_keypoints.json") || text.contains("\"people\"") { return .openPose }
        if first == "{", (try? JSONParser.parse(bytes)) == nil {
            return .mediaPipeJSONL  // several objects, one per line
        }
        return .mediaPipeJSON
    }
}

/// Options a reader needs that some formats do not carry.
public struct LandmarkReadOptions: Sendable {
    /// Frames per second, for formats without timestamps (OpenPose, CSV without `timestamp_ms`).
    public var fps: Double?
    /// The image size in pixels: normalizes OpenPose pixels, and corrects the aspect ratio.
    public var imageSize: ImageSize?
    /// Overrides whether the tracker saw a mirrored image.
    ///
    /// MediaPipe's handedness assumes it did
    /// (the default for MediaPipe files); OpenPose and CSV default to not mirrored.
    public var mirrored: Bool?
    /// The class-name file for a `keypoint.csv` (one name per line); nil looks for
    /// `keypoint_classifier_label.csv` next to the file, and reads the rows unlabelled without one.
    public var classNamesPath: String?

    /// Creates options.
    ///
    /// - Parameters:
    ///   - fps: Frames per second, > 0.
    ///   - imageSize: Image size in pixels.
    ///   - mirrored: Mirrored-input override.
    ///   - classNamesPath: Class names for `keypoint.csv` files.
    public init(fps: Double? = nil, imageSize: ImageSize? = nil, mirrored: Bool? = nil, classNamesPath: String? = nil) {
        self.fps = fps
        self.imageSize = imageSize
        self.mirrored = mirrored
        self.classNamesPath = classNamesPath
    }
}
