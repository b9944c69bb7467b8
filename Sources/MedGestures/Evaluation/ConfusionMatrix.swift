import Foundation

/// Counts of true against predicted gestures, with accuracy, precision and recall.
public struct ConfusionMatrix: Hashable, Sendable {
    /// The gestures in row and column order (every gesture, ``Gesture/none`` last).
    public let gestures: [Gesture] = Gesture.allCases
    /// `counts[truth][predicted]`.
    public private(set) var counts: [Gesture: [Gesture: Int]] = [:]

    /// Creates an empty matrix.
    public init() {}

    /// Creates a matrix from pairs.
    ///
    /// - Parameter pairs: (truth, prediction) pairs.
    public init(_ pairs: [(truth: Gesture, predicted: Gesture)]) {
        for pair in pairs { add(truth: pair.truth, predicted: pair.predicted) }
    }

    /// Adds one decision.
    ///
    /// - Parameters:
    ///   - truth: The true gesture.
    ///   - predicted: The predicted gesture.
    public mutating func add(truth: Gesture, predicted: Gesture) {
        counts[truth, default: [:]][predicted, default: 0] += 1
    }

    /// Adds every decision of another matrix.
    ///
    /// - Parameter other: Another matrix.
    public mutating func add(_ other: ConfusionMatrix) {
        for (truth, row) in other.counts {
            for (predicted, n) in row { counts[truth, default: [:]][predicted, default: 0] += n }
        }
    }

    /// The number of decisions.
    public var total: Int { counts.values.reduce(0) { $0 + $1.values.reduce(0, +) } }

    /// The fraction of correct decisions, 0...1; 0 when empty.
    public var accuracy: Double {
        let correct = gestures.reduce(0) { $0 + (counts[$1]?[$1] ?? 0) }
        return total > 0 ? Double(correct) / Double(total) : 0
    }

    /// Of the decisions for `gesture`, the fraction that were right; nil when never predicted.
    ///
    /// - Parameter gesture: A gesture.
    public func precision(_ gesture: Gesture) -> Double? {
        let predicted = gestures.reduce(0) { $0 + (counts[$1]?[gesture] ?? 0) }
        return predicted > 0 ? Double(counts[gesture]?[gesture] ?? 0) / Double(predicted) : nil
    }

    /// Of the true `gesture` cases, the fraction found; nil when absent from the truth.
    ///
    /// - Parameter gesture: A gesture.
    public func recall(_ gesture: Gesture) -> Double? {
        let actual = counts[gesture]?.values.reduce(0, +) ?? 0
        return actual > 0 ? Double(counts[gesture]?[gesture] ?? 0) / Double(actual) : nil
    }

    /// A fixed-width text table: per-class precision and recall, then the matrix (rows truth).
    public var table: String {
        let present = gestures.filter { g in
            (counts[g]?.isEmpty == false) || gestures.contains { counts[$0]?[g] != nil }
        }
        func pct(_ v: Double?) -> String { v.map { String(format: "%6.1f%%", $0 * 100) } ?? "      -" }
        var out = String(format: "accuracy %.1f%% (%d decisions)\n\n", accuracy * 100, total)
        out += "class           precision  recall  support\n"
        for g in present {
            let support = counts[g]?.values.reduce(0, +) ?? 0
            out +=
                g.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0) + "  " + pct(precision(g)) + "  "
                + pct(recall(g))
                + String(format: "  %7d\n", support)
        }
        out += "\nconfusion (rows: truth, columns: predicted)\n"
        let short = present.map { String($0.rawValue.prefix(7)).padding(toLength: 8, withPad: " ", startingAt: 0) }
        out += "                " + short.joined() + "\n"
        for t in present {
            out += t.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)
            for p in present { out += String(counts[t]?[p] ?? 0).padding(toLength: 8, withPad: " ", startingAt: 0) }
            out += "\n"
        }
        return out
    }

    /// The matrix and metrics as JSON.
    package var json: JSONValue {
        let present = gestures.filter { g in
            (counts[g]?.isEmpty == false) || gestures.contains { counts[$0]?[g] != nil }
        }
        let perClass = JSONValue.object(
            present.map { g in
                (
                    g.rawValue,
                    JSONValue.object([
                        ("precision", precision(g).map(JSONValue.number) ?? .null),
                        ("recall", recall(g).map(JSONValue.number) ?? .null),
                        ("support", .number(Double(counts[g]?.values.reduce(0, +) ?? 0))),
                    ])
                )
            })
        let matrix = JSONValue.object(
            present.map { t in
                (
                    t.rawValue,
                    JSONValue.object(present.map { p in (p.rawValue, JSONValue.number(Double(counts[t]?[p] ?? 0))) })
                )
            })
        return .object([
            ("accuracy", .number(accuracy)), ("total", .number(Double(total))), ("classes", perClass),
            ("confusion", matrix),
        ])
    }
}
