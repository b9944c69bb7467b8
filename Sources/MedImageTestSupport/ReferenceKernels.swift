import Foundation
import MedImage

/// Plain scalar `Double` implementations of every MedKernels kernel.
///
/// Written from the formulas (the standard, Pillow's and OpenCV's documented conventions), not
/// from the kernels. Tests compare the kernels with these; benchmarks time them as the "scalar reference" side of each ratio.
///
/// Images are `[Double]`, row-major, channels interleaved. Nothing here is fast on purpose.
public enum ReferenceKernels {
    /// Rounds half to even and clamps to `0...top`: the quantization every integer output uses.
    public static func quantize(_ v: Double, top: Double) -> Double {
        min(max(v, 0), top).rounded(.toNearestOrEven)
    }

    /// The presentation value of one stored value through modality LUT and VOI window, with
    /// MONOCHROME1 inversion, for output range `0...ymax` (PS3.3 C.11.1, C.11.2.1.2).
    public static func windowed(
        _ stored: Double, modality: ModalityLUT, window: VOIWindow, ymax: Double,
        invert: Bool
    ) -> Double {
        let y = window.mapped(modality(stored), ymin: 0, ymax: ymax)
        return invert ? ymax - y : y
    }

    /// Windows a whole image per pixel in `Double` and quantizes to `0...ymax`.
    public static func windowImage(
        _ stored: [Double], modality: ModalityLUT, window: VOIWindow, ymax: Double,
        invert: Bool
    ) -> [Double] {
        stored.map { quantize(windowed($0, modality: modality, window: window, ymax: ymax, invert: invert), top: ymax) }
    }

    /// numpy's `percentile(..., method="linear")` by sorting.
    public static func percentile(_ values: [Double], _ p: Double) -> Double {
        let s = values.sorted()
        let pos = p / 100 * Double(s.count - 1)
        let lo = Int(pos.rounded(.down)), hi = min(lo + 1, s.count - 1)
        return s[lo] + (s[hi] - s[lo]) * (pos - Double(lo))
    }

    /// Mean and population standard deviation.
    public static func meanAndDeviation(_ values: [Double]) -> (Double, Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return (mean, variance.squareRoot())
    }

    /// Pillow's filters, from `Resample.c`'s definitions.
    public static func filterWeight(_ name: String, _ x: Double) -> Double {
        let t = abs(x)
        switch name {
        case "bilinear": return t < 1 ? 1 - t : 0
        case "bicubic":
            let a = -0.5
            if t < 1 { return ((a + 2) * t - (a + 3)) * t * t + 1 }
            if t < 2 { return (((t - 5) * t + 8) * t - 4) * a }
            return 0
        case "lanczos3":
            if t >= 3 { return 0 }
            if t == 0 { return 1 }
            return 3 * sin(.pi * t) * sin(.pi * t / 3) / (.pi * .pi * t * t)
        default: preconditionFailure("unknown filter \(name)")
        }
    }

    /// Pillow's support radius per filter.
    public static func filterSupport(_ name: String) -> Double {
        ["bilinear": 1, "bicubic": 2, "lanczos3": 3][name] ?? 0.5
    }

    /// Weights of input samples `0..<inSize` for output `i` along one axis (dense, normalized).
    ///
    /// Area: exact overlap of `[i * s, (i + 1) * s)` with each input pixel. Others: Pillow's
    /// `precompute_coeffs` with the support stretched by the reduction factor.
    public static func axisWeights(_ name: String, inSize: Int, outSize: Int, box: ClosedRange<Double>? = nil)
        -> [[Double]]
    {
        let in0 = box?.lowerBound ?? 0, in1 = box?.upperBound ?? Double(inSize)
        let scale = (in1 - in0) / Double(outSize)
        return (0..<outSize).map { i in
            var w = [Double](repeating: 0, count: inSize)
            if name == "area" {
                let a = in0 + Double(i) * scale, b = a + scale
                for j in 0..<inSize { w[j] = max(0, min(b, Double(j + 1)) - max(a, Double(j))) }
            } else {
                let fs = max(scale, 1), support = filterSupport(name) * fs
                let center = in0 + (Double(i) + 0.5) * scale
                let lo = max(Int(center - support + 0.5), 0), hi = min(Int(center + support + 0.5), inSize)
                for j in lo..<max(hi, lo) { w[j] = filterWeight(name, (Double(j) - center + 0.5) / fs) }
            }
            let total = w.reduce(0, +)
            return total == 0 ? w : w.map { $0 / total }
        }
    }

