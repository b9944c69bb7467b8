import Foundation
import MedShards
#if canImport(Glibc)
    import Glibc
#endif

/// Progress on stderr (a bar on a terminal, a plain line every few seconds otherwise) and the final
/// summary on stdout (text, or JSON with `--json`).
final class ProgressReporter {
    private let enabled: Bool
    private let json: Bool
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let started = Date()
    private lazy var lastDraw = isTerminal ? Date.distantPast : started
    private var drewBar = false

    init(enabled: Bool, json: Bool) {
        self.enabled = enabled
        self.json = json
    }

    /// Called after every input, on the writer's thread.
    func update(_ progress: ConversionProgress) {
        guard enabled else { return }
        let now = Date()
        let interval = isTerminal ? 0.1 : 5
        guard now.timeIntervalSince(lastDraw) >= interval || (isTerminal && progress.done == progress.total) else {
            return
        }
        lastDraw = now
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(progress.processed) / elapsed : 0
        let remaining = progress.total - progress.done
        let eta = rate > 0 ? Self.duration(Double(remaining) / rate) : "--"
        let counts =
            "\(progress.done)/\(progress.total) images, \(progress.skipped) skipped, "
            + String(format: "%.1f img/s, ETA %@", rate, eta)
        if isTerminal {
            let width = 30
            let filled = progress.total > 0 ? width * progress.done / progress.total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(counts)\u{1B}[K".utf8))
            drewBar = true
        } else {
            FileHandle.standardError.write(Data("progress: \(counts)\n".utf8))
        }
    }

    /// Ends the bar's line so an error message starts on a line of its own.
    func clear() {
        if drewBar { FileHandle.standardError.write(Data("\n".utf8)) }
        drewBar = false
    }

    /// Prints the summary.
    ///
    /// - Parameter hiddenEntries: hidden entries the walk did not read (the summary counts them).
    /// - Throws: the JSON encoder's error with `--json`.
    func finish(_ summary: ConversionSummary, folder: String, hiddenEntries: Int = 0) throws {
        clear()
        let p = summary.progress
        let ignored = summary.manifest.ignored?.count ?? 0
        let mbRead = Double(p.bytesRead) / 1e6, mbWritten = Double(p.bytesWritten) / 1e6
        if json {
            let report = JSONSummary(
                folder: folder, inputs: p.total, resumed: p.resumed, processed: p.processed,
                samplesWritten: p.samples, skipped: p.skipped, shardsWritten: p.shards,
                shardsTotal: summary.manifest.shards.count, samplesTotal: summary.manifest.samples.count,
                bytesRead: p.bytesRead, bytesWritten: p.bytesWritten, seconds: summary.seconds,
                imagesPerSecond: summary.imagesPerSecond, ignored: ignored, hiddenEntries: hiddenEntries,
                skippedByCode: summary.manifest.skipped.reduce(into: [:]) { $0[$1.code, default: 0] += 1 })
            try printJSONLine(report)
            return
        }
        var lines = [
            "converted \(p.processed) of \(p.total) images into \(folder) (\(p.resumed) done by an earlier run)",
            "  samples written \(p.samples), skipped \(p.skipped), shards \(summary.manifest.shards.count)",
            String(
                format: "  read %.1f MB, wrote %.1f MB in %.2f s: %.1f images/s", mbRead, mbWritten, summary.seconds,
                summary.imagesPerSecond),
        ]
        if p.skipped > 0 { lines.append("  skipped inputs are listed in \(folder)/\(OutputFolder.errorLogName)") }
        lines.append(Self.listingLine(ignored: ignored, hidden: hiddenEntries, folder: folder))
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    private static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }

    private struct JSONSummary: Encodable {
        var folder: String
        var inputs, resumed, processed, samplesWritten, skipped, shardsWritten, shardsTotal, samplesTotal: Int
        var bytesRead, bytesWritten: Int
        var seconds, imagesPerSecond: Double
        /// Files beside the inputs that are not images (the manifest lists them).
        var ignored: Int
        /// Hidden entries the walk did not read.
        var hiddenEntries: Int
        /// Skipped inputs per error code (listing codes such as `fifo` included).
        var skippedByCode: [String: Int]
    }

    /// "  ignored 3 files that are not images (listed in manifest.json), 2 hidden entries not read".
    private static func listingLine(ignored: Int, hidden: Int, folder: String) -> String {
        "  ignored \(ignored) files that are not images"
            + (ignored > 0 ? " (listed in \(folder)/\(Manifest.fileName))" : "")
            + ", \(hidden) hidden entries not read"
    }
}
