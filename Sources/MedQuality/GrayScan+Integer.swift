import MedImage

/// One axis of the 32x32 area reduction laid out per output cell: the run of input indices the cell
/// covers whole (weight exactly 1), and the ones it covers in part before and after that run, with
/// the same fractional weights ``AreaWeights`` computes. The scans walk it cell by cell: partial
/// pixels before the run, the run as a plain sum, partial pixels after it, so each cell's
/// contributions arrive in increasing input order, as in ``AreaWeights``.
struct AreaCells {
    /// Whole run of cell `c`: `runStart[c] ..< runEnd[c]` (empty when the cell lies inside one input).
    private(set) var runStart: [Int]
    private(set) var runEnd: [Int]
    /// Partial inputs of cell `c` before its run: `partFirst[2c] ..< partFirst[2c + 1]`, after it:
    /// `partFirst[2c + 1] ..< partFirst[2c + 2]`, as indices into `partIndex` / `partWeight`.
    private(set) var partFirst: [Int]
    private(set) var partIndex: [Int]
    private(set) var partWeight: [Double]

    init(input: Int, output: Int) {
        let step = Double(input) / Double(output)
        runStart = []
        runEnd = []
        partFirst = [0]
        partIndex = []
        partWeight = []
        for cell in 0..<output {
            // The same start, end and overlap arithmetic as AreaWeights, so the weights are equal.
            let start = Double(cell) * step, end = start + step
            var entries: [(Int, Double)] = []
            var i = Int(start)
            while i < input, Double(i) < end {
                let overlap = min(end, Double(i + 1)) - max(start, Double(i))
                if overlap > 1e-12 { entries.append((i, overlap)) }
                i += 1
            }
            // Only the first and last entries can be partial: the whole ones form one run between.
            var k = 0
            while k < entries.count, entries[k].1 != 1 {
                partIndex.append(entries[k].0)
                partWeight.append(entries[k].1)
                k += 1
            }
            partFirst.append(partIndex.count)
            let first = k
            while k < entries.count, entries[k].1 == 1 { k += 1 }
            let firstIndex = first < entries.count ? entries[first].0 : (entries.last.map { $0.0 + 1 } ?? 0)
            runStart.append(firstIndex)
            runEnd.append(firstIndex + (k - first))
            while k < entries.count {
                precondition(entries[k].1 != 1, "whole inputs of an area cell are contiguous")
                partIndex.append(entries[k].0)
                partWeight.append(entries[k].1)
                k += 1
            }
            partFirst.append(partIndex.count)
        }
    }
}

extension GrayScan {
    /// The scan of a one-channel 8-bit image of any size: integer histogram (four interleaved
    /// tables, so runs of equal values do not wait on one counter), extremes from the histogram,
    /// and per row and cell an integer sum of the whole pixels plus the weighted partial ones.
    ///
    /// Histogram, extremes and fractions equal the general scan's; the reduction equals it to
    /// within Double rounding (the general scan adds the same terms one pixel at a time), and
    /// exactly when the sides are multiples of 32.
    ///
    /// - Returns: `nil` for more than one channel.
    /// - Complexity: O(width x height), no allocation per row.
    static func integer8(_ buffer: PixelBuffer<UInt8>) -> GrayScan? {
        guard buffer.channels == 1 else { return nil }
        var histogram = [Int](repeating: 0, count: 4 * 256)
        var scan = GrayScan(empty: buffer.width * buffer.height)
        scan.reduced = buffer.withUnsafeBufferPointer { samples in
            histogram.withUnsafeMutableBufferPointer { tables in
                reduce(width: buffer.width, height: buffer.height, divisor: 1) { y, rowSums, cells in
                    let row = UnsafeBufferPointer(rebasing: samples[(y &* buffer.width)..<((y &+ 1) &* buffer.width)])
                    countRow8(row, into: tables)
                    sumRow(row, cells: cells, into: rowSums)
                }
            }
        }
        scan.histogram = merged(histogram)
        scan.atFloor = scan.histogram[0]
        scan.atCeiling = scan.histogram[255]
        if let low = scan.histogram.firstIndex(where: { $0 > 0 }), let high = scan.histogram.lastIndex(where: { $0 > 0 }) {
            scan.minimum = Float(low)
            scan.maximum = Float(high)
        }
        return scan
    }

    /// The scan of a one-channel 16-bit image of any size, as ``integer8(_:)``: bin `v / 257`
    /// (integer division, the floor of the general scan's `v / 257`), extremes at 0 and 65535,
    /// reduction sums of whole samples divided by 257 once at the end.
    ///
    /// - Returns: `nil` for more than one channel.
    static func integer16(_ buffer: PixelBuffer<UInt16>) -> GrayScan? {
        guard buffer.channels == 1 else { return nil }
        var histogram = [Int](repeating: 0, count: 4 * 256)
        var scan = GrayScan(empty: buffer.width * buffer.height)
        var extremes = Extremes16()
        scan.reduced = buffer.withUnsafeBufferPointer { samples in
            histogram.withUnsafeMutableBufferPointer { tables in
                reduce(width: buffer.width, height: buffer.height, divisor: 257) { y, rowSums, cells in
                    let row = UnsafeBufferPointer(rebasing: samples[(y &* buffer.width)..<((y &+ 1) &* buffer.width)])
                    countRow16(row, into: tables, extremes: &extremes)
                    sumRow(row, cells: cells, into: rowSums)
                }
            }
        }
        scan.histogram = merged(histogram)
        scan.atFloor = extremes.atFloor
        scan.atCeiling = extremes.atCeiling
        if scan.pixels > 0 {
            scan.minimum = Float(extremes.low) / 257
            scan.maximum = Float(extremes.high) / 257
        }
        return scan
    }

