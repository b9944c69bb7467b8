import ArgumentParser
import Foundation
import MedGestures

extension GesturesClassify {
    /// `classify` of a plain CSV without holding it (``SequenceClassifier/classifyCSV(at:options:validator:each:)``).
    ///
    /// Prints what the in-memory path prints, byte for byte. The heading and the segments come
    /// before the per-frame lines but are known only at the end, so with `--frames` or `--json` the
    /// per-frame lines go to an anonymous temporary file first and are copied after the segments.
    func streamed(_ classifier: SequenceClassifier) throws {
        let spill: UnsafeMutablePointer<FILE>? = frames || json ? tmpfile() : nil
        if (frames || json) && spill == nil {
            printDiagnostic("\(file): cannot create a temporary file for the per-frame lines")
            throw ExitCode.failure
        }
        defer { if let spill { fclose(spill) } }
        var buffer: [UInt8] = []
        var written = 0
        var failed = false
        func write(_ bytes: [UInt8], to target: UnsafeMutablePointer<FILE>) {
            if !bytes.isEmpty, fwrite(bytes, 1, bytes.count, target) != bytes.count { failed = true }
        }
        func output(_ bytes: [UInt8]) {
            do { try FileHandle.standardOutput.write(contentsOf: bytes) } catch { failed = true }
        }
        let summary: SequenceClassifier.StreamSummary
        do {
            summary = try classifier.classifyCSV(at: file, options: input.readOptions, validator: Validator()) {
                result in
                guard let spill else { return }
                if json {
                    let text = JSONWriter.string(Self.json(result), indent: 2).replacingOccurrences(
                        of: "\n", with: "\n    ")
                    buffer += Array(((written == 0 ? "\n    " : ",\n    ") + text).utf8)
                } else {
                    buffer += Array((Self.line(result) + "\n").utf8)
                }
                written += 1
                if buffer.count >= 1 << 20 {
                    write(buffer, to: spill)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            printDiagnostic(error.description)
            throw ExitCode.failure
        }
        if let spill { write(buffer, to: spill) }
        if summary.validationErrors > 0 {
            let first = summary.firstValidationError.map { ": first, \($0.description)" } ?? ""
            printDiagnostic(
                "warning: \(file) has \(summary.validationErrors) validation error\(summary.validationErrors == 1 ? "" : "s")\(first) (see medprep gestures validate); results for those frames are unreliable"
            )
        } else if summary.frames == 0 {
            printDiagnostic("warning: \(file) has no frames")
        }
        if summary.aspectRatioUnknown && summary.frames > 0 { GesturesInputOptions.warnAspectRatioUnknown(file) }
        var head: String
        if json {
            head = JSONWriter.string(Self.json(segments: summary.segments, frames: [], path: file), indent: 2)
            if written > 0 {
                head.removeLast("[]\n}".count)
                head += "["
            }
        } else {
            head = Self.heading(file, frames: summary.frames, segments: summary.segments.count) + "\n"
            for s in summary.segments { head += Self.line(s) + "\n" }
        }
        output(Array(head.utf8))
        if let spill {
            rewind(spill)
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let read = chunk.withUnsafeMutableBytes { fread($0.baseAddress!, 1, $0.count, spill) }
                if read == 0 { break }
                output(Array(chunk[0..<read]))
            }
        }
        if json { output(Array((written > 0 ? "\n  ]\n}\n" : "\n").utf8)) }
        if failed {
            printDiagnostic("\(file): cannot write the output")
            throw ExitCode.failure
        }
    }
}
