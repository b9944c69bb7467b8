import Foundation

/// The unit of landmark coordinates in a sequence.
public enum CoordinateSpace: String, Hashable, Sendable, Codable {
    /// Fractions of the image width and height, 0...1 (MediaPipe, our CSV).
    case normalized
    /// Pixels (OpenPose's default output).
    case pixels
    /// Relative to the wrist and divided by the largest magnitude, so within -1...1, one scale for x
    /// and y, no image frame (`keypoint.csv`): not checked against an image, never aspect-corrected.
    case wristRelative = "wrist-relative"
}

/// The size of the image the landmarks were detected in, in pixels.
public struct ImageSize: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Width in pixels.
    public var width: Double
    /// Height in pixels.
    public var height: Double

    /// Creates an image size.
    ///
    /// - Parameters:
    ///   - width: Width in pixels, > 0.
    ///   - height: Height in pixels, > 0.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// Parses `"1280x720"`; nil unless both numbers are finite and positive.
    ///
    /// - Parameter text: Width and height separated by `x`.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let w = Double(parts[0]), let h = Double(parts[1]),
            w.isFinite, h.isFinite, w > 0, h > 0
        else { return nil }
        self.init(width: w, height: h)
    }

    /// `"1280x720"`.
    public var description: String { "\(Int(width))x\(Int(height))" }
}

/// One frame of a recording: a timestamp and zero or more hands.
public struct Frame: Hashable, Sendable {
    /// Zero-based position of the frame in the recording (OpenPose: the number in the file name).
    public var index: Int
    /// Seconds since the start of the recording; nil when the file has none.
    public var timestamp: Double?
    /// The hands detected in this frame.
    public var hands: [Hand]
    /// The one-based line of the frame in the file (CSV, JSON Lines), if known.
    public var line: Int?
    /// The per-frame ground-truth label (CSV `label` column), if any.
    public var label: String?

    /// Creates a frame.
    ///
    /// - Parameters:
    ///   - index: Zero-based frame index.
    ///   - timestamp: Seconds, if known.
    ///   - hands: Detected hands.
    ///   - line: One-based line in the file, if known.
    ///   - label: Ground-truth label, if any.
    public init(index: Int, timestamp: Double?, hands: [Hand], line: Int? = nil, label: String? = nil) {
        self.index = index
        self.timestamp = timestamp
        self.hands = hands
        self.line = line
        self.label = label
    }
}

/// The canonical model every reader produces and every writer consumes: a sequence of frames.
///
/// Readers do not reject suspicious content (out-of-range points, 20 landmarks, NaN); they keep it
/// so ``Validator`` can report it with its frame. They throw ``GestureError`` only when the bytes
/// cannot be interpreted at all.
public struct LandmarkSequence: Hashable, Sendable {
    /// The frames in file order.
    public var frames: [Frame]
    /// The unit of image landmark coordinates.
    public var coordinateSpace: CoordinateSpace
    /// The image size, when the file or the user gives it.
    ///
    /// Needed to correct the aspect ratio.
    public var imageSize: ImageSize?
    /// True when `z` is relative to the wrist (MediaPipe, our CSV), so the wrist's z should be ~0.
    public var zIsRelativeToWrist: Bool
    /// The format the sequence was read from; writers use it to write "the same format".
    public var sourceFormat: LandmarkFormat?
    /// Formatting details of the source that a writer should reproduce (field-name style, file names).
    public var sourceStyle: SourceStyle

    /// Creates a sequence.
    ///
    /// - Parameters:
    ///   - frames: Frames in file order.
    ///   - coordinateSpace: Unit of the image landmarks.
    ///   - imageSize: Image size in pixels, if known.
    ///   - zIsRelativeToWrist: Whether z is relative to the wrist.
    ///   - sourceFormat: The format read, if any.
    ///   - sourceStyle: Source formatting details.
    public init(
        frames: [Frame], coordinateSpace: CoordinateSpace = .normalized, imageSize: ImageSize? = nil,
        zIsRelativeToWrist: Bool = true, sourceFormat: LandmarkFormat? = nil, sourceStyle: SourceStyle = .init()
    ) {
        self.frames = frames
        self.coordinateSpace = coordinateSpace
        self.imageSize = imageSize
        self.zIsRelativeToWrist = zIsRelativeToWrist
        self.sourceFormat = sourceFormat
        self.sourceStyle = sourceStyle
    }

    /// True when the frames are independent poses, not a recording: a labelled CSV or `keypoint.csv`,
    /// or labelled samples without any time (a JSON dump of a labelled dataset). Nothing is smoothed,
    /// held or compared across them: ``Validator`` checks no timing, motion or cross-frame geometry,
    /// and ``SequenceClassifier`` classifies each frame alone.
    public var holdsIndependentPoses: Bool {
        if sourceFormat?.holdsIndependentPoses == true { return true }
        return !frames.isEmpty && frames.allSatisfy { $0.timestamp == nil }
            && frames.allSatisfy { frame in
                frame.label != nil || (!frame.hands.isEmpty && frame.hands.allSatisfy { $0.label != nil })
            }
    }

    /// True when a classifier cannot correct the aspect ratio: x and y are fractions of the image
    /// width and height, no image size is known and no point has z. The 2-D features then take the
    /// image as square, which bends angles on 4:3 and 16:9 images (on real 640x480 webcam rows with
    /// z dropped, V signs fell from 6 of 6 to 3 of 6 without the size).
    public var aspectRatioUnknown: Bool {
        guard coordinateSpace == .normalized, imageSize == nil else { return false }
        var anyHand = false
        for frame in frames {
            for hand in frame.hands {
                anyHand = true
                if hand.landmarks.contains(where: { $0?.z != nil }) { return false }
            }
        }
        return anyHand
    }

    /// Formatting details of the source file that writers reproduce.
    public struct SourceStyle: Hashable, Sendable {
        /// MediaPipe: true for JavaScript names (`landmarks`, `timestampMs`), false for Python names.
        public var javaScriptNames: Bool
        /// OpenPose: the file name of each frame, in frame order.
        public var frameFileNames: [String]
        /// MediaPipe/OpenPose: the object each frame was read from, so unknown keys survive a rewrite.
        package var frameObjects: [JSONValue]

        /// Creates a style.
        ///
        /// - Parameters:
        ///   - javaScriptNames: Use JavaScript field names.
        ///   - frameFileNames: OpenPose file names.
        public init(javaScriptNames: Bool = false, frameFileNames: [String] = []) {
            self.init(javaScriptNames: javaScriptNames, frameFileNames: frameFileNames, frameObjects: [])
        }

        /// Creates a style that keeps the source JSON of each frame (the readers' view).
        package init(javaScriptNames: Bool = false, frameFileNames: [String] = [], frameObjects: [JSONValue]) {
            self.javaScriptNames = javaScriptNames
            self.frameFileNames = frameFileNames
            self.frameObjects = frameObjects
        }
    }

    /// The number of pixels per unit of x and y; (1, 1) for pixel coordinates or an unknown size.
    ///
    /// Multiplying normalized coordinates by this makes distances isotropic (aspect-ratio correction).
    public var pixelScale: (x: Double, y: Double) {
        guard coordinateSpace == .normalized, let imageSize else { return (1, 1) }
        return (imageSize.width, imageSize.height)
    }
}