    /// The sum of the four interleaved 256-bin tables.
    private static func merged(_ tables: [Int]) -> [Int] {
        var histogram = [Int](repeating: 0, count: 256)
        for t in 0..<4 {
            for i in 0..<256 { histogram[i] &+= tables[t &* 256 &+ i] }
        }
        return histogram
    }

    /// Running extremes of 16-bit samples.
    private struct Extremes16 {
        var low = UInt16.max, high = UInt16.min
        var atFloor = 0, atCeiling = 0
    }

    @inline(__always)
    private static func countRow8(_ row: UnsafeBufferPointer<UInt8>, into tables: UnsafeMutableBufferPointer<Int>) {
        let n = row.count
        var x = 0
        while x &+ 4 <= n {
            tables[Int(row[x])] &+= 1
            tables[256 &+ Int(row[x &+ 1])] &+= 1
            tables[512 &+ Int(row[x &+ 2])] &+= 1
            tables[768 &+ Int(row[x &+ 3])] &+= 1
            x &+= 4
        }
        while x < n {
            tables[Int(row[x])] &+= 1
            x &+= 1
        }
    }

    @inline(__always)
    private static func countRow16(
        _ row: UnsafeBufferPointer<UInt16>, into tables: UnsafeMutableBufferPointer<Int>, extremes: inout Extremes16
    ) {
        let n = row.count
        var low = extremes.low, high = extremes.high
        var atFloor = 0, atCeiling = 0
        for v in row {
            low = min(low, v)
            high = max(high, v)
            atFloor &+= v == 0 ? 1 : 0
            atCeiling &+= v == .max ? 1 : 0
        }
        var x = 0
        while x &+ 4 <= n {
            tables[Int(row[x] / 257)] &+= 1
            tables[256 &+ Int(row[x &+ 1] / 257)] &+= 1
            tables[512 &+ Int(row[x &+ 2] / 257)] &+= 1
            tables[768 &+ Int(row[x &+ 3] / 257)] &+= 1
            x &+= 4
        }
        while x < n {
            tables[Int(row[x] / 257)] &+= 1
            x &+= 1
        }
        extremes.low = low
        extremes.high = high
        extremes.atFloor &+= atFloor
        extremes.atCeiling &+= atCeiling
    }

    /// Each cell's sum of one row: weighted partial pixels before the run, the run summed as
    /// integers, weighted partial pixels after it.
    @inline(__always)
    private static func sumRow<S: FixedWidthInteger & UnsignedInteger>(
        _ row: UnsafeBufferPointer<S>, cells: CellPointers, into rowSums: UnsafeMutableBufferPointer<Double>
    ) {
        for c in 0..<reducedSide {
            var s = 0.0
            var p = cells.partFirst[2 &* c]
            let before = cells.partFirst[2 &* c &+ 1], after = cells.partFirst[2 &* c &+ 2]
            while p < before {
                s += Double(row[cells.partIndex[p]]) * cells.partWeight[p]
                p &+= 1
            }
            var whole: UInt64 = 0
            for x in cells.runStart[c]..<cells.runEnd[c] { whole &+= UInt64(row[x]) }
            s += Double(whole)
            while p < after {
                s += Double(row[cells.partIndex[p]]) * cells.partWeight[p]
                p &+= 1
            }
            rowSums[c] = s
        }
    }

    /// The ``AreaCells`` arrays as pointers, valid inside ``reduce(width:height:divisor:row:)``.
    struct CellPointers {
        var runStart, runEnd, partFirst, partIndex: UnsafeBufferPointer<Int>
        var partWeight: UnsafeBufferPointer<Double>
    }

    /// The 32x32 area reduction: `row(y, rowSums, cells)` fills `rowSums` with row `y`'s 32 cell
    /// sums (and does whatever else the scan reads from the row); the rows are then weighted into
    /// the cells as the general scan does, and the result divided by `divisor` and the cell area.
    @inline(__always)
    static func reduce(
        width: Int, height: Int, divisor: Double,
        row: (Int, UnsafeMutableBufferPointer<Double>, CellPointers) -> Void
    ) -> [Double] {
        let side = reducedSide
        let columns = AreaCells(input: width, output: side)
        let rows = AreaWeights(input: height, output: side)
        var rowSums = [Double](repeating: 0, count: side)
        var reduced = [Double](repeating: 0, count: side * side)
        columns.runStart.withUnsafeBufferPointer { runStart in
            columns.runEnd.withUnsafeBufferPointer { runEnd in
                columns.partFirst.withUnsafeBufferPointer { partFirst in
                    columns.partIndex.withUnsafeBufferPointer { partIndex in
                        columns.partWeight.withUnsafeBufferPointer { partWeight in
                            rows.first.withUnsafeBufferPointer { rowFirst in
                                rows.cells.withUnsafeBufferPointer { rowCells in
                                    rows.weights.withUnsafeBufferPointer { rowWeights in
                                        rowSums.withUnsafeMutableBufferPointer { rowSums in
                                            reduced.withUnsafeMutableBufferPointer { reduced in
                                                let cells = CellPointers(
                                                    runStart: runStart, runEnd: runEnd, partFirst: partFirst,
                                                    partIndex: partIndex, partWeight: partWeight)
                                                for y in 0..<height {
                                                    row(y, rowSums, cells)
                                                    for e in rowFirst[y]..<rowFirst[y &+ 1] {
                                                        let r = rowCells[e] &* side, weight = rowWeights[e]
                                                        for i in 0..<side { reduced[r &+ i] += rowSums[i] * weight }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let area = Double(width) * Double(height) / Double(side * side)
        if divisor == 1 {
            for i in reduced.indices { reduced[i] /= area }
        } else {
            for i in reduced.indices { reduced[i] = reduced[i] / divisor / area }
        }
        return reduced
    }
}
