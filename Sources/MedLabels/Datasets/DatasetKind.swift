import Foundation

/// The datasets `--dataset` names, and how their tables are recognized.
public enum DatasetKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// NIH ChestX-ray14: ``ChestXray14Labels``.
    case nih
    /// Stanford CheXpert: ``CheXpertLabels``.
    case chexpert
    /// MIMIC-CXR-JPG: ``MIMICCXRLabels``.
    case mimic
    /// RSNA Pneumonia Detection: ``RSNAPneumoniaLabels``.
    case rsna
    /// Any CSV: ``GenericCSVLabels``, which needs its columns named and is not built here.
    case generic

    /// Builds the adapter of a named dataset from its table files, given in any order.
    ///
    /// Each file is recognized by its header (or, for NIH's `.txt` lists, by its name):
    /// - nih: `Finding Labels` → data entry; `Bbox [x` → boxes; `*test*.txt` → test list;
    ///   other `.txt` → train/val list;
    /// - chexpert: every table with a `Path` column;
    /// - mimic: `dicom_id` and `split` → split; `dicom_id` → metadata; `study_id` and `Atelectasis` → labels;
    /// - rsna: `Target` → labels; `class` → class info.
    ///
    /// - Parameters:
    ///   - tables: The files given with `--labels`.
    ///   - policy: Uncertainty and blank policies (CheXpert and MIMIC).
    ///   - encoding: The encoding of every table.
    /// - Returns: The adapter.
    /// - Throws: ``LabelError`` `.invalidConfiguration` for `generic`, an unrecognized file, a role
    ///   given twice, or a required table missing; `.unreadable` if a header cannot be read.
    public func adapter(
        tables: [String], policy: ObservationPolicy = ObservationPolicy(), encoding: TableEncoding = .utf8
    ) throws(LabelError) -> any LabelAdapter {
        var roles: [String: String] = [:]
        func assign(_ role: String, _ path: String) throws(LabelError) {
            if let earlier = roles[role] {
                throw LabelError(
                    .invalidConfiguration, path: path,
                    reason: "this file and \(earlier) both look like the \(role) table")
            }
            roles[role] = path
        }
        func unrecognized(_ path: String) -> LabelError {
            LabelError(.invalidConfiguration, path: path, reason: "not recognized as a \(rawValue) label table")
        }
        func needed(_ role: String) throws(LabelError) -> String {
            guard let path = roles[role] else {
                throw LabelError(.invalidConfiguration, path: "", reason: "\(rawValue) needs its \(role) table")
            }
            return path
        }
        switch self {
        case .generic:
            throw LabelError(.invalidConfiguration, path: "", reason: "generic tables need their columns named")
        case .chexpert:
            for path in tables where !(try Self.header(path, encoding: encoding)).contains("Path") { throw unrecognized(path) }
            guard !tables.isEmpty else {
                throw LabelError(.invalidConfiguration, path: "", reason: "no CheXpert table")
            }
            var adapter = CheXpertLabels(tables: tables, policy: policy)
            adapter.encoding = encoding
            return adapter
        case .nih:
            for path in tables {
                if path.lowercased().hasSuffix(".txt") || path.lowercased().hasSuffix(".txt.gz") {
                    let name = (path as NSString).lastPathComponent.lowercased()
                    try assign(name.contains("test") ? "test list" : "train/val list", path)
                    continue
                }
                let header = try Self.header(path, encoding: encoding)
                if header.contains("Finding Labels") {
                    try assign("data entry", path)
                } else if header.contains(where: { $0.hasPrefix("Bbox") }) {
                    try assign("bounding box", path)
                } else {
                    throw unrecognized(path)
                }
            }
            var adapter = ChestXray14Labels(
                dataEntry: try needed("data entry"), boundingBoxes: roles["bounding box"],
                trainValList: roles["train/val list"], testList: roles["test list"])
            adapter.encoding = encoding
            return adapter
        case .mimic:
            for path in tables {
                let header = try Self.header(path, encoding: encoding)
                if header.contains("dicom_id") && header.contains("split") {
                    try assign("split", path)
                } else if header.contains("dicom_id") {
                    try assign("metadata", path)
                } else if header.contains("study_id") && header.contains("Atelectasis") {
                    try assign("labels", path)
                } else {
                    throw unrecognized(path)
                }
            }
            if roles["metadata"] == nil { _ = try needed("split") }
            var adapter = MIMICCXRLabels(
                metadata: roles["metadata"], labels: try needed("labels"), split: roles["split"],
                policy: policy)
            adapter.encoding = encoding
            return adapter
        case .rsna:
            for path in tables {
                let header = try Self.header(path, encoding: encoding)
                if header.contains("Target") {
                    try assign("labels", path)
                } else if header.contains("class") {
                    try assign("class info", path)
                } else {
                    throw unrecognized(path)
                }
            }
            var adapter = RSNAPneumoniaLabels(labels: try needed("labels"), classInfo: roles["class info"])
            adapter.encoding = encoding
            return adapter
        }
    }

    /// The header of a table, read from its first 64 KiB (a stream or a gzip file is read whole once,
    /// and kept for the adapter).
    static func header(_ path: String, encoding: TableEncoding) throws(LabelError) -> [String] {
        // The whole head, not its first line: `##` comment lines may stand before the header.
        return try CSVReader(bytes: try TableFile.head(path, encoding: encoding), path: path).header.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
    }
}
