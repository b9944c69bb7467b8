/// Integer stored values through a precomputed table: the one-pass path from stored value to output.
///
/// For 8- to 16-bit inputs the whole chain (modality LUT, VOI, inversion, quantization) is
/// evaluated once per possible stored value in `Double` by ``IntensityMapping``, so the per-pixel
/// work is one load from a table of at most 65536 entries (128 KiB for 16-bit outputs; it stays in
/// L2) and the result is exactly the scalar formula's, by construction.
enum LookupTableKernel {
    /// `destination[i] = table[Int(source[i])]`.
    ///
    /// - Parameters:
    ///   - source: Stored values used as indices (`Int16` inputs are passed by bit pattern).
    ///   - table: At least `Index.max + 1` entries.
    ///   - destination: Same count as `source`.
    /// - Complexity: O(n); no allocation.
    @inline(__always)
    static func apply<Index: FixedWidthInteger & UnsignedInteger, Out: BitwiseCopyable>(
        _ source: UnsafeBufferPointer<Index>, table: UnsafePointer<Out>,
        into destination: UnsafeMutableBufferPointer<Out>
    ) {
        precondition(source.count == destination.count, "source and destination differ in length")
        guard let s = source.baseAddress, let d = destination.baseAddress else { return }
        let n = source.count
        var i = 0
        // Eight independent loads per iteration: the loop is bound by loads, not by a dependency chain.
        while i &+ 8 <= n {
            let a0 = table[Int(s[i])], a1 = table[Int(s[i &+ 1])], a2 = table[Int(s[i &+ 2])]
            let a3 = table[Int(s[i &+ 3])], a4 = table[Int(s[i &+ 4])], a5 = table[Int(s[i &+ 5])]
            let a6 = table[Int(s[i &+ 6])], a7 = table[Int(s[i &+ 7])]
            d[i] = a0; d[i &+ 1] = a1; d[i &+ 2] = a2; d[i &+ 3] = a3
            d[i &+ 4] = a4; d[i &+ 5] = a5; d[i &+ 6] = a6; d[i &+ 7] = a7
            i &+= 8
        }
        while i < n {
            d[i] = table[Int(s[i])]
            i &+= 1
        }
    }
}

extension LookupTableKernel {
    /// The 16-bit to 8-bit case, the hot one (windowing radiographs): indices come from one
    /// 16-byte load and results leave in one 8-byte store, so the loop issues 10 memory
    /// operations per 8 pixels instead of 24.
    static func apply16to8(
        _ source: UnsafeBufferPointer<UInt16>, table: UnsafePointer<UInt8>,
        into destination: UnsafeMutableBufferPointer<UInt8>
    ) {
        precondition(source.count == destination.count, "source and destination differ in length")
        guard let s = source.baseAddress, let d = destination.baseAddress else { return }
        let src = UnsafeRawPointer(s), dst = UnsafeMutableRawPointer(d)
        let n = source.count
        var i = 0
        while i &+ 8 <= n {
            let lo = src.loadUnaligned(fromByteOffset: i &* 2, as: UInt64.self)
            let hi = src.loadUnaligned(fromByteOffset: i &* 2 &+ 8, as: UInt64.self)
            let b0 = UInt64(table[Int(lo & 0xFFFF)]), b1 = UInt64(table[Int((lo >> 16) & 0xFFFF)])
            let b2 = UInt64(table[Int((lo >> 32) & 0xFFFF)]), b3 = UInt64(table[Int(lo >> 48)])
            let b4 = UInt64(table[Int(hi & 0xFFFF)]), b5 = UInt64(table[Int((hi >> 16) & 0xFFFF)])
            let b6 = UInt64(table[Int((hi >> 32) & 0xFFFF)]), b7 = UInt64(table[Int(hi >> 48)])
            let word = b0 | b1 << 8 | b2 << 16 | b3 << 24 | b4 << 32 | b5 << 40 | b6 << 48 | b7 << 56
            dst.storeBytes(of: word.littleEndian, toByteOffset: i, as: UInt64.self)
            i &+= 8
        }
        while i < n {
            d[i] = table[Int(s[i])]
            i &+= 1
        }
    }

