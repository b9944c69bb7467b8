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
    ///
    /// - Complexity: O(width x height): one pass, no allocation per row.
    init(plane: [Float], width: Int, height: Int) {
        precondition(plane.count == width * height, "plane and size differ")
        pixels = width * height
        let side = Self.reducedSide
        let columns = AreaWeights(input: width, output: side)
        let rows = AreaWeights(input: height, output: side)
        var rowSums = [Double](repeating: 0, count: side)
        var histogram = [Int](repeating: 0, count: 256)
        var atFloor = 0, atCeiling = 0
        var low = Float.infinity, high = -Float.infinity
        var reduced = [Double](repeating: 0, count: side * side)
        plane.withUnsafeBufferPointer { plane in
            histogram.withUnsafeMutableBufferPointer { histogram in
                rowSums.withUnsafeMutableBufferPointer { rowSums in
                    columns.first.withUnsafeBufferPointer { first in
                        columns.cells.withUnsafeBufferPointer { cells in
                            columns.weights.withUnsafeBufferPointer { weights in
                                for y in 0..<height {
                                    let base = y &* width
                                    for i in 0..<side { rowSums[i] = 0 }
                                    for x in 0..<width {
                                        let v = min(max(plane[base &+ x], 0), 255)
                                        histogram[Int(v)] &+= 1
                                        if v <= 0 { atFloor &+= 1 }
                                        if v >= 255 { atCeiling &+= 1 }
                                        low = min(low, v)
                                        high = max(high, v)
                                        // Area sums with the fractional coverage weights cv2's
                                        // INTER_AREA uses, so any size reduces exactly to 32x32.
                                        let d = Double(v)
                                        var e = first[x]
                                        let end = first[x &+ 1]
                                        while e < end {
                                            rowSums[cells[e]] += d * weights[e]
                                            e &+= 1
                                        }
                                    }
                                    for (cell, weight) in rows.contributions(of: y) {
                                        let r = cell &* side
                                        for i in 0..<side { reduced[r &+ i] += rowSums[i] * weight }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let area = Double(width) * Double(height) / Double(side * side)
        for i in reduced.indices { reduced[i] /= area }
        self.histogram = histogram
        self.atFloor = atFloor
        self.atCeiling = atCeiling
        minimum = low
        maximum = high
        self.reduced = reduced
    }
}

/// Gray planes of the output sample types: one channel as is, three as BT.601 luma, on the 0...255
/// scale through `offset` and `scale` (`(sample - offset) * scale`). One concrete loop per type, so
/// no generic sample access is left in the per-pixel code.
enum GrayPlane {
    static func of(_ b: PixelBuffer<UInt8>, offset: Float = 0, scale: Float = 1) -> [Float] {
        b.withUnsafeBufferPointer { s in plane(count: b.pixelCount, channels: b.channels, offset: offset, scale: scale) { Float(s[$0]) } }
    }

    /// 16-bit samples divided by 257 (65535 / 257 = 255), so 257 k lands exactly on k.
    static func of(_ b: PixelBuffer<UInt16>) -> [Float] {
        b.withUnsafeBufferPointer { s in plane(count: b.pixelCount, channels: b.channels, offset: 0, scale: 1) { Float(s[$0]) / 257 } }
    }

    static func of(_ b: PixelBuffer<Float>, offset: Float = 0, scale: Float = 1) -> [Float] {
        b.withUnsafeBufferPointer { s in plane(count: b.pixelCount, channels: b.channels, offset: offset, scale: scale) { s[$0] } }
    }

    static func of(_ b: PixelBuffer<Float16>, offset: Float = 0, scale: Float = 1) -> [Float] {
        b.withUnsafeBufferPointer { s in plane(count: b.pixelCount, channels: b.channels, offset: offset, scale: scale) { Float(s[$0]) } }
    }

    @inline(__always)
    private static func plane(
        count: Int, channels: Int, offset: Float, scale: Float, _ load: (Int) -> Float
    ) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { out, initialized in
            if channels >= 3 {
                for i in 0..<count {
                    let p = i &* channels
                    out[i] = ((load(p) * 0.299 + load(p &+ 1) * 0.587) + load(p &+ 2) * 0.114 - offset) * scale
                }
            } else {
                for i in 0..<count { out[i] = (load(i &* channels) - offset) * scale }
            }
            initialized = count
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

    /// (cell, weight) pairs of input index `index`.
    func contributions(of index: Int) -> [(Int, Double)] {
        (first[index]..<first[index + 1]).map { (cells[$0], weights[$0]) }
    }
}
