import Foundation

/// Reads and writes landmark files on disk, detecting the format unless told.
public enum LandmarkFile {
    /// Reads a file or an OpenPose folder.
    ///
    /// - Parameters:
    ///   - path: A file, or a folder of OpenPose `*_keypoints.json` files.
    ///   - format: The format; nil detects it with ``LandmarkFormat/sniff(path:bytes:isDirectory:)``.
    ///   - options: Reader options.
    /// - Returns: The canonical sequence.
    /// - Throws: ``GestureError`` `.unreadable`, `.unsupported` or a reader's `.malformed`.
    public static func read(
        _ path: String, format: LandmarkFormat? = nil, options: LandmarkReadOptions = .init()
    ) throws(GestureError) -> LandmarkSequence {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw GestureError(.unreadable, path: path, reason: "no such file or folder")
        }
        if isDirectory.boolValue {
            guard format == nil || format == .openPose else {
                throw GestureError(.unsupported, path: path, reason: "a folder can only be read as OpenPose")
            }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0.hasSuffix(".json") }.sorted()
            var files: [OpenPoseReader.File] = []
            for name in names {
                files.append((name, try bytes(of: (path as NSString).appendingPathComponent(name))))
            }
            return try OpenPoseReader.read(files, path: path, options: options)
        }
        let data = try bytes(of: path)
        guard let chosen = format ?? LandmarkFormat.sniff(path: path, bytes: data, isDirectory: false) else {
            throw GestureError(.unsupported, path: path, reason: "not a MediaPipe, OpenPose or CSV landmark file")
        }
        switch chosen {
        case .mediaPipeJSON: return try MediaPipeReader.read(data, path: path, lines: false, options: options)
        case .mediaPipeJSONL: return try MediaPipeReader.read(data, path: path, lines: true, options: options)
        case .openPose:
            let name = (path as NSString).lastPathComponent
            return try OpenPoseReader.read([(name, data)], path: path, options: options)
        case .keypointCSV:
            var names: [String]?
            var namesPath = options.classNamesPath
            if namesPath == nil {
                let sidecar = ((path as NSString).deletingLastPathComponent as NSString)
                    .appendingPathComponent(KeypointClassifierReader.labelFileName)
                if FileManager.default.fileExists(atPath: sidecar) { namesPath = sidecar }
            }
            if let namesPath { names = try KeypointClassifierReader.classNames(bytes(of: namesPath), path: namesPath) }
            return try KeypointClassifierReader.read(data, path: path, classNames: names, classNamesPath: namesPath)
        case .csv, .labelledCSV:
            var sequence =
                Self.plainRows(data)
                ? try CSVLandmarkStream.sequence(path: path, options: options)
                : try CSVLandmarkReader.read(String(decoding: data, as: UTF8.self), path: path, options: options)
            if format != nil { sequence.sourceFormat = chosen }
            return sequence
        }
    }

    /// Writes `sequence` in `format` (default: the format it was read in, else CSV).
    ///
    /// A `keypoint.csv` is written as our CSV (its scaling cannot be undone).
    ///
    /// OpenPose output goes to a folder at `path`, one file per frame; every other format is one file.
    /// Files are written atomically.
    ///
    /// - Parameters:
    ///   - sequence: The sequence.
    ///   - path: The output file or folder.
    ///   - format: The output format.
    /// - Throws: ``GestureError`` `.unreadable` when the file cannot be written.
    public static func write(_ sequence: LandmarkSequence, to path: String, format: LandmarkFormat? = nil)
        throws(GestureError)
    {
        switch format ?? sequence.sourceFormat ?? .csv {
        case .csv, .labelledCSV, .keypointCSV: try write(CSVLandmarkWriter.string(sequence), to: path)
        case .mediaPipeJSON: try write(MediaPipeWriter.string(sequence, lines: false), to: path)
        case .mediaPipeJSONL: try write(MediaPipeWriter.string(sequence, lines: true), to: path)
        case .openPose:
            do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
                throw GestureError(.unreadable, path: path, reason: "cannot create the folder: \(error)")
            }
            for file in OpenPoseWriter.files(sequence) {
                try write(file.text, to: (path as NSString).appendingPathComponent(file.name))
            }
        }
    }

    /// True when every record of the file at `path` is one line without quotes, so that
    /// ``CSVLandmarkStream`` reads it as the in-memory reader would; read 1 MiB at a time.
    ///
    /// - Parameter path: A CSV file.
    /// - Returns: False when the file has a quote or a bare CR, is a long CSV (one row per landmark,
    ///   which only the in-memory reader reads), or cannot be read.
    public static func hasPlainRows(path: String) -> Bool {
        if isLongCSV(path: path) { return false }
        guard let file = fopen(path, "rb") else { return false }
        defer { fclose(file) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var previous: UInt8 = 0
        while true {
            let read = chunk.withUnsafeMutableBytes { fread($0.baseAddress!, 1, $0.count, file) }
            if read == 0 { return ferror(file) == 0 }
            let plain = chunk.withUnsafeBufferPointer { bytes -> Bool in
                if memchr(bytes.baseAddress!, Int32(UInt8(ascii: "\"")), read) != nil { return false }
                var from = 0
                if previous == 13 && bytes[0] != 10 { return false }
                while from < read, let cr = memchr(bytes.baseAddress! + from, 13, read - from) {
                    let at = bytes.baseAddress!.distance(to: cr.assumingMemoryBound(to: UInt8.self))
                    if at + 1 < read && bytes[at + 1] != 10 { return false }
                    from = at + 1
                }
                return true
            }
            guard plain else { return false }
            previous = chunk[read - 1]
        }
    }

    /// True when the header of the file at `path` is a long CSV's (``LongLandmarkColumns``).
    static func isLongCSV(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        return isLongCSV(Array(head))
    }

    private static func isLongCSV(_ head: [UInt8]) -> Bool {
        let text = String(decoding: head.prefix(4096), as: UTF8.self)
        let line = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.prefix { $0 != "\n" && $0 != "\r" }
        return LongLandmarkColumns.resolve(line.lowercased().split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }) != nil
    }

    /// True when every record is one line without quotes (so the byte-level reader applies).
    private static func plainRows(_ data: [UInt8]) -> Bool {
        guard !data.contains(UInt8(ascii: "\"")) else { return false }
        if isLongCSV(Array(data.prefix(4096))) { return false }
        var previous: UInt8 = 0
        for byte in data {
            if previous == 13 && byte != 10 { return false }  // a bare CR ends records too
            previous = byte
        }
        return true
    }

    /// The format ``LandmarkFormat/sniff(path:bytes:isDirectory:)`` finds in the first 4 KiB of a file.
    ///
    /// - Parameter path: A file.
    /// - Returns: The format, or nil when unreadable or unknown.
    public static func detectedFormat(path: String) -> LandmarkFormat? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        return LandmarkFormat.sniff(path: path, bytes: [UInt8](head), isDirectory: false)
    }

    private static func bytes(of path: String) throws(GestureError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GestureError(.unreadable, path: path, reason: "cannot read the file")
        }
        return [UInt8](data)
    }

    private static func write(_ text: String, to path: String) throws(GestureError) {
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw GestureError(.unreadable, path: path, reason: "cannot write the file: \(error)")
        }
    }
}
