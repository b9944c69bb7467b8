/// Expands Segmented Palette Color Lookup Table Data (PS3.3 C.7.9.2).
///
/// Segments are discrete (opcode 0: n values), linear (opcode 1: a ramp of n values from the last
/// value to y) or indirect (opcode 2: replay earlier segments). Indirect segments are followed at
/// most a fixed number of levels deep and within a fixed budget of segments, so hostile data can
/// neither recurse forever nor loop over empty segments for hours.
enum SegmentedLUT {
    /// The expanded table, or `nil` when the data are malformed or do not make `count` entries.
    static func expand(_ data: [UInt16], count: Int) -> [UInt16]? {
        var output: [UInt16] = []
        output.reserveCapacity(count)
        var budget = 1 << 20
        guard expandSegments(data, range: 0..<data.count, into: &output, depth: 0, limit: count, budget: &budget)
        else { return nil }
        guard output.count >= count else { return nil }
        return Array(output.prefix(count))
    }

    private static func expandSegments(
        _ data: [UInt16], range: Range<Int>, into output: inout [UInt16],
        depth: Int, limit: Int, budget: inout Int
    ) -> Bool {
        guard depth < 4 else { return false }
        var position = range.lowerBound
        while position + 1 < range.upperBound {
            budget -= 1
            if budget < 0 { return false }
            let opcode = data[position], length = Int(data[position + 1])
            switch opcode {
            case 0:
                guard position + 2 + length <= range.upperBound else { return false }
                output.append(contentsOf: data[(position + 2)..<(position + 2 + length)])
                position += 2 + length
            case 1:
                guard position + 2 < range.upperBound, let last = output.last else { return false }
                let y0 = Double(last), y1 = Double(data[position + 2])
                // numpy's linspace(y0 + step, y1, n) rounded half to even, as pydicom expands it.
                let start = y0 + (y1 - y0) / Double(max(length, 1))
                let delta = length > 1 ? (y1 - start) / Double(length - 1) : 0
                for k in 0..<length {
                    let value = k == length - 1 ? y1 : start + Double(k) * delta
                    output.append(UInt16(clamping: Int(value.rounded(.toNearestOrEven))))
                }
                position += 3
            case 2:
                guard position + 3 < range.upperBound else { return false }
                let offset = Int(data[position + 2]) | Int(data[position + 3]) << 16
                // Indirect: replay `length` segments starting at word `offset`.
                var segmentStart = offset
                for _ in 0..<length {
                    guard segmentStart + 1 < data.count else { return false }
                    let end = segmentEnd(data, at: segmentStart)
                    guard end <= data.count,
                        expandSegments(
                            data, range: segmentStart..<end, into: &output, depth: depth + 1, limit: limit,
                            budget: &budget)
                    else { return false }
                    segmentStart = end
                }
                position += 4
            default:
                return false
            }
            if output.count > limit * 2 + 65536 { return false }
        }
        return true
    }

    private static func segmentEnd(_ data: [UInt16], at start: Int) -> Int {
        switch data[start] {
        case 0: start + 2 + Int(data[start + 1])
        case 1: start + 3
        default: start + 4
        }
    }
}