    /// Separable resampling in `Double`, horizontal then vertical, no intermediate rounding.
    public static func resize(
        _ image: [Double], width: Int, height: Int, channels: Int, outWidth: Int, outHeight: Int,
        filter: String, boxX: ClosedRange<Double>? = nil, boxY: ClosedRange<Double>? = nil
    ) -> [Double] {
        // Only the nonzero span of each dense weight row is kept, so the loops are O(taps), not O(size).
        func sparse(_ dense: [[Double]]) -> [(Int, [Double])] {
            dense.map { w in
                let first = w.firstIndex { $0 != 0 } ?? 0, last = w.lastIndex { $0 != 0 } ?? 0
                return (first, Array(w[first...last]))
            }
        }
        let wx = sparse(axisWeights(filter, inSize: width, outSize: outWidth, box: boxX))
        let wy = sparse(axisWeights(filter, inSize: height, outSize: outHeight, box: boxY))
        var tmp = [Double](repeating: 0, count: outWidth * height * channels)
        for y in 0..<height {
            for ox in 0..<outWidth {
                let (first, w) = wx[ox]
                for c in 0..<channels {
                    var s = 0.0
                    for k in w.indices { s += w[k] * image[(y * width + first + k) * channels + c] }
                    tmp[(y * outWidth + ox) * channels + c] = s
                }
            }
        }
        var out = [Double](repeating: 0, count: outWidth * outHeight * channels)
        for oy in 0..<outHeight {
            let (first, w) = wy[oy]
            for ox in 0..<outWidth {
                for c in 0..<channels {
                    var s = 0.0
                    for k in w.indices { s += w[k] * tmp[((first + k) * outWidth + ox) * channels + c] }
                    out[(oy * outWidth + ox) * channels + c] = s
                }
            }
        }
        return out
    }

    /// Mean of each `fx` x `fy` block, partial blocks at the right and bottom averaging what is present.
    public static func boxReduce(_ image: [Double], width: Int, height: Int, channels: Int, fx: Int, fy: Int)
        -> [Double]
    {
        let ow = (width + fx - 1) / fx, oh = (height + fy - 1) / fy
        var out = [Double](repeating: 0, count: ow * oh * channels)
        for oy in 0..<oh {
            for ox in 0..<ow {
                for c in 0..<channels {
                    var s = 0.0, n = 0.0
                    for y in oy * fy..<min(oy * fy + fy, height) {
                        for x in ox * fx..<min(ox * fx + fx, width) {
                            s += image[(y * width + x) * channels + c]
                            n += 1
                        }
                    }
                    out[(oy * ow + ox) * channels + c] = s / n
                }
            }
        }
        return out
    }

    /// Index of output pixel's source for a flip or a counterclockwise quarter turn.
    public static func permuted(
        _ image: [Double], width: Int, height: Int, channels: Int,
        transform: (_ x: Int, _ y: Int) -> (Int, Int), outWidth: Int, outHeight: Int
    ) -> [Double] {
        var out = [Double](repeating: 0, count: image.count)
        for y in 0..<outHeight {
            for x in 0..<outWidth {
                let (sx, sy) = transform(x, y)
                for c in 0..<channels {
                    out[(y * outWidth + x) * channels + c] = image[(sy * width + sx) * channels + c]
                }
            }
        }
        return out
    }

    /// Border handling: `constant` (nil), `edge` (clamp) or `reflect` (`dcb|abcd|cba`).
    public static func borderIndex(_ i: Int, _ n: Int, mode: String) -> Int? {
        if i >= 0 && i < n { return i }
        switch mode {
        case "edge": return min(max(i, 0), n - 1)
        case "reflect":
            if n == 1 { return 0 }
            var j = i
            while j < 0 || j >= n { j = j < 0 ? -j : 2 * (n - 1) - j }
            return j
        default: return nil
        }
    }

    /// Bilinear sampling through `matrix` (output → input), in `Double`.
    public static func affine(
        _ image: [Double], width: Int, height: Int, channels: Int, matrix m: [Double],
        border: String, fill: Double = 0
    ) -> [Double] {
        var out = [Double](repeating: 0, count: image.count)
        for y in 0..<height {
            for x in 0..<width {
                let sx = m[0] * Double(x) + m[1] * Double(y) + m[2], sy = m[3] * Double(x) + m[4] * Double(y) + m[5]
                let x0 = Int(sx.rounded(.down)), y0 = Int(sy.rounded(.down))
                let tx = sx - Double(x0), ty = sy - Double(y0)
                for c in 0..<channels {
                    func tap(_ xi: Int, _ yi: Int) -> Double {
                        guard let a = borderIndex(xi, width, mode: border),
                            let b = borderIndex(yi, height, mode: border)
                        else { return fill }
                        return image[(b * width + a) * channels + c]
                    }
                    let v =
                        tap(x0, y0) * (1 - tx) * (1 - ty) + tap(x0 + 1, y0) * tx * (1 - ty)
                        + tap(x0, y0 + 1) * (1 - tx) * ty + tap(x0 + 1, y0 + 1) * tx * ty
                    out[(y * width + x) * channels + c] = v
                }
            }
        }
        return out
    }

    /// Brightness, contrast, gamma on `t` in `0...1`, clipped after each step.
    public static func jitter(_ t: Double, brightness: Double, contrast: Double, gamma: Double) -> Double {
        let a = min(max(t + brightness, 0), 1)
        let b = min(max((a - 0.5) * contrast + 0.5, 0), 1)
        return pow(b, gamma)
    }
}
