import MedImage

/// One pass over an output image: its gray histogram, extreme counts, and a 32x32 area reduction.
///
/// Gray is the sample itself for one channel and ITU-R BT.601 luma (`0.299 R + 0.587 G + 0.114 B`,
/// as Pillow's `convert("L")` weights it) for three. Values are taken on a 0...255 scale: integer
/// samples are divided by their type's maximum (255 or 65535), floating-point samples by 1, or by
/// their own range when they leave 0...1 (``QualityMeasures/Scale``).
struct GrayScan {
    /// Side of the reduced image the perceptual hash reads.
    static let reducedSide = 32

    /// Counts of gray values per 1/256 of the range (bin `min(255, Int(value))`).
    var histogram = [Int](repeating: 0, count: 256)
    /// Pixels at the bottom (0) and at the top (255) of the scale, exactly.
    var atFloor = 0
    var atCeiling = 0
    var minimum = Float.infinity
    var maximum = -Float.infinity
    /// The 32x32 area mean of gray values on the 0...255 scale, row-major.
    var reduced = [Double](repeating: 0, count: reducedSide * reducedSide)
    var pixels = 0

    /// An empty scan of `pixels` pixels, for the specialized scans to fill.
    init(empty pixels: Int) { self.pixels = pixels }

    /// Scans a gray plane of `width x height` values on the 0...255 scale (clamped here).
    init(plane: [Float], width: Int, height: Int) {
        precondition(plane.count == width * height, "plane and size differ")
        self = plane.withUnsafeBufferPointer { plane in
            GrayScan(width: width, height: height) { y, row in
                for x in 0..<width { row[x] = plane[y &* width &+ x] }
            }
        }
    }

    /// Scans an image row by row: `fill(y, row)` writes row `y`'s gray values on the 0...255 scale
    /// into `row` (`width` values), which is reused, so no plane of the image is allocated.
    ///
    /// - Complexity: O(width x height): one pass, no allocation per row.
    init(width: Int, height: Int, fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) {
        pixels = width * height
        var histogram = [Int](repeating: 0, count: 256)
        var atFloor = 0, atCeiling = 0
        var low = Float.infinity, high = -Float.infinity
        var gray = [Float](repeating: 0, count: width)
        reduced = gray.withUnsafeMutableBufferPointer { plane in
            histogram.withUnsafeMutableBufferPointer { histogram in
                Self.reduce(width: width, height: height, divisor: 1) { y, rowSums, cells in
                    fill(y, plane)
                    for x in 0..<width {
                        let v = min(max(plane[x], 0), 255)
                        plane[x] = v
                        histogram[Int(v)] &+= 1
                        atFloor &+= v <= 0 ? 1 : 0
                        atCeiling &+= v >= 255 ? 1 : 0
                        low = min(low, v)
                        high = max(high, v)
                    }
                    // Area sums with the fractional coverage weights cv2's INTER_AREA uses, so any
                    // size reduces exactly to 32x32; each cell adds its pixels in increasing x.
                    for c in 0..<Self.reducedSide {
                        var s = 0.0
                        var p = cells.partFirst[2 &* c]
                        let before = cells.partFirst[2 &* c &+ 1], after = cells.partFirst[2 &* c &+ 2]
                        while p < before {
                            s += Double(plane[cells.partIndex[p]]) * cells.partWeight[p]
                            p &+= 1
                        }
                        for x in cells.runStart[c]..<cells.runEnd[c] { s += Double(plane[x]) }
                        while p < after {
                            s += Double(plane[cells.partIndex[p]]) * cells.partWeight[p]
                            p &+= 1
                        }
                        rowSums[c] = s
                    }
                }
            }
        }
        self.histogram = histogram
        self.atFloor = atFloor
        self.atCeiling = atCeiling
        minimum = low
        maximum = high
    }
}

/// Gray rows of the output sample types: one channel as is, three as BT.601 luma, on the 0...255
/// scale through `offset` and `scale` (`(sample - offset) * scale`). One concrete loop per type, so
/// no generic sample access is left in the per-pixel code, and rows go straight into the scan.
enum GrayPlane {
    static func scan(_ b: PixelBuffer<UInt8>, offset: Float = 0, scale: Float = 1) -> GrayScan {
        b.withUnsafeBufferPointer { s in rows(b, offset: offset, scale: scale) { Float(s[$0]) } }
    }

    /// 16-bit samples divided by 257 (65535 / 257 = 255), so 257 k lands exactly on k.
    static func scan(_ b: PixelBuffer<UInt16>) -> GrayScan {
        b.withUnsafeBufferPointer { s in rows(b, offset: 0, scale: 1) { Float(s[$0]) / 257 } }
    }

    static func scan(_ b: PixelBuffer<Float>, offset: Float = 0, scale: Float = 1) -> GrayScan {
        b.withUnsafeBufferPointer { s in rows(b, offset: offset, scale: scale) { s[$0] } }
    }

    static func scan(_ b: PixelBuffer<Float16>, offset: Float = 0, scale: Float = 1) -> GrayScan {
        b.withUnsafeBufferPointer { s in rows(b, offset: offset, scale: scale) { Float(s[$0]) } }
    }

    /// The plane of an 8-bit image (for tests of the fast path).
    static func of(_ b: PixelBuffer<UInt8>) -> [Float] { b.samples.map { Float($0) } }

    @inline(__always)
    private static func rows<S>(_ b: PixelBuffer<S>, offset: Float, scale: Float, _ load: (Int) -> Float) -> GrayScan {
        let width = b.width, channels = b.channels
        return GrayScan(width: width, height: b.height) { y, out in
            let first = y &* width
            if channels >= 3 {
                for x in 0..<width {
                    let p = (first &+ x) &* channels
                    out[x] = ((load(p) * 0.299 + load(p &+ 1) * 0.587) + load(p &+ 2) * 0.114 - offset) * scale
                }
            } else {
                for x in 0..<width { out[x] = (load((first &+ x) &* channels) - offset) * scale }
            }
        }
    }
}

/// Fractional coverage of each input index by each output cell when `input` samples are averaged
/// down (or spread up) to `output` cells of equal width, flattened (CSR) so the per-pixel loop reads
/// two plain arrays.
struct AreaWeights {
    /// Entries of input index `i` are `first[i] ..< first[i + 1]`.
    private(set) var first: [Int]
    private(set) var cells: [Int]
    private(set) var weights: [Double]

    init(input: Int, output: Int) {
        let step = Double(input) / Double(output)
        var lists = Array(repeating: [(Int, Double)](), count: input)
        for cell in 0..<output {
            let start = Double(cell) * step, end = start + step
            var i = Int(start)
            while i < input, Double(i) < end {
                let overlap = min(end, Double(i + 1)) - max(start, Double(i))
                if overlap > 1e-12 { lists[i].append((cell, overlap)) }
                i += 1
            }
        }
        first = [0]
        cells = []
        weights = []
        for list in lists {
            for (cell, weight) in list {
                cells.append(cell)
                weights.append(weight)
            }
            first.append(cells.count)
        }
    }
}
