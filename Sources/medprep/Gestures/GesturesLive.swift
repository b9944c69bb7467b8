import Foundation
import MedGestures

/// The live loop of `classify -` and `smooth -`: one MediaPipe JSON object per stdin line in, lines
/// out, flushed after every frame so a pipe consumer sees each decision at once.
enum GesturesLive {
    /// Reads stdin until it closes; a line that is not a frame is reported on stderr and skipped.
    ///
    /// - Parameters:
    ///   - options: Reader options (mirroring, image size).
    ///   - fps: Frame rate for lines without a timestamp.
    ///   - handle: Turns one frame and its time in seconds into output lines.
    static func run(options: LandmarkReadOptions, fps: Double, handle: (Frame, Double) -> [String]) {
        var lineNumber = 0
        var count = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            let frame: Frame
            do {
                let sequence = try MediaPipeReader.read(Array(line.utf8), path: "-", lines: true, options: options)
                guard let first = sequence.frames.first else { continue }
                frame = first
            } catch {
                printDiagnostic("-: line \(lineNumber): \(error.reason)")
                continue
            }
            var indexed = frame
            if indexed.index == 0 && count > 0 { indexed.index = count }
            let time = indexed.timestamp.flatMap { $0.isFinite ? $0 : nil } ?? Double(indexed.index) / fps
            // One unbuffered write per frame: the consumer sees the frame's lines at once.
            let text = handle(indexed, time).map { $0 + "\n" }.joined()
            FileHandle.standardOutput.write(Data(text.utf8))
            count += 1
        }
    }
}
