import MedImage

/// Minimum, maximum and mean of a set of samples.
struct SampleStatistics: Codable, Equatable {
    var min: Double
    var max: Double
    var mean: Double

    init(_ samples: some Collection<Double>) {
        var low = Double.infinity, high = -Double.infinity, sum = 0.0
        for value in samples {
            low = Swift.min(low, value)
            high = Swift.max(high, value)
            sum += value
        }
        min = low
        max = high
        mean = samples.isEmpty ? 0 : sum / Double(samples.count)
    }

    init(_ statistics: ValueStatistics) {
        min = statistics.minimum
        max = statistics.maximum
        mean = statistics.mean
    }

    init<T: BinaryFloatingPoint>(_ buffer: PixelBuffer<T>) {
        self.init(buffer.samples.lazy.map { Double($0) })
    }
}

/// What `medprep inspect` reports for one file; the JSON form of `--json`.
struct ImageSummary: Codable {
    var path: String
    var metadata: ImageMetadata?
    var frame: Int?
    var windows: [VOIWindow]?
    var voiLUTCount: Int?
    var modalityLUT: String?
    var stored: SampleStatistics?
    var presentation: SampleStatistics?
    /// Faults decoded around (``DecodedImage/warnings``); absent when there are none.
    var warnings: [String]?
    /// Only with `--show-phi`.
    var patientID: String?
    var error: FileError?

    /// A failure, in the same fields as `errors.jsonl`.
    struct FileError: Codable {
        var code: String
        var location: String?
        var reason: String
    }

    init(path: String, image: DecodedImage, showPHI: Bool) {
        self.path = path
        metadata = image.metadata
        frame = image.frame
        windows = image.windows
        voiLUTCount = image.voiLUTs.count
        switch image.modalityLUT {
        case .identity: modalityLUT = "identity"
        case .rescale(let slope, let intercept, let type):
            modalityLUT = "rescale slope \(format(slope)) intercept \(format(intercept))" + (type.map { " \($0)" } ?? "")
        case .table(let lut): modalityLUT = "table of \(lut.entries.count) entries from \(lut.firstMappedValue)"
        }
        // One pass each over the stored samples; no value buffer (bounded memory on huge images).
        stored = SampleStatistics(image.storedStatistics)
        presentation = SampleStatistics(image.presentationStatistics())
        patientID = showPHI ? image.metadata.patientID : nil
        warnings = image.warnings.isEmpty ? nil : image.warnings
    }

    init(path: String, error: ImageError) {
        self.path = path
        self.error = FileError(code: error.code.name, location: error.location?.description, reason: error.reason)
    }

    /// The human-readable block printed without `--json`.
    var text: String {
        var lines = [path]
        if let error {
            lines.append("  error         \(error.code)" + (error.location.map { " at \($0)" } ?? "") + ": \(error.reason)")
            return lines.joined(separator: "\n")
        }
        guard let m = metadata else { return path }
        let container = m.transferSyntax.map { "DICOM, \($0)" } ?? m.format.rawValue.uppercased()
        lines.append("  format        \(container)")
        lines.append("  size          \(m.width) x \(m.height), \(m.frameCount) frame\(m.frameCount == 1 ? "" : "s")"
                     + (m.frameCount > 1 ? " (showing frame \(frame ?? 0))" : ""))
        lines.append("  bits          \(m.bitsStored) stored in \(m.bitsAllocated), \(m.isSigned ? "signed" : "unsigned"), "
                     + "\(m.samplesPerPixel) sample\(m.samplesPerPixel == 1 ? "" : "s") per pixel")
        lines.append("  photometric   \(m.photometric.rawValue)")
        if let spacing = m.pixelSpacing {
            lines.append("  spacing       \(format(spacing.row)) x \(format(spacing.column)) mm (\(spacing.source.rawValue))")
        } else if m.format == .dicom {
            lines.append("  spacing       not stated")
        }
        if m.format == .dicom {
            let fields = [("modality", m.modality), ("view", m.viewPosition), ("body part", m.bodyPart),
                          ("laterality", m.laterality)]
            lines.append("  acquisition   " + fields.map { "\($0.0) \($0.1 ?? "-")" }.joined(separator: ", "))
            lines.append("  modality LUT  \(modalityLUT ?? "identity")")
            let windowText = (windows ?? []).map { window in
                "center \(format(window.center)) width \(format(window.width)) \(window.function.rawValue)"
                    + (window.explanation.map { " \"\($0)\"" } ?? "")
            }
            lines.append("  windows       " + (windowText.isEmpty ? "none" : windowText.joined(separator: "; ")))
            if let count = voiLUTCount, count > 0 { lines.append("  VOI LUTs      \(count)") }
            if let uid = m.sopInstanceUID { lines.append("  SOP instance  \(uid)") }
        }
        if let patientID { lines.append("  patient ID    \(patientID)") }
        if let stored { lines.append("  stored        \(stored.text)") }
        if let presentation { lines.append("  presentation  \(presentation.text)") }
        for warning in warnings ?? [] { lines.append("  warning       \(warning)") }
        return lines.joined(separator: "\n")
    }
}

extension SampleStatistics {
    var text: String { "min \(format(min))  max \(format(max))  mean \(format(mean))" }
}

/// A number with at most four decimals and no trailing zeros.
func format(_ value: Double) -> String {
    if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
    var text = String(format: "%.4f", value)
    while text.hasSuffix("0") { text.removeLast() }
    return text
}
