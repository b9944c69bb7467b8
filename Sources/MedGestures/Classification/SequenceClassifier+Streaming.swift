import Foundation

extension SequenceClassifier {
    /// What ``classifyCSV(at:options:validator:each:)`` found besides the per-frame results.
    public struct StreamSummary: Sendable {
        /// Frames read.
        public var frames: Int
        /// Held gestures, sorted as ``classify(_:)`` sorts them.
        public var segments: [GestureDecider.Segment]
        /// The number of validation errors, when a validator was given.
        public var validationErrors: Int
        /// The first validation error, if any.
        public var firstValidationError: ValidationIssue?
        /// True when the file's x, y are fractions of the image, no image size was given and it has
        /// no z columns (``LandmarkSequence/aspectRatioUnknown``).
        public var aspectRatioUnknown = false
    }

    /// Classifies a landmark CSV without holding it: the results of ``classify(_:)`` on the whole
    /// file, handed out frame by frame.
    ///
    /// Two streaming passes over the file (``CSVLandmarkStream``): the first finds each track's
    /// median hand size for the smoother (8 bytes per hand kept), the units (pixels when most points
    /// of the first 1,000 frames lie beyond 2, as the in-memory reader decides) and, with a
    /// validator, the validation errors, checked 1,000 frames at a time with one frame of overlap so
    /// that timestamp and frame order are checked across chunks (every error check is local to a
    /// frame and its predecessor; the warnings that compare a frame with the whole recording are not
    /// counted). The second smooths, classifies and decides each hand track with
    /// ``GestureDecider/Stream``, handing out each result as soon as its held label is final. Memory
    /// is one chunk of the file, the undecided frames (normally under half a second) and the segments.
    ///
    /// - Parameters:
    ///   - path: A landmark CSV whose records are single lines (quoted line breaks are not supported).
    ///   - options: Reader options.
    ///   - validator: Counts validation errors in the first pass when given.
    ///   - each: Receives every per-frame result, in the order of ``Result/frames``.
    /// - Returns: Frame count, segments and validation errors.
    /// - Throws: ``GestureError`` when the file cannot be read or has no landmark columns.
    public func classifyCSV(
        at path: String, options: LandmarkReadOptions = .init(), validator: Validator? = nil,
        each: (FrameResult) -> Void
    ) throws(GestureError) -> StreamSummary {
        let survey = try Self.survey(path, options: options, validator: validator)
        var summary = StreamSummary(
            frames: 0, segments: [], validationErrors: survey.errors, firstValidationError: survey.firstError)
        // The units as the in-memory reader decides them (``CSVLandmarkReader/coordinateSpace(_:)``).
        let space: CoordinateSpace = survey.pixels ? .pixels : survey.wristRelative ? .wristRelative : .normalized
        let normalization = HandNormalization(
            imageSize: options.imageSize, coordinateSpace: space, imageRotationDegrees: imageRotationDegrees)
        var stream = try CSVLandmarkStream(path: path, options: options)
        defer { stream.close() }
        summary.aspectRatioUnknown = space == .normalized && options.imageSize == nil && !stream.hasZ
        if stream.format == .labelledCSV {
            // Independent poses: each row is decided alone, as `classify` does.
            while let frame = stream.next() {
                for (h, hand) in frame.hands.enumerated() {
                    let key = LandmarkSmoother.trackKey(hand, position: h)
                    let prediction = classifier.predict(hand, normalization: normalization)
                    let gesture = prediction?.gesture ?? .none
                    each(FrameResult(frame: frame.index, time: 0, hand: key, prediction: prediction, decided: gesture))
                    if gesture != .none, let prediction {
                        summary.segments.append(
                            GestureDecider.Segment(
                                hand: key, gesture: gesture, startFrame: frame.index, endFrame: frame.index,
                                start: 0, end: 0, confidence: prediction.confidence))
                    }
                }
                summary.frames += 1
            }
            return summary
        }
        var smoothing = LandmarkSmoother.State()
        var tracks: [String: (decider: GestureDecider.Stream, waiting: [Int])] = [:]
        // Results not handed out yet, from `emitted` on; nil decided means still undecided.
        var queue: [(result: FrameResult, final: Bool)] = []
        var emitted = 0
        func settle(_ key: String, _ labels: [Gesture]) {
            guard !labels.isEmpty, var track = tracks[key] else { return }
            for (slot, label) in zip(track.waiting, labels) {
                queue[slot - emitted].result.decided = label
                queue[slot - emitted].final = true
            }
            track.waiting.removeFirst(labels.count)
            tracks[key] = track
        }
        func flush() {
            var k = 0
            while k < queue.count, queue[k].final {
                each(queue[k].result)
                k += 1
            }
            if k > 0 {
                queue.removeFirst(k)
                emitted += k
            }
        }
        var f = 0
        while var frame = stream.next() {
            let time = frame.timestamp.flatMap { $0.isFinite ? $0 : nil } ?? Double(f) / fallbackFPS
            if let smoother { smoother.smooth(&frame, at: time, sizes: survey.sizes, state: &smoothing) }
            for (h, hand) in frame.hands.enumerated() {
                let key = LandmarkSmoother.trackKey(hand, position: h)
                let prediction = classifier.predict(hand, normalization: normalization)
                var track = tracks[key] ?? (GestureDecider.Stream(parameters: decider.parameters, hand: key), [])
                track.waiting.append(emitted + queue.count)
                queue.append(
                    (
                        FrameResult(frame: frame.index, time: time, hand: key, prediction: prediction, decided: .none),
                        false
                    ))
                let labels = track.decider.add(
                    GestureDecider.Observation(frame: frame.index, time: time, scores: prediction?.scores))
                summary.segments += track.decider.takeSegments()
                tracks[key] = track
                settle(key, labels)
            }
            flush()
            f += 1
        }
        for key in tracks.keys.sorted() {
            guard var track = tracks[key] else { continue }
            let labels = track.decider.finish()
            summary.segments += track.decider.takeSegments()
            tracks[key] = track
            settle(key, labels)
        }
        flush()
        summary.frames = f
        // `classify` appends each track's segments in track-name order, then sorts stably.
        summary.segments.sort { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.hand != b.hand { return a.hand < b.hand }
            return a.startFrame < b.startFrame
        }
        return summary
    }

