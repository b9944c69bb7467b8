/// Precomputed weights for resampling one axis: for each output index, a first input index and
/// `taps` normalized weights (zero-padded so every output has the same count).
///
/// Built once per (input size, output size, filter, box) and pure, so it can be cached and shared.
/// Coordinates follow Pillow's `precompute_coeffs`: output pixel `i` is centered on input
/// coordinate `box.lowerBound + (i + 0.5) * scale`; the support is `filter.support * max(scale, 1)`;
/// input indices are clamped to `0..<inputSize` and the weights renormalized (no reflection). The
/// area filter instead uses exact overlap fractions, as OpenCV's `INTER_AREA` does.
public struct ResamplePlan: Sendable, Equatable {
    /// Number of input samples along the axis.
    public let inputSize: Int
    /// Number of output samples along the axis.
    public let outputSize: Int
    /// Weights per output, including zero padding.
    public let taps: Int
    /// First input index of each output's window; `starts[i] + taps <= inputSize`.
    public let starts: [Int]
    /// `outputSize * taps` weights, row by row; each row sums to 1 (up to `Float` rounding).
    public let weights: [Float]
    /// `taps` rounded up to a multiple of 8, for the eight-lane horizontal kernel.
    let laneTaps: Int
    /// `outputSize * laneTaps` weights: ``weights`` with each row zero-padded to `laneTaps`.
    let laneWeights: [Float]
    /// For plans of at most ``gatheredTapLimit`` taps: the weights of each group of eight outputs,
    /// tap-major (`[group][tap][lane]`), so that one vector holds tap `k` of eight outputs. Empty otherwise.
    let gatheredWeights: [Float]

    /// Plans with this many taps or fewer compute eight outputs per vector (gathering their inputs)
    /// instead of one output per vector: a 2x or 4x reduction would otherwise spend most lanes on
    /// zero padding and every output on a horizontal sum.
    static let gatheredTapLimit = 6

    /// Builds the plan.
    ///
    /// - Parameters:
    ///   - inputSize: Input length in pixels, at least 1.
    ///   - outputSize: Output length in pixels, at least 1.
    ///   - filter: The reconstruction filter.
    ///   - box: The input interval mapped onto the output, in input pixel coordinates; the whole
    ///     axis `0...inputSize` by default (a crop otherwise, like Pillow's `box`).
    /// - Complexity: O(outputSize * taps) evaluations of the filter.
    public init(inputSize: Int, outputSize: Int, filter: ResampleFilter, box: ClosedRange<Double>? = nil) {
        precondition(inputSize > 0 && outputSize > 0, "resample sizes must be positive")
        let in0 = box?.lowerBound ?? 0, in1 = box?.upperBound ?? Double(inputSize)
        let scale = (in1 - in0) / Double(outputSize)
        var bounds: [(Int, [Double])] = []
        bounds.reserveCapacity(outputSize)
        if filter.isArea && scale >= 1 {
            for i in 0..<outputSize {
                let a = in0 + Double(i) * scale, b = a + scale
                var lo = Int(a.rounded(.down)), hi = Int(b.rounded(.up))
                lo = max(lo, 0)
                hi = min(hi, inputSize)
                var w: [Double] = []
                for j in lo..<max(hi, lo + 1) {
                    w.append(max(0, min(b, Double(j + 1)) - max(a, Double(j))))
                }
                // Drop negligible slivers (OpenCV ignores overlaps below 1e-3 pixel too).
                while w.count > 1, let last = w.last, last < 1e-9 { w.removeLast() }
                while w.count > 1, let first = w.first, first < 1e-9 { w.removeFirst(); lo += 1 }
                bounds.append((lo, w))
            }
        } else {
            let filterScale = max(scale, 1)
            let support = filter.support * filterScale
            let ss = 1 / filterScale
            for i in 0..<outputSize {
                let center = in0 + (Double(i) + 0.5) * scale
                var xmin = Int(center - support + 0.5)  // truncation toward zero, as Pillow's (int)
                if xmin < 0 { xmin = 0 }
                var xmax = Int(center + support + 0.5)
                if xmax > inputSize { xmax = inputSize }
                if xmax <= xmin { xmax = min(xmin + 1, inputSize); xmin = xmax - 1 }
                var w = (xmin..<xmax).map { filter.weight((Double($0) - center + 0.5) * ss) }
                if w.allSatisfy({ $0 == 0 }) { w = w.map { _ in 0 }; w[w.count / 2] = 1 }
                bounds.append((xmin, w))
            }
        }
        // A loop, not `bounds.map(\.1.count).max()`: that key path is projected generically per
        // element, which made building the two plans of a 512 resize cost 0.3 ms (perf).
        var taps = bounds.isEmpty ? 1 : 0
        for (_, w) in bounds { taps = max(taps, w.count) }
        var starts = [Int](repeating: 0, count: outputSize)
        var weights = [Float](repeating: 0, count: outputSize * taps)
        for (i, (first, w)) in bounds.enumerated() {
            let total = w.reduce(0, +)
            let start = min(first, max(inputSize - taps, 0))
            starts[i] = start
            for (k, value) in w.enumerated() {
                weights[i * taps + (first - start) + k] = Float(total != 0 ? value / total : value)
            }
        }
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.taps = taps
        self.starts = starts
        self.weights = weights
        let laneTaps = (taps + 7) / 8 * 8
        var laneWeights = [Float](repeating: 0, count: outputSize * laneTaps)
        for i in 0..<outputSize {
            for k in 0..<taps { laneWeights[i * laneTaps + k] = weights[i * taps + k] }
        }
        self.laneTaps = laneTaps
        self.laneWeights = laneWeights
        var gathered: [Float] = []
        if taps <= Self.gatheredTapLimit {
            let groups = outputSize / 8
            gathered = [Float](repeating: 0, count: groups * taps * 8)
            for g in 0..<groups {
                for k in 0..<taps {
                    for lane in 0..<8 { gathered[(g * taps + k) * 8 + lane] = weights[(g * 8 + lane) * taps + k] }
                }
            }
        }
        self.gatheredWeights = gathered
    }
}
