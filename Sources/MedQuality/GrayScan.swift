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

    /// Scans `buffer`, whose samples are mapped onto 0...255 by `offset` and `scale` (`(s - offset) * scale`).
    init<S: BitwiseCopyable & Sendable>(_ buffer: PixelBuffer<S>, offset: Float, scale: Float, value: (S) -> Float) {
        let width = buffer.width, height = buffer.height, channels = buffer.channels
        pixels = width * height
        let columns = AreaWeights(input: width, output: Self.reducedSide)
        let rows = AreaWeights(input: height, output: Self.reducedSide)
        var gray = [Float](repeating: 0, count: width)
        var rowSums = [Double](repeating: 0, count: Self.reducedSide)
        buffer.withUnsafeBufferPointer { samples in
            for y in 0..<height {
                let base = y &* width &* channels
                if channels >= 3 {
                    for x in 0..<width {
                        let p = base &+ x &* channels
                        let r = value(samples[p]), g = value(samples[p &+ 1]), b = value(samples[p &+ 2])
                        gray[x] = ((r * 0.299 + g * 0.587) + b * 0.114 - offset) * scale
                    }
                } else {
                    for x in 0..<width { gray[x] = (value(samples[base &+ x &* channels]) - offset) * scale }
                }
                for x in 0..<width {
                    let v = min(max(gray[x], 0), 255)
                    gray[x] = v
                    histogram[min(255, Int(v))] &+= 1
                    if v <= 0 { atFloor &+= 1 }
                    if v >= 255 { atCeiling &+= 1 }
                    minimum = min(minimum, v)
                    maximum = max(maximum, v)
                }
                // Horizontal then vertical area sums, with the fractional coverage weights cv2's
                // INTER_AREA uses, so any size reduces exactly to 32x32.
                for i in 0..<Self.reducedSide { rowSums[i] = 0 }
                columns.accumulate(gray, into: &rowSums)
                for (cell, weight) in rows.contributions(of: y) {
                    let r = cell &* Self.reducedSide
                    for i in 0..<Self.reducedSide { reduced[r &+ i] += rowSums[i] * weight }
                }
            }
        }
        let area = Double(width) * Double(height) / Double(Self.reducedSide * Self.reducedSide)
        for i in reduced.indices { reduced[i] /= area }
    }
}

/// Fractional coverage of each input index by each output cell when `input` samples are averaged
/// down (or spread up) to `output` cells of equal width, flattened (CSR) so the per-pixel loop reads
/// two plain arrays.
struct AreaWeights {
    /// Entries of input index `i` are `first[i] ..< first[i + 1]`.
    private var first: [Int]
    private var cells: [Int]
    private var weights: [Double]

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

    /// Adds `row[x] * weight` to `sums[cell]` for every entry.
    func accumulate(_ row: [Float], into sums: inout [Double]) {
        first.withUnsafeBufferPointer { first in
            cells.withUnsafeBufferPointer { cells in
                weights.withUnsafeBufferPointer { weights in
                    sums.withUnsafeMutableBufferPointer { sums in
                        row.withUnsafeBufferPointer { row in
                            for x in 0..<row.count {
                                let v = Double(row[x])
                                var e = first[x]
                                let end = first[x &+ 1]
                                while e < end {
                                    sums[cells[e]] += v * weights[e]
                                    e &+= 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
