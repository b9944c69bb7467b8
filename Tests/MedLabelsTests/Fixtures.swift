import Foundation
import MedLabels
import MedTestSupport

/// A temporary folder holding fixture tables written by one test.
struct FixtureFolder {
    let root: String

    init() {
        root = TemporaryFolder.make("labels")
    }

    /// Writes `text` to `name` (bytes exactly as given, no newline added) and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        write(name, bytes: Array(text.utf8))
    }

    /// Writes raw bytes.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) -> String {
        TemporaryFolder.write([name: bytes], under: root)
        return root + "/" + name
    }
}

/// Lines joined with a line terminator, each line ended (as the real files are).
func lines(_ lines: [String], ending: String = "\n") -> String {
    lines.map { $0 + ending }.joined()
}

/// Images from relative paths.
func images(_ paths: [String]) -> [ImageFile] {
    paths.map { ImageFile(relativePath: $0, absolutePath: "/data/" + $0) }
}

/// Options with fixed fractions and seed.
func splitOptions(
    _ train: Double = 0.8, _ val: Double = 0.1, _ test: Double = 0.1, seed: UInt64 = 7,
    stratify: Bool = false, official: Bool = true
) -> SplitOptions {
    // The fractions are valid by construction in the tests.
    let fractions = (try? SplitFractions(train: train, val: val, test: test)) ?? SplitFractions.fallback
    return SplitOptions(fractions: fractions, seed: seed, stratifyByLabel: stratify, useOfficialSplit: official)
}

extension SplitFractions {
    static var fallback: SplitFractions {
        // Only reached if a test passes invalid fractions, which the tests never do.
        guard let value = try? SplitFractions(train: 1, val: 0, test: 0) else { fatalError("unreachable") }
        return value
    }
}

/// Reads every record of a CSV text.
func records(_ text: String, path: String = "t.csv") throws -> (header: [String], rows: [CSVRecord]) {
    var reader = try CSVReader(text: text, path: path)
    var rows: [CSVRecord] = []
    while let row = try reader.next() { rows.append(row) }
    return (reader.header, rows)
}
