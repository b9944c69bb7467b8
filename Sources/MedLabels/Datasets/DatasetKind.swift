/// The datasets `--dataset` names, and the adapter of each.
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

    /// The adapter of each dataset: the one list a new ``DatasetAdapter`` joins (with its case above).
    var adapterType: (any DatasetAdapter.Type)? {
        switch self {
        case .nih: ChestXray14Labels.self
        case .chexpert: CheXpertLabels.self
        case .mimic: MIMICCXRLabels.self
        case .rsna: RSNAPneumoniaLabels.self
        case .generic: nil
        }
    }

    /// Builds the adapter of a named dataset from its table files, given in any order.
    ///
    /// Each file is recognized by the dataset's adapter (``DatasetAdapter/recognizes(fileName:)``,
    /// then ``DatasetAdapter/recognizes(header:)``): the adapters' documentation lists their tables.
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
        guard let adapterType else {
            throw LabelError(.invalidConfiguration, path: "", reason: "generic tables need their columns named")
        }
        return try Self.adapter(adapterType, tables: tables, policy: policy, encoding: encoding, dataset: rawValue)
    }

    private static func adapter<Adapter: DatasetAdapter>(
        _: Adapter.Type, tables: [String], policy: ObservationPolicy, encoding: TableEncoding, dataset: String
    ) throws(LabelError) -> Adapter {
        let recognized = try RecognizedTables(
            recognizing: tables, as: Adapter.self, dataset: dataset, encoding: encoding)
        return try Adapter(tables: recognized, policy: policy, encoding: encoding)
    }
}
