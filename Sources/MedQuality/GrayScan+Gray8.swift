import MedImage

extension GrayScan {
    /// The scan of a one-channel 8-bit image, whose sides are multiples of 32: integer histogram and
    /// integer block sums, without the per-pixel float conversion and weight lookups of the general
    /// scan. Gives exactly the general scan's values (its sums of whole numbers are exact too).
    ///
    /// - Returns: `nil` when the image is not of that kind.
    /// - Complexity: O(width x height), no allocation per row.
    static func gray8(_ buffer: PixelBuffer<UInt8>) -> GrayScan? {
        let side = reducedSide
        let width = buffer.width, height = buffer.height
        guard buffer.channels == 1, width % side == 0, height % side == 0 else { return nil }
        var scan = GrayScan(empty: width * height)
        let blockWidth = width / side, blockHeight = height / side
        var sums = [UInt64](repeating: 0, count: side * side)
        // Four tables, by column mod 4 within a cell: runs of one value (borders, collimation) do
        // not wait on one counter. Summed into `histogram` at the end.
        var tables = [Int](repeating: 0, count: 4 * 256)
        buffer.withUnsafeBufferPointer { samples in
            tables.withUnsafeMutableBufferPointer { tables in
                sums.withUnsafeMutableBufferPointer { sums in
                    for y in 0..<height {
                        let row = y &* width
                        let cellRow = (y / blockHeight) &* side
                        for cell in 0..<side {
                            var sum: UInt32 = 0
                            let start = row &+ cell &* blockWidth, end = start &+ blockWidth
                            var x = start
                            while x &+ 4 <= end {
                                let a = samples[x], b = samples[x &+ 1], c = samples[x &+ 2], d = samples[x &+ 3]
                                tables[Int(a)] &+= 1
                                tables[256 &+ Int(b)] &+= 1
                                tables[512 &+ Int(c)] &+= 1
                                tables[768 &+ Int(d)] &+= 1
                                sum &+= UInt32(a) &+ UInt32(b) &+ UInt32(c) &+ UInt32(d)
                                x &+= 4
                            }
                            while x < end {
                                tables[Int(samples[x])] &+= 1
                                sum &+= UInt32(samples[x])
                                x &+= 1
                            }
                            sums[cellRow &+ cell] &+= UInt64(sum)
                        }
                    }
                }
            }
        }
        var histogram = [Int](repeating: 0, count: 256)
        for v in 0..<256 {
            let low: Int = tables[v] &+ tables[256 &+ v]
            histogram[v] = low &+ tables[512 &+ v] &+ tables[768 &+ v]
        }
        scan.histogram = histogram
        scan.atFloor = histogram[0]
        scan.atCeiling = histogram[255]
        if let low = histogram.firstIndex(where: { $0 > 0 }), let high = histogram.lastIndex(where: { $0 > 0 }) {
            scan.minimum = Float(low)
            scan.maximum = Float(high)
        }
        let area = Double(width) * Double(height) / Double(side * side)
        scan.reduced = sums.map { Double($0) / area }
        return scan
    }
}
