/// Integer box reduction: each output pixel is the mean of a `factorX` x `factorY` block.
///
/// libvips's `shrink` before `reduce`: a large reduction first averages whole blocks (cheap, exact),
/// then a ``ResamplePlan`` handles the remaining fractional factor. Edge blocks that run past the
/// input average only the pixels present (as Pillow's `reduce`). The output is `Float` in the
/// input's units, so no rounding happens between the two steps.
enum AreaReduceKernel {
    /// Output size for one axis: `ceil(size / factor)`.
    static func reducedSize(_ size: Int, factor: Int) -> Int { (size + factor - 1) / factor }

    /// Reduces `source` (`width` x `height` x `channels`, rows of `rowStride` samples) into `destination`.
    ///
    /// - Parameters:
    ///   - destination: `reducedSize(width) * reducedSize(height) * channels` floats.
    ///   - row: Scratch of `width * channels` floats.
    /// - Complexity: O(width * height * channels); no allocation.
    static func reduce<In: KernelSample>(
        _ source: UnsafeRawPointer, as _: In.Type, width: Int, height: Int, channels: Int, rowStride: Int,
        factorX: Int, factorY: Int, into destination: UnsafeMutablePointer<Float>, row: UnsafeMutablePointer<Float>
    ) {
        precondition(factorX >= 1 && factorY >= 1, "reduction factors must be at least 1")
        let outW = reducedSize(width, factor: factorX), outH = reducedSize(height, factor: factorY)
        let count = width &* channels
        let r = UnsafeMutableRawPointer(row)
        for oy in 0..<outH {
            let y0 = oy &* factorY, rows = min(factorY, height &- y0)
            var x = 0
            while x &+ 8 <= count {
                var acc = SIMD8<Float>()
                var index = y0 &* rowStride &+ x
                for _ in 0..<rows {
                    acc += In.load8(source, index)
                    index &+= rowStride
                }
                r.storeBytes(of: acc, toByteOffset: x &* 4, as: SIMD8<Float>.self)
                x &+= 8
            }
            while x < count {
                var acc: Float = 0
                var index = y0 &* rowStride &+ x
                for _ in 0..<rows {
                    acc += In.load1(source, index)
                    index &+= rowStride
                }
                row[x] = acc
                x &+= 1
            }
            let out = destination + oy &* outW &* channels
            for ox in 0..<outW {
                let x0 = ox &* factorX, cols = min(factorX, width &- x0)
                let scale = 1 / Float(cols &* rows)
                for c in 0..<channels {
                    var acc: Float = 0
                    var i = x0 &* channels &+ c
                    for _ in 0..<cols {
                        acc += row[i]
                        i &+= channels
                    }
                    out[ox &* channels &+ c] = acc * scale
                }
            }
        }
    }
}
