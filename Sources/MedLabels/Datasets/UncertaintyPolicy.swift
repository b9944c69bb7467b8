import Foundation

/// The four states a CheXpert-style observation can take in `train.csv`, MIMIC's
/// `-chexpert.csv` / `-negbio.csv`, and generic one-hot columns.
public enum ObservationState: String, Sendable, Hashable, Codable {
    /// `1.0`: mentioned as present.
    case positive
    /// `0.0`: mentioned as absent.
    case negative
    /// `-1.0`: mentioned with uncertainty.
    case uncertain
    /// Empty field: not mentioned in the report. Kept apart from negative (CheXpert paper, section 3).
    case blank

    /// Reads a field: `1`, `1.0`, `true`, `yes` → positive; `0`, `0.0`, `false`, `no` → negative;
    /// `-1`, `-1.0` → uncertain; empty → blank (any case, surrounding spaces ignored).
    ///
    /// - Parameter field: The CSV field.
    /// - Returns: The state, or `nil` for any other value.
    public init?(field: String) {
        // The released tables write exactly these; the general path below handles hand-made tables.
        // Compared as bytes first: a string `switch` calls the comparison routine once per case.
        let utf8 = field.utf8
        switch utf8.count {
        case 0:
            self = .blank
            return
        case 3:
            var bytes = utf8.makeIterator()
            let (first, dot, last) = (bytes.next(), bytes.next(), bytes.next())
            if dot == UInt8(ascii: "."), last == UInt8(ascii: "0") {
                if first == UInt8(ascii: "1") {
                    self = .positive
                    return
                }
                if first == UInt8(ascii: "0") {
                    self = .negative
                    return
                }
            }
        default: break
        }
        switch field {
        case "1.0": self = .positive
        case "0.0": self = .negative
        case "-1.0": self = .uncertain
        case "": self = .blank
        default: self.init(normalizing: field)
        }
    }

    private init?(normalizing field: String) {
        switch field.trimmingSpaces.lowercased() {
        case "1", "1.0", "true", "yes": self = .positive
        case "0", "0.0", "-0.0", "false", "no": self = .negative
        case "-1", "-1.0": self = .uncertain
        case "": self = .blank
        default: return nil
        }
    }
}

/// How an uncertain (`-1.0`) observation becomes a training target (Irvin et al., *CheXpert*, AAAI 2019, section 4.1).
public enum UncertaintyPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// U-Ones: uncertain counts as positive.
    case ones
    /// U-Zeros: uncertain counts as negative.
    case zeros
    /// U-Ignore: uncertain is masked out of the loss (mask 0, target 0).
    case ignore
}

/// How a blank (not mentioned) observation becomes a training target.
public enum BlankPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Blank counts as negative, the usual reading of "not mentioned".
    case negative
    /// Blank is masked out of the loss (mask 0, target 0).
    case ignore
}

/// The per-class uncertainty policy and the blank policy for one dataset.
///
/// The raw state of every observation is kept in the sample's extras under `"states"` whatever the
/// policy, so U-MultiClass (uncertain as its own class) can be built from the JSON.
public struct ObservationPolicy: Sendable, Hashable, Codable {
    /// The policy for classes not listed in `perClass`.
    ///
    /// Default U-Ignore, which invents no label.
    public var uncertain: UncertaintyPolicy
    /// Overrides by label name.
    ///
    /// For example `["Atelectasis": .ones, "Edema": .ones]`, the paper's best for those two.
    public var perClass: [String: UncertaintyPolicy]
    /// The policy for blank fields (default negative).
    public var blank: BlankPolicy

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - uncertain: The default uncertainty policy.
    ///   - perClass: Overrides by label name.
    ///   - blank: The blank policy.
    public init(
        uncertain: UncertaintyPolicy = .ignore, perClass: [String: UncertaintyPolicy] = [:],
        blank: BlankPolicy = .negative
    ) {
        self.uncertain = uncertain
        self.perClass = perClass
        self.blank = blank
    }

    /// Target and mask bit for one observation of one class.
    ///
    /// - Parameters:
    ///   - state: The observation.
    ///   - label: The class name, for per-class overrides.
    /// - Returns: `(target, mask)`, each 0 or 1.
    public func encode(_ state: ObservationState, label: String) -> (target: UInt8, mask: UInt8) {
        switch state {
        case .positive: return (1, 1)
        case .negative: return (0, 1)
        case .blank: return blank == .negative ? (0, 1) : (0, 0)
        case .uncertain:
            switch perClass[label] ?? uncertain {
            case .ones: return (1, 1)
            case .zeros: return (0, 1)
            case .ignore: return (0, 0)
            }
        }
    }
}
