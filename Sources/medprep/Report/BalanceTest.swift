import Foundation

/// Pearson's chi-square test of independence between split and a categorical variable, and the
/// plain-language verdict the report prints.
///
/// The statistic is `sum (observed - expected)^2 / expected` over the splits x categories table
/// (rows and columns without counts dropped), with `(rows - 1)(columns - 1)` degrees of freedom and
/// no continuity correction (scipy's `chi2_contingency(..., correction=False)`). The p-value is the
/// chi-square survival function, the regularized upper incomplete gamma `Q(df/2, x/2)`.
struct BalanceTest: Codable, Equatable {
    /// What was tested: `sex`, `view`, `age (10-year bins)`, a label name.
    var variable: String
    var statistic: Double
    var degreesOfFreedom: Int
    var pValue: Double
    /// The smallest expected count; under 5 the chi-square approximation is rough.
    var smallestExpected: Double
    /// One sentence for a person.
    var verdict: String

    /// Tests `table[split][category]`; `nil` when fewer than two splits or two categories have counts.
    init?(variable: String, table: [[Int]]) {
        let rows = table.filter { $0.reduce(0, +) > 0 }
        guard let width = rows.first?.count else { return nil }
        let columns = (0..<width).filter { c in rows.contains { $0[c] > 0 } }
        guard rows.count >= 2, columns.count >= 2 else { return nil }
        let rowTotals = rows.map { row in columns.reduce(0) { $0 + row[$1] } }
        let columnTotals = columns.map { c in rows.reduce(0) { $0 + $1[c] } }
        let total = Double(rowTotals.reduce(0, +))
        var statistic = 0.0, smallest = Double.infinity
        for (r, row) in rows.enumerated() {
            for (k, c) in columns.enumerated() {
                let expected = Double(rowTotals[r]) * Double(columnTotals[k]) / total
                smallest = min(smallest, expected)
                let d = Double(row[c]) - expected
                statistic += d * d / expected
            }
        }
        self.variable = variable
        self.statistic = statistic
        degreesOfFreedom = (rows.count - 1) * (columns.count - 1)
        pValue = Self.chiSquareSurvival(statistic, degreesOfFreedom: degreesOfFreedom)
        smallestExpected = smallest
        let shown = String(format: "chi-square %.2f, df %d, p = %@", statistic, degreesOfFreedom, Self.format(pValue))
        var sentence: String
        if pValue < 0.001 {
            sentence = "The splits differ in \(variable) (\(shown)): far more than a random patient split would give."
        } else if pValue < 0.05 {
            sentence = "The splits may differ in \(variable) (\(shown)); look at the table before training."
        } else {
            sentence = "No evidence that the splits differ in \(variable) (\(shown))."
        }
        if smallest < 5 { sentence += " Some expected counts are under 5, so the p-value is approximate." }
        verdict = sentence
    }

    /// A p-value as text: three significant digits, or `< 1e-300`.
    static func format(_ p: Double) -> String {
        p < 1e-300 ? "< 1e-300" : (p < 0.001 ? String(format: "%.2e", p) : String(format: "%.3f", p))
    }

    /// P(X > x) for X ~ chi-square(df).
    static func chiSquareSurvival(_ x: Double, degreesOfFreedom df: Int) -> Double {
        guard x > 0 else { return 1 }
        return regularizedUpperGamma(Double(df) / 2, x / 2)
    }

    /// Q(a, x), by the series for x < a + 1 and Lentz's continued fraction otherwise (Numerical
    /// Recipes, 3rd ed., 6.2), to about 1e-14 relative.
    static func regularizedUpperGamma(_ a: Double, _ x: Double) -> Double {
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a, sum = term, n = a
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logPrefix) * h
    }
}
