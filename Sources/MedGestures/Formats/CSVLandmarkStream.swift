import Foundation

/// Reads the landmark CSV one frame at a time from a file, without holding the file.
///
/// It reads the file in 1 MiB chunks and parses each row at the byte level (numbers with
/// `strtod`, no per-cell string trimming), with the same meaning as ``CSVLandmarkReader``: columns
/// by header name, rows with the same `frame` number grouped into one frame, empty cells missing,
/// text that is not a number read as NaN so the validator can report it. A row with a quote falls
/// back to the RFC 4180 tokenizer for that row (a quoted line break is not supported here; the
/// in-memory reader handles it). Memory is one chunk plus one frame.
public struct CSVLandmarkStream {
    /// The header's columns, lowercased.
    public let header: [String]
    /// ``LandmarkFormat/csv``, or ``LandmarkFormat/labelledCSV`` without `frame` and `timestamp_ms`.
    public let format: LandmarkFormat
    /// True when the file has z columns.
    public let hasZ: Bool
    private let path: String
    private let options: LandmarkReadOptions
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEOF = false
    private var line = 0
    private var rowNumber = 0
    private var pending: (frame: Frame, number: Int?)?
    private let columns: LandmarkColumns
    /// The first row of a file without a header, and its line: data to read before the rest.
    private var headerlessFirst: (row: [UInt8], line: Int)?

    /// Opens `path` and reads its header.
    ///
    /// - Parameters:
    ///   - path: A landmark CSV file.
    ///   - options: `fps` for rows without timestamps, `mirrored` override.
    /// - Throws: ``GestureError`` `.unreadable` or `.malformed` (empty file, no landmark columns).
    public init(path: String, options: LandmarkReadOptions = .init()) throws(GestureError) {
        guard let file = fopen(path, "rb") else {
            throw GestureError(.unreadable, path: path, reason: "cannot read the file")
        }
        self.file = file
        self.path = path
        self.options = options
        buffer.reserveCapacity(1 << 20)
        var headerFields: [String]?
        var firstLine: [UInt8]?
        var reader = LineSource(file: file)
        while let raw = reader.nextLine(&buffer, &start, &atEOF) {
            line += 1
            let text = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            headerFields = CSVTable(text)?.header
            firstLine = Array(raw)
            break
        }
        guard let headerFields, !headerFields.isEmpty else {
            fclose(file)
            throw GestureError(.malformed, path: path, line: 1, reason: "the CSV file is empty")
        }
        header = headerFields
        guard let c = LandmarkColumns.resolve(header) else {
            fclose(file)
            throw GestureError(
                .malformed, path: path, line: line,
                reason:
                    "no landmark columns: expected x0,y0[,z0],...,x20,y20[,z20] (or x1...x21, WRIST_x..., landmark_0_x..., 0...62) in the header")
        }
        columns = c
        hasZ = c.z.contains { $0 != nil }
        format = c.frame != nil || c.time != nil ? .csv : .labelledCSV
        if c.headerless, let raw = firstLine { headerlessFirst = (raw, line) }
    }

    /// Reads a whole file into a sequence, as ``CSVLandmarkReader/read(_:path:options:)`` would.
    ///
    /// - Parameters:
    ///   - path: A landmark CSV whose records are single lines without quotes.
    ///   - options: Reader options.
    /// - Returns: The sequence.
    /// - Throws: ``GestureError`` when the file cannot be read or has no landmark columns.
    public static func sequence(path: String, options: LandmarkReadOptions = .init()) throws(GestureError)
        -> LandmarkSequence
    {
        var stream = try CSVLandmarkStream(path: path, options: options)
        defer { stream.close() }
        var frames: [Frame] = []
        while let frame = stream.next() { frames.append(frame) }
        return LandmarkSequence(
            frames: frames, coordinateSpace: CSVLandmarkReader.coordinateSpace(frames),
            imageSize: options.imageSize, zIsRelativeToWrist: stream.hasZ, sourceFormat: stream.format)
    }

    /// Closes the file.
    public func close() { fclose(file) }

    /// The next frame, or nil at the end of the file.
    public mutating func next() -> Frame? {
        var reader = LineSource(file: file)
        while true {
            var parsed: (Hand, Int?, Double?)
            if let first = headerlessFirst {
                headerlessFirst = nil
                let savedLine = line
                line = first.line
                parsed = row(first.row[...])
                line = savedLine
            } else {
                guard let raw = reader.nextLine(&buffer, &start, &atEOF) else { break }
                line += 1
                if raw.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
                parsed = row(raw)
            }
            let (hand, number, timestamp) = parsed
            let rowLine = hand.line ?? line
            rowNumber += 1
            if columns.frame != nil, let number, let p = pending, p.number == number {
                pending?.frame.hands.append(hand)
                continue
            }
            let index = number ?? (columns.frame != nil ? -1 : rowNumber - 1)
            var time = timestamp
            if columns.time == nil, let fps = options.fps, fps > 0, index >= 0 { time = Double(index) / fps }
            let frame = Frame(index: index, timestamp: time, hands: [hand], line: rowLine)
            let previous = pending
            pending = (frame, number)
            if let previous { return previous.frame }
        }
        defer { pending = nil }
        return pending?.frame
    }

