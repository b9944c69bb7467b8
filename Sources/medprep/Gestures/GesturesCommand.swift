import ArgumentParser
import MedGestures

/// `medprep gestures`: read, validate, smooth and classify hand-landmark recordings.
struct GesturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gestures",
        abstract: "Validate, smooth, classify and evaluate hand-landmark recordings.",
        discussion: """
            Reads MediaPipe results (JSON or JSON Lines, Python or JavaScript field names), OpenPose \
            *_keypoints.json folders, the wide landmark CSV, and the keypoint.csv of \
            hand-gesture-recognition-using-mediapipe (labels from keypoint_classifier_label.csv). The format is \
            detected unless --format is given.
            """,
        subcommands: [
            GesturesValidate.self, GesturesSmooth.self, GesturesClassify.self, GesturesTrain.self, GesturesEval.self,
        ]
    )
}

extension LandmarkFormat: ExpressibleByArgument {}

/// Options shared by every command that reads landmark files.
struct GesturesInputOptions: ParsableArguments {
    @Option(
        help: "Input format: mediapipe-json, mediapipe-jsonl, openpose, csv, labelled-csv, keypoint-csv (default: detect).")
    var format: LandmarkFormat?

    @Option(help: "Frames per second, for OpenPose and CSV files without timestamps.")
    var fps: Double?

    @Option(help: "Image size in pixels, WIDTHxHEIGHT: normalizes OpenPose pixels and corrects the aspect ratio.")
    var imageSize: String?

    @Flag(
        inversion: .prefixedNo,
        help:
            "Whether the tracker saw a mirrored (selfie) image. MediaPipe's handedness assumes it did (default for MediaPipe files)."
    )
    var mirrored: Bool?

    @Option(
        help: ArgumentHelp(
            "Class names for a keypoint.csv, one per line (default: keypoint_classifier_label.csv next to it).",
            valueName: "file"))
    var classNames: String?

    func validate() throws {
        if let fps, !(fps > 0 && fps.isFinite) { throw ValidationError("--fps must be a positive number") }
        if let imageSize, ImageSize(parsing: imageSize) == nil {
            throw ValidationError("--image-size must look like 1280x720")
        }
    }

    var readOptions: LandmarkReadOptions {
        LandmarkReadOptions(
            fps: fps, imageSize: imageSize.flatMap(ImageSize.init(parsing:)), mirrored: mirrored,
            classNamesPath: classNames)
    }

    /// Reads one file like ``read(_:)``, then says on standard error when `validate` would reject it,
    /// so that `classify` and `smooth` never accept a broken file without a word.
    func readChecked(_ path: String) throws -> LandmarkSequence {
        let sequence = try read(path)
        let report = Validator().validate(sequence, path: path)
        if report.errorCount > 0 {
            let first = report.issues.first { $0.severity == .error }.map { ": first, \($0.description)" } ?? ""
            printDiagnostic(
                "warning: \(path) has \(report.errorCount) validation error\(report.errorCount == 1 ? "" : "s")\(first) (see medprep gestures validate); results for those frames are unreliable"
            )
        } else if sequence.frames.isEmpty {
            printDiagnostic("warning: \(path) has no frames")
        }
        return sequence
    }

    /// Says on standard error that a 2-D file in fractions of the image needs `--image-size` for
    /// the classifier to see true angles (``LandmarkSequence/aspectRatioUnknown``).
    static func warnAspectRatioUnknown(_ path: String) {
        printDiagnostic(
            "warning: \(path): x and y are fractions of the image width and height and there is no z; without --image-size WIDTHxHEIGHT the classifier takes the image as square, which bends finger angles on 4:3 and 16:9 images and costs recall (webcams: often 640x480 or 1280x720)"
        )
    }

    /// Reads one file, printing the error and failing the command when it cannot be read.
    func read(_ path: String) throws -> LandmarkSequence {
        do {
            return try LandmarkFile.read(path, format: format, options: readOptions)
        } catch {
            printDiagnostic(error.description)
            throw ExitCode.failure
        }
    }
}
