import FuzzDriver
import Foundation
import MedLabels

/// The input, written to a file per process: the dataset adapters read tables by path, as convert does.
let tablePath = NSTemporaryDirectory() + "medprep-fuzz-labels-\(getpid()).csv"

/// libFuzzer entry: the bytes as a label table, read by the CSV reader and by every dataset
/// adapter that takes a single table, as `convert --labels` and `labels check` would.
func fuzzLabelsCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if var reader = try? CSVReader(bytes: bytes, path: "fuzz.csv") {
        while let record = try? reader.next() { _ = record.fields.count }
    }
    guard FileManager.default.createFile(atPath: tablePath, contents: Data(bytes)) else { return 0 }
    for kind in DatasetKind.allCases where kind != .generic {
        guard let adapter = try? kind.adapter(tables: [tablePath]) else { continue }
        _ = try? adapter.table()
    }
    let generic = GenericCSVLabels(
        path: tablePath, keyColumn: "Image Index", matchRule: .fileName,
        labels: .separated(column: "Finding Labels", separator: "|"), patientColumn: "Patient ID")
    _ = try? generic.table()
    return 0
}

/// libFuzzer harness (see the test function above).
@main
enum FuzzLabelsCSVMain {
    static func main() { FuzzDriver.run { fuzzLabelsCSV($0, $1) } }
}
