import Foundation

extension LandmarkSmoother {
    /// What ``smoothCSV(from:to:options:)`` did.
    public struct StreamReport: Sendable {
        /// Frames written.
        public var frames: Int
        /// Jitter before and after, hand sizes RMS (``TremorAnalysis/jitter(_:)``; after smoothing the
        /// coordinates are divided by the raw track's median hand size, not the smoothed one's).
        public var jitterBefore: Double, jitterAfter: Double
        /// The median frame step in seconds, if there were timestamps.
        public var medianStep: Double?
    }

    /// Smooths a landmark CSV into another without holding either file: two streaming passes.
    ///
    /// The first pass finds each track's median hand size (8 bytes per hand kept), the second
    /// filters each frame as ``smoothed(_:)`` does and writes it at once, so the output equals
    /// `smoothed` on the whole file written by ``CSVLandmarkWriter`` except that the `c0...` and
    /// `label` columns are written when the input has them (not when a value is present).
    ///
    /// - Parameters:
    ///   - input: A landmark CSV.
    ///   - output: The CSV to write (replaced atomically).
    ///   - options: Reader options.
    /// - Returns: Frame count and jitter before and after.
    /// - Throws: ``GestureError`` when a file cannot be read or written.
    public func smoothCSV(from input: String, to output: String, options: LandmarkReadOptions = .init())
        throws(GestureError) -> StreamReport
    {
        // Pass 1: hand sizes per track.
        var stream = try CSVLandmarkStream(path: input, options: options)
        var sizes: [String: [Double]] = [:]
        var steps: [Double] = []
        var previousTime: Double?
        while let frame = stream.next() {
            for (h, hand) in frame.hands.enumerated() {
                guard let points = hand.completeLandmarks, points.allSatisfy(\.isFinite) else { continue }
                let size = HandNormalization.handSize(points.map { Vector3($0.x, $0.y, $0.z ?? 0) })
                if size > 0 { sizes[Self.trackKey(hand, position: h), default: []].append(size) }
            }
            if let t = frame.timestamp, t.isFinite {
                if let p = previousTime, t > p, steps.count < 100_000 { steps.append(t - p) }
                previousTime = t
            }
        }
        stream.close()
        let medians = sizes.mapValues { values -> Double in
            let sorted = values.sorted()
            return sorted[sorted.count / 2]
        }
        sizes = [:]
        // Pass 2: filter and write.
        stream = try CSVLandmarkStream(path: input, options: options)
        defer { stream.close() }
        // A regular file is replaced atomically; anything else (a pipe, /dev/stdout) is written as is.
        var status = stat()
        let special = stat(output, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG
        let temporary = special ? output : output + ".partial-\(getpid())"
        guard let out = fopen(temporary, "wb") else {
            throw GestureError(.unreadable, path: output, reason: "cannot write the file")
        }
        var closed = false
        defer {
            if !closed {
                fclose(out)
                if !special { unlink(temporary) }
            }
        }
        let points = max(HandJoint.count, stream.header.count { $0.hasPrefix("x") && Int($0.dropFirst()) != nil })
        let hasConfidence = stream.header.contains("c0")
        let hasLabel = stream.header.contains("label")
        var header = ["frame", "timestamp_ms", "hand", "hand_score", "mirrored"]
        for k in 0..<points { header += stream.hasZ ? ["x\(k)", "y\(k)", "z\(k)"] : ["x\(k)", "y\(k)"] }
        if hasConfidence { header += (0..<points).map { "c\($0)" } }
        if hasLabel { header.append("label") }
        var bytes = Array((header.joined(separator: ",") + "\n").utf8)
        bytes.reserveCapacity(1 << 21)
        var filters: [String: [OneEuroFilter]] = [:]
        var lastSeen: [String: Double] = [:]
        var before = StreamingJitter()
        var after = StreamingJitter()
        var count = 0
        while var frame = stream.next() {
            let t = frame.timestamp.flatMap { $0.isFinite ? $0 : nil } ?? Double(count) / fallbackFPS
            for (h, hand) in frame.hands.enumerated() {
                let key = Self.trackKey(hand, position: h)
                guard let size = medians[key], size > 0 else { continue }
                before.add(hand, track: key, size: size, time: t)
                let scale = scalesByHandSize ? size : 1
                if let last = lastSeen[key], t - last > resetAfter || t <= last { filters[key] = nil }
                lastSeen[key] = t
                var bank = filters[key] ?? []
                if bank.count != hand.landmarks.count * 3 {
                    bank = Array(repeating: OneEuroFilter(parameters), count: hand.landmarks.count * 3)
                }
                for k in hand.landmarks.indices {
                    guard var p = hand.landmarks[k], p.isFinite else { continue }
                    p.x = bank[3 * k].filter(p.x / scale, at: t) * scale
                    p.y = bank[3 * k + 1].filter(p.y / scale, at: t) * scale
                    if let z = p.z { p.z = bank[3 * k + 2].filter(z / scale, at: t) * scale }
                    frame.hands[h].landmarks[k] = p
                }
                filters[key] = bank
                after.add(frame.hands[h], track: key, size: size, time: t)
            }
            Self.appendRows(
                frame, points: points, hasZ: stream.hasZ, confidence: hasConfidence, label: hasLabel, to: &bytes)
            count += 1
            if bytes.count >= 1 << 20 {
                guard fwrite(bytes, 1, bytes.count, out) == bytes.count else {
                    throw GestureError(.unreadable, path: output, reason: "cannot write the file")
                }
                bytes.removeAll(keepingCapacity: true)
            }
        }
        guard fwrite(bytes, 1, bytes.count, out) == bytes.count, fclose(out) == 0 else {
            closed = true
            if !special { unlink(temporary) }
            throw GestureError(.unreadable, path: output, reason: "cannot write the file")
        }
        closed = true
        guard special || rename(temporary, output) == 0 else {
            unlink(temporary)
            throw GestureError(.unreadable, path: output, reason: "cannot replace the file")
        }
        steps.sort()
        return StreamReport(
            frames: count, jitterBefore: before.result(), jitterAfter: after.result(),
            medianStep: steps.isEmpty ? nil : steps[steps.count / 2])
    }

    /// Appends one frame's rows in ``CSVLandmarkWriter``'s layout.
    static func appendRows(
        _ frame: Frame, points: Int, hasZ: Bool, confidence: Bool, label: Bool, to out: inout [UInt8]
    ) {
        let comma = UInt8(ascii: ",")
        for hand in frame.hands {
            out.append(contentsOf: String(frame.index).utf8)
            out.append(comma)
            if let t = frame.timestamp { CSVNumberFormat.append((t * 1_000_000).rounded() / 1000, to: &out) }
            out.append(comma)
            if let side = hand.handedness {
                out.append(contentsOf: side.rawValue.utf8)
            } else if let text = hand.handednessLabel {
                out.append(contentsOf: CSVLandmarkWriter.quoted(text).utf8)
            }
            out.append(comma)
            if let score = hand.handednessScore { CSVNumberFormat.append(score, to: &out) }
            out.append(comma)
            out.append(hand.mirrored ? UInt8(ascii: "1") : UInt8(ascii: "0"))
            for k in 0..<points {
                let p = k < hand.landmarks.count ? hand.landmarks[k] : nil
                out.append(comma)
                if let p { CSVNumberFormat.append(p.x, to: &out) }
                out.append(comma)
                if let p { CSVNumberFormat.append(p.y, to: &out) }
                if hasZ {
                    out.append(comma)
                    if let z = p?.z { CSVNumberFormat.append(z, to: &out) }
                }
            }
            if confidence {
                for k in 0..<points {
                    out.append(comma)
                    if k < hand.landmarks.count, let c = hand.landmarks[k]?.confidence {
                        CSVNumberFormat.append(c, to: &out)
                    }
                }
            }
            if label {
                out.append(comma)
                out.append(contentsOf: CSVLandmarkWriter.quoted(hand.label ?? frame.label ?? "").utf8)
            }
            out.append(UInt8(ascii: "\n"))
        }
    }
}
