import MedLabels
import MedShards

/// The text form of a ``JoinReport`` for a terminal: counts, a few examples per problem, and the
/// per-split table.
enum ReportText {
    /// Renders the report.
    ///
    /// - Parameters:
    ///   - report: The report.
    ///   - examples: How many examples of each problem to show.
    /// - Returns: Lines ending in a newline.
    static func render(_ report: JoinReport, examples: Int) -> String {
        var out =
            "\(report.dataset): \(report.rowsRead) rows read from \(report.tables.count) tables, "
            + "\(report.labelledKeys) labelled images; \(report.imagesListed) images listed\n"
        out += line("images matched", report.imagesMatched, [])
        out += line(
            "images without rows", report.imagesWithoutRows.count,
            report.imagesWithoutRows.prefix(examples).map(printed))
        out += line(
            "rows without images", report.rowsWithoutImages.count,
            report.rowsWithoutImages.prefix(examples).map { "\($0.source) \(printed($0.key))" },
            unit: "keys (\(report.rowsWithoutImagesRowCount) rows)")
        out += line(
            "orphan rows", report.orphanRows.count,
            report.orphanRows.prefix(examples).map { "\($0.source) \(printed($0.key))" })
        out += line(
            "rows without labels", report.rowsWithoutLabels.count,
            report.rowsWithoutLabels.prefix(examples).map {
                "\($0.source) \(printed($0.key))" + ($0.reason.map { ": " + printed($0) } ?? "")
            })
        out += line(
            "refused rows", report.refusedRows.count,
            report.refusedRows.prefix(examples).map {
                "\($0.source) \(printed($0.key)): \(printed($0.reason ?? "refused"))"
            })
        out += line(
            "duplicate rows", report.duplicateRows.count,
            report.duplicateRows.prefix(examples).map { "\($0.duplicate) repeats \($0.first)" })
        out += line(
            "conflicts", report.conflicts.count,
            report.conflicts.prefix(examples).map {
                "\(printed($0.key)): \(printed($0.reason)) (\($0.sources.map(\.description).joined(separator: ", ")))"
            })
        if let source = report.patientSource {
            out += "patients from           " + source + "\n"
            out += line(
                "patients in two splits", report.patientsInSeveralSplits.count,
                report.patientsInSeveralSplits.prefix(examples).map(printed))
        } else {
            out += "patients from           none: no patient column, each image counts as its own patient\n"
            out += "patients in two splits  not checked (give the patient column)\n"
        }
        let splits = SplitName.allCases
        let width = max(22, (report.vocabulary.map(\.count).max() ?? 0) + 2)
        out += "\n" + pad("", width) + splits.map { pad($0.rawValue, 9, right: true) }.joined() + "\n"
        out +=
            pad("images", width) + splits.map { pad("\(report.imagesPerSplit[$0] ?? 0)", 9, right: true) }.joined()
            + "\n"
        out +=
            pad("patients", width)
            + splits.map { pad("\(report.patientsPerSplit[$0] ?? 0)", 9, right: true) }.joined() + "\n"
        for name in report.vocabulary {
            out +=
                pad(name, width)
                + splits.map {
                    pad("\(report.labelCountsPerSplit[$0]?[name] ?? 0)", 9, right: true)
                }.joined() + "\n"
        }
        if let totals = report.tableTotals {
            // No image matched: what the tables say on their own.
            out +=
                "\nthe tables on their own (no image matched): \(totals.records) records, \(totals.patients) patients"
            out += ", \(totals.boxes) boxes on \(totals.recordsWithBoxes) records\n"
            for name in report.vocabulary {
                out += pad(name, width) + pad("\(totals.labelCounts[name] ?? 0)", 9, right: true) + "\n"
            }
        }
        out += report.isClean ? "clean: every image and row matched once\n" : "NOT clean\n"
        return out
    }

    private static func line<S: Sequence>(_ title: String, _ count: Int, _ examples: S, unit: String? = nil) -> String
    where S.Element == String {
        var text = pad(title, 24) + pad("\(count)", 8, right: true) + (unit.map { " " + $0 } ?? "") + "\n"
        for example in examples { text += "    " + example + "\n" }
        return text
    }

    /// Keys and paths as the walker prints names: control characters and invalid UTF-8 as `\\xHH`, so a
    /// key holding an escape sequence or a line break cannot rewrite the terminal or forge a report line.
    private static func printed(_ text: String) -> String { PathText.printed(Array(text.utf8)) }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