    /// Parses one row into a hand, its frame number and its timestamp in seconds.
    private func row(_ raw: ArraySlice<UInt8>) -> (Hand, Int?, Double?) {
        var cells: [ArraySlice<UInt8>] = []
        cells.reserveCapacity(header.count)
        if raw.contains(UInt8(ascii: "\"")) {
            let fields = CSVTable("h\n" + String(decoding: raw, as: UTF8.self))?.records.first?.fields ?? []
            cells = fields.map { ArraySlice(Array($0.utf8)) }
        } else {
            var from = raw.startIndex
            for i in raw.indices where raw[i] == UInt8(ascii: ",") {
                cells.append(raw[from..<i])
                from = i + 1
            }
            cells.append(raw[from..<raw.endIndex])
        }
        func number(_ column: Int?) -> Double? {
            guard let column, column < cells.count else { return nil }
            return Self.parseNumber(cells[column])
        }
        func text(_ column: Int?) -> String? {
            guard let column, column < cells.count else { return nil }
            var cell = cells[column]
            while let first = cell.first, first == 32 || first == 9 { cell = cell.dropFirst() }
            while let last = cell.last, last == 32 || last == 9 || last == 13 { cell = cell.dropLast() }
            return cell.isEmpty ? nil : String(decoding: cell, as: UTF8.self)
        }
        var landmarks: [Landmark?] = []
        landmarks.reserveCapacity(columns.x.count)
        for k in columns.x.indices {
            guard columns.x[k] < cells.count, columns.y[k] < cells.count else { break }
            guard let x = number(columns.x[k]), let y = number(columns.y[k]) else {
                landmarks.append(nil)
                continue
            }
            landmarks.append(Landmark(x: x, y: y, z: number(columns.z[k]), confidence: number(columns.c[k])))
        }
        let mirrored =
            options.mirrored
            ?? (text(columns.mirrored).map { $0 == "1" || ["true", "yes"].contains($0.lowercased()) } ?? false)
        let side = text(columns.hand)
        var hand = Hand(
            handedness: side.flatMap(Handedness.init(label:)), handednessLabel: side,
            handednessScore: number(columns.score), mirrored: mirrored, landmarks: landmarks, line: line)
        hand.label = text(columns.label)
        let frameNumber = number(columns.frame).flatMap { d in d.isFinite && abs(d) < 1e12 ? Int(d) : nil }
        return (hand, frameNumber, number(columns.time).map { $0 * columns.timeScale })
    }

    /// A cell as a number: nil when empty (spaces only), NaN when it is not a number.
    static func parseNumber(_ cell: ArraySlice<UInt8>) -> Double? {
        var low = cell.startIndex
        var high = cell.endIndex
        while low < high, cell[low] == 32 || cell[low] == 9 { low += 1 }
        while high > low, cell[high - 1] == 32 || cell[high - 1] == 9 || cell[high - 1] == 13 { high -= 1 }
        if low == high { return nil }
        let count = high - low
        guard count < 64 else { return Double(String(decoding: cell[low..<high], as: UTF8.self)) ?? .nan }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { scratch -> Double in
            for i in 0..<count { scratch[i] = CChar(bitPattern: cell[low + i]) }
            scratch[count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(scratch.baseAddress!, &end)
            guard let end, end - scratch.baseAddress! == count else { return .nan }
            return value
        }
    }
}

/// Splits a file into lines through one reusable buffer, reading 1 MiB at a time.
private struct LineSource {
    let file: UnsafeMutablePointer<FILE>

    /// The next line without its `\n`, or nil at the end. The slice is valid until the next call.
    mutating func nextLine(_ buffer: inout [UInt8], _ start: inout Int, _ atEOF: inout Bool) -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[start..<newline]
                start = newline + 1
                return line
            }
            if atEOF {
                guard start < buffer.count else { return nil }
                let line = buffer[start..<buffer.count]
                start = buffer.count
                return line
            }
            // Keep the partial line, then append the next chunk.
            buffer.removeSubrange(0..<start)
            start = 0
            let chunk = 1 << 20
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: chunk))
            let read = buffer.withUnsafeMutableBufferPointer { fread($0.baseAddress! + old, 1, chunk, file) }
            buffer.removeLast(chunk - read)
            if read == 0 { atEOF = true }
        }
    }
}