    /// Picks the concrete loop by byte widths (1 or 2 in, 1, 2 or 4 out), so it is specialized
    /// whatever generic context calls it.
    static func apply(
        _ src: UnsafeRawBufferPointer, inputWidth: Int, table: UnsafeRawPointer,
        into dst: UnsafeMutableRawBufferPointer, outputWidth: Int
    ) {
        switch (inputWidth, outputWidth) {
        case (1, 1):
            apply(
                src.assumingMemoryBound(to: UInt8.self), table: table.assumingMemoryBound(to: UInt8.self),
                into: dst.assumingMemoryBound(to: UInt8.self))
        case (1, 2):
            apply(
                src.assumingMemoryBound(to: UInt8.self), table: table.assumingMemoryBound(to: UInt16.self),
                into: dst.assumingMemoryBound(to: UInt16.self))
        case (1, 4):
            apply(
                src.assumingMemoryBound(to: UInt8.self), table: table.assumingMemoryBound(to: UInt32.self),
                into: dst.assumingMemoryBound(to: UInt32.self))
        case (2, 1):
            apply16to8(
                src.assumingMemoryBound(to: UInt16.self), table: table.assumingMemoryBound(to: UInt8.self),
                into: dst.assumingMemoryBound(to: UInt8.self))
        case (2, 2):
            apply(
                src.assumingMemoryBound(to: UInt16.self), table: table.assumingMemoryBound(to: UInt16.self),
                into: dst.assumingMemoryBound(to: UInt16.self))
        case (2, 4):
            apply(
                src.assumingMemoryBound(to: UInt16.self), table: table.assumingMemoryBound(to: UInt32.self),
                into: dst.assumingMemoryBound(to: UInt32.self))
        default: preconditionFailure("unsupported sample widths \(inputWidth) -> \(outputWidth)")
        }
    }
}