    /// The first pass: track sizes, units (pixels; wrist-relative when every wrist is at exactly 0, 0),
    /// validation errors.
    private static func survey(_ path: String, options: LandmarkReadOptions, validator: Validator?)
        throws(GestureError) -> (
            sizes: [String: Double], pixels: Bool, wristRelative: Bool, errors: Int, firstError: ValidationIssue?
        )
    {
        var stream = try CSVLandmarkStream(path: path, options: options)
        defer { stream.close() }
        var sizes: [String: [Double]] = [:]
        var chunk: [Frame] = []
        var pixels: Bool?
        var errors = 0
        var firstError: ValidationIssue?
        var overlap: Frame?
        var wrists = CSVLandmarkReader.WristOrigin()
        func check(last: Bool) {
            let pixelsNow = pixels ?? CSVLandmarkReader.looksLikePixels(chunk)
            pixels = pixelsNow
            guard let validator, !chunk.isEmpty else { return }
            let frames = (overlap.map { [$0] } ?? []) + chunk
            let report = validator.validate(
                LandmarkSequence(
                    frames: frames,
                    coordinateSpace: pixelsNow
                        ? .pixels : CSVLandmarkReader.coordinateSpace(frames) == .wristRelative ? .wristRelative : .normalized,
                    imageSize: options.imageSize,
                    zIsRelativeToWrist: stream.hasZ, sourceFormat: stream.format),
                path: path)
            let overlapLines = overlap.map { o in o.hands.compactMap(\.line).max() ?? o.line ?? 0 }
            for issue in report.issues where issue.severity == .error {
                // Errors of the overlap frame were counted with the previous chunk, and errors of no
                // frame (of the file as a whole) only once.
                if let overlapLines, issue.frame == nil || (issue.line ?? 0) <= overlapLines { continue }
                errors += 1
                if firstError == nil { firstError = issue }
            }
            overlap = chunk.last
            chunk.removeAll(keepingCapacity: !last)
        }
        while let frame = stream.next() {
            for (h, hand) in frame.hands.enumerated() {
                wrists.add(hand)
                guard let points = hand.completeLandmarks, points.allSatisfy(\.isFinite) else { continue }
                let size = HandNormalization.handSize(points.map { Vector3($0.x, $0.y, $0.z ?? 0) })
                if size > 0 { sizes[LandmarkSmoother.trackKey(hand, position: h), default: []].append(size) }
            }
            chunk.append(frame)
            if chunk.count == 1000 { check(last: false) }
        }
        check(last: true)
        let isPixels = pixels ?? false
        return (
            sizes.mapValues { $0.sorted()[$0.count / 2] }, isPixels, !isPixels && wrists.allAtOrigin, errors,
            firstError
        )
    }
}
