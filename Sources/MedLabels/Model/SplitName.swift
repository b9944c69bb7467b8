/// The three splits of a dataset, in the order the `--split` fractions are given.
///
/// MIMIC-CXR's `validate` and CheXpert's `valid` are both read as ``val``.
public enum SplitName: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable, Comparable {
    /// Training data.
    case train
    /// Validation data (model selection).
    case val
    /// Held-out test data.
    case test

    /// Reads a split name as the datasets write it: `train`, `val`, `valid`, `validate`,
    /// `validation`, `test` (any case).
    ///
    /// - Parameter text: The field's value.
    /// - Returns: The split, or `nil` for anything else.
    public init?(datasetValue text: String) {
        switch text.lowercased() {
        case "train", "training": self = .train
        case "val", "valid", "validate", "validation": self = .val
        case "test", "testing": self = .test
        default: return nil
        }
    }

    /// Orders train < val < test.
    public static func < (lhs: SplitName, rhs: SplitName) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