/// Histograms of stored values, the O(n) source of every normalization statistic.
enum HistogramKernel {
    /// ``count(_:into:scratch:)`` for bytes: four tables of 32-bit counters, one per byte position
    /// mod 4, fed from 8-byte loads (about a third faster than two tables on 8-bit radiographs).
    static func countBytes(_ s: UnsafeRawPointer, count n: Int, into c: UnsafeMutablePointer<Int>) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 1024) { buffer in
            guard let t = buffer.baseAddress else { return }
            // Each table counts a quarter of a block, so no 32-bit counter can overflow.
            let block = 1 << 32
            var start = 0
            while start < n {
                let end = min(n, start &+ block)
                t.update(repeating: 0, count: 1024)
                var i = start
                while i &+ 8 <= end {
                    let w = s.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    t[Int(truncatingIfNeeded: w & 0xFF)] &+= 1
                    t[256 &+ Int(truncatingIfNeeded: (w >> 8) & 0xFF)] &+= 1
                    t[512 &+ Int(truncatingIfNeeded: (w >> 16) & 0xFF)] &+= 1
                    t[768 &+ Int(truncatingIfNeeded: (w >> 24) & 0xFF)] &+= 1
                    t[Int(truncatingIfNeeded: (w >> 32) & 0xFF)] &+= 1
                    t[256 &+ Int(truncatingIfNeeded: (w >> 40) & 0xFF)] &+= 1
                    t[512 &+ Int(truncatingIfNeeded: (w >> 48) & 0xFF)] &+= 1
                    t[768 &+ Int(truncatingIfNeeded: w >> 56)] &+= 1
                    i &+= 8
                }
                while i < end {
                    t[Int(s.load(fromByteOffset: i, as: UInt8.self))] &+= 1
                    i &+= 1
                }
                for k in 0..<256 { c[k] &+= Int(t[k]) &+ Int(t[256 &+ k]) &+ Int(t[512 &+ k]) &+ Int(t[768 &+ k]) }
                start = end
            }
        }
    }

    /// Adds the count of each value of `source` to `counts` (`Index.max + 1` entries).
    ///
    /// Counts go first into two interleaved tables of 32-bit counters laid over `scratch`, summed
    /// into `counts` after every 2^32 samples and at the end: runs of equal neighbors (common in
    /// radiographs) do not serialize on one counter, and for 16-bit values both tables together
    /// take 512 KiB, which stays in L2 where two tables of `Int` (1 MiB) did not.
    /// - Complexity: O(n + bins); `scratch` holds `Index.max + 1` counters.
    static func count<Index: FixedWidthInteger & UnsignedInteger>(
        _ source: UnsafeBufferPointer<Index>, into counts: UnsafeMutableBufferPointer<Int>,
        scratch: UnsafeMutableBufferPointer<Int>
    ) {
        let bins = Int(Index.max) + 1
        precondition(counts.count >= bins && scratch.count >= bins, "histogram needs \(bins) bins")
        guard let s = source.baseAddress, let c = counts.baseAddress, let scratchBase = scratch.baseAddress else {
            return
        }
        let n = source.count
        if Index.self == UInt8.self {
            countBytes(UnsafeRawPointer(s), count: n, into: c)
            return
        }
        // Each table counts half of a block, so no 32-bit counter can overflow.
        let block = 1 << 32
        scratchBase.withMemoryRebound(to: UInt32.self, capacity: 2 * bins) { tables in
            let a = tables, b = tables + bins
            var start = 0
            while start < n {
                let end = min(n, start &+ block)
                tables.update(repeating: 0, count: 2 * bins)
                var i = start
                while i &+ 2 <= end {
                    a[Int(s[i])] &+= 1
                    b[Int(s[i &+ 1])] &+= 1
                    i &+= 2
                }
                if i < end { a[Int(s[i])] &+= 1 }
                for k in 0..<bins { c[k] &+= Int(a[k]) &+ Int(b[k]) }
                start = end
            }
        }
    }
}

/// `y = x * scale + offset` on floats, clamped, then stored as the output type: the SIMD path
/// for `Float` inputs with a linear curve (window, min-max, percentile, z-score, rescale).
enum LinearMapKernel {
    /// Maps and stores `source` into `destination`.
    ///
    /// Integer outputs clamp and round half to even in ``KernelSample/store8(_:_:_:)``; `Float`
    /// outputs are clamped to `low...high` when `clamp` is set. Multiply, then add: no FMA.
    /// - Complexity: O(n); no allocation.
    static func apply<Out: KernelSample>(
        _ source: UnsafeBufferPointer<Float>, scale: Float, offset: Float, clamp: Bool, low: Float, high: Float,
        into destination: UnsafeMutableRawPointer, _: Out.Type
    ) {
        guard let s = source.baseAddress else { return }
        let src = UnsafeRawPointer(s)
        let n = source.count
        let scaleV = SIMD8<Float>(repeating: scale), offsetV = SIMD8<Float>(repeating: offset)
        let lowV = SIMD8<Float>(repeating: low), highV = SIMD8<Float>(repeating: high)
        var i = 0
        while i &+ 8 <= n {
            var v = src.loadUnaligned(fromByteOffset: i &* 4, as: SIMD8<Float>.self) * scaleV + offsetV
            if clamp {
                v.replace(with: lowV, where: v .< lowV)
                v.replace(with: highV, where: v .> highV)
            }
            Out.store8(v, destination, i)
            i &+= 8
        }
        while i < n {
            var v = s[i] * scale + offset
            if clamp {
                if v < low { v = low }
                if v > high { v = high }
            }
            Out.store1(v, destination, i)
            i &+= 1
        }
    }
}
