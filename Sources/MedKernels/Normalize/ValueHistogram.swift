/// The distribution of an image's modality values: distinct values with their counts.
///
/// Built in O(n) from a histogram of stored values (``HistogramKernel``), then O(bins) to sort
/// the distinct values. Percentiles use numpy's default linear interpolation between order statistics.
public struct ValueHistogram: Sendable, Equatable {
    /// Distinct values, ascending.
    public let values: [Double]
    /// Cumulative counts: `cumulativeCounts[i]` values are `<= values[i]`.
    public let cumulativeCounts: [Double]

    /// Builds from (value, count) pairs in any order; pairs with zero count are ignored.
    public init(pairs: [(value: Double, count: Int)]) {
        var merged: [(Double, Int)] = pairs.filter { $0.count > 0 }.map { ($0.value, $0.count) }
        merged.sort { $0.0 < $1.0 }
        var values: [Double] = [], cumulative: [Double] = []
        var total = 0.0
        for (v, c) in merged {
            total += Double(c)
            if let last = values.last, last == v {
                cumulative[cumulative.count - 1] = total
            } else {
                values.append(v)
                cumulative.append(total)
            }
        }
        if values.isEmpty { values = [0]; cumulative = [1] }
        self.values = values
        self.cumulativeCounts = cumulative
    }

    /// Number of samples.
    public var count: Double { cumulativeCounts.last ?? 0 }
    /// Smallest value.
    public var minimum: Double { values.first ?? 0 }
    /// Largest value.
    public var maximum: Double { values.last ?? 0 }

    /// Mean value.
    public var mean: Double {
        var sum = 0.0, previous = 0.0
        for (v, c) in zip(values, cumulativeCounts) { sum += v * (c - previous); previous = c }
        return sum / count
    }

    /// Population standard deviation (numpy's default `ddof=0`).
    public var standardDeviation: Double {
        let m = mean
        var sum = 0.0, previous = 0.0
        for (v, c) in zip(values, cumulativeCounts) { sum += (v - m) * (v - m) * (c - previous); previous = c }
        return (sum / count).squareRoot()
    }

    /// The `p`-th percentile, `p` in 0...100, interpolating linearly between order statistics.
    public func percentile(_ p: Double) -> Double {
        let position = p / 100 * (count - 1)
        let below = position.rounded(.down), fraction = position - below
        let a = orderStatistic(below), b = fraction > 0 ? orderStatistic(below + 1) : a
        return a + (b - a) * fraction
    }

    /// The value at 0-based rank `k` of the sorted samples.
    func orderStatistic(_ k: Double) -> Double {
        var lo = 0, hi = values.count - 1  // first i with cumulativeCounts[i] > k
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulativeCounts[mid] > k { hi = mid } else { lo = mid + 1 }
        }
        return values[lo]
    }
}
