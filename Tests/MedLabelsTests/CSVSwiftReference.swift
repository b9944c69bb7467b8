import CSV

/// Rows as yaslab/CSV.swift 2.5.2 reads them.
///
/// An independent reference for the differential test. This file imports only `CSV`, so `CSVReader` here is CSV.swift's class.
func csvSwiftRows(_ text: String) -> [[String]]? {
    guard let reader = try? CSVReader(string: text, hasHeaderRow: false) else { return nil }
    var rows: [[String]] = []
    while let row = reader.next() { rows.append(row) }
    return rows
}
