import Foundation

/// The fractions of patients that go to train, val and test, as given by `--split 0.8,0.1,0.1`.
public struct SplitFractions: Sendable, Hashable, Codable {
    /// Fraction for training, in [0, 1].
    public var train: Double
    /// Fraction for validation, in [0, 1].
    public var val: Double
    /// Fraction for testing, in [0, 1].
    public var test: Double

    /// Creates fractions.
    ///
    /// - Parameters:
    ///   - train: Fraction for training, in [0, 1].
    ///   - val: Fraction for validation, in [0, 1].
    ///   - test: Fraction for testing, in [0, 1].
    /// - Throws: ``LabelError`` `.invalidConfiguration` unless all are in [0, 1] and sum to 1 (±1e-6).
    public init(train: Double, val: Double, test: Double) throws(LabelError) {
        let all = [train, val, test]
        guard all.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1 }), abs(all.reduce(0, +) - 1) <= 1e-6 else {
            throw LabelError(
                .invalidConfiguration, path: "",
                reason: "split fractions \(train),\(val),\(test) must each be in 0...1 and sum to 1")
        }
        self.train = train
        self.val = val
        self.test = test
    }

    /// Parses `"0.8,0.1,0.1"` (train, val, test).
    ///
    /// - Parameter text: Three comma-separated decimal fractions.
    /// - Throws: ``LabelError`` `.invalidConfiguration` for any other text.
    public init(parsing text: String) throws(LabelError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
            Double($0.trimmingCharacters(in: .whitespaces))
        }
        guard parts.count == 3, let train = parts[0], let val = parts[1], let test = parts[2] else {
            throw LabelError(
                .invalidConfiguration, path: "", reason: "split '\(text)' is not three fractions like 0.8,0.1,0.1")
        }
        try self.init(train: train, val: val, test: test)
    }

    /// The fraction of one split.
    ///
    /// - Parameter split: The split.
    /// - Returns: Its fraction.
    public func fraction(of split: SplitName) -> Double {
        switch split {
        case .train: train
        case .val: val
        case .test: test
        }
    }
}

/// How patients are placed in splits.
public struct SplitOptions: Sendable, Hashable {
    /// Target fractions of patients per split.
    public var fractions: SplitFractions
    /// The run's seed; the same seed and patient ids give the same splits on any machine.
    public var seed: UInt64
    /// Balance label prevalence across splits (see ``PatientSplitter``).
    public var stratifyByLabel: Bool
    /// Honour the dataset's official split where the tables give one (default `true`).
    public var useOfficialSplit: Bool

    /// Creates options.
    ///
    /// - Parameters:
    ///   - fractions: Target fractions of patients per split.
    ///   - seed: The run's seed.
    ///   - stratifyByLabel: Balance label prevalence across splits.
    ///   - useOfficialSplit: Honour the dataset's official split.
    public init(fractions: SplitFractions, seed: UInt64, stratifyByLabel: Bool = false, useOfficialSplit: Bool = true) {
        self.fractions = fractions
        self.seed = seed
        self.stratifyByLabel = stratifyByLabel
        self.useOfficialSplit = useOfficialSplit
    }
}
