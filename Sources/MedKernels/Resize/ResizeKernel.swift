/// The separable resampling kernels behind ``Resizer``.
///
/// Vertical pass first, one output row at a time: the taps of the vertical plan are summed into a
/// `Float` row (eight lanes at a time, contiguous, over only the columns the horizontal plan
/// reads), then the horizontal plan reduces that row into the output row. For reductions, which
/// is what a preprocessing pipeline does, this touches each input sample in packed code and
/// leaves only `outputHeight` rows for the gather-shaped horizontal pass (Pillow runs the
/// horizontal pass over every input row instead). Sums are plain `*` then `+`, never FMA, in the
/// same order in the vector body and the scalar tail, so results are bit-reproducible. On AVX2
/// CPUs the vertical pass of 8- and 16-bit input (16-bit only when windowed) runs CKernels' AVX2
/// build of the same loop (``VerticalPassAVX2``), which gives the same bits.
enum ResizeKernel {
    /// Resamples `source` into a rectangle of `destination`.
    ///
    /// - Parameters:
    ///   - source: First sample of the input; rows of `sourceRowStride` samples.
    ///   - destination: First sample of the output rectangle; rows of `destinationRowStride` samples.
    ///   - channels: Interleaved samples per pixel.
    ///   - horizontal: Plan from input columns to output columns.
    ///   - vertical: Plan from input rows to output rows.
    ///   - scratch: At least ``scratchCount(inputWidth:channels:)`` floats; its contents on entry are ignored.
    /// - Complexity: O(outputHeight * verticalTaps * inputWidth * channels
    ///   + outputHeight * outputWidth * horizontalTaps * channels); no allocation.
    static func resample<In: KernelSample, Out: KernelSample>(
        _ source: UnsafeRawPointer, as _: In.Type, sourceRowStride: Int,
        into destination: UnsafeMutableRawPointer, as _: Out.Type, destinationRowStride: Int,
        channels: Int, horizontal: ResamplePlan, vertical: ResamplePlan, scratch: UnsafeMutablePointer<Float>
    ) {
        resample(
            source, as: In.self, mappedBy: UnmappedSource(), sourceRowStride: sourceRowStride, into: destination,
            as: Out.self, destinationRowStride: destinationRowStride, channels: channels, horizontal: horizontal,
            vertical: vertical, scratch: scratch)
    }

    /// ``resample(_:as:sourceRowStride:into:as:destinationRowStride:channels:horizontal:vertical:scratch:)``
    /// with every input sample passed through `map` as it is read (a window to 8 bits, say), so that
    /// the mapped image is never written out.
    ///
    /// - Parameter allowingAVX2: `false` keeps the Swift passes even on AVX2 and AVX-512 CPUs (for
    ///   the tests that compare them with ``VerticalPassAVX2`` and ``HorizontalPassAVX512``).
    static func resample<In: KernelSample, Out: KernelSample, Map: SourceMap>(
        _ source: UnsafeRawPointer, as _: In.Type, mappedBy map: Map, sourceRowStride: Int,
        into destination: UnsafeMutableRawPointer, as _: Out.Type, destinationRowStride: Int,
        channels: Int, horizontal: ResamplePlan, vertical: ResamplePlan, scratch: UnsafeMutablePointer<Float>,
        allowingAVX2: Bool = true
    ) {
        let rowCount = horizontal.inputSize &* channels
        let row = UnsafeMutableRawPointer(scratch)
        row.initializeMemory(as: Float.self, repeating: 0, count: rowCount &+ 8)
        let hStarts = horizontal.starts, vStarts = vertical.starts
        let first = hStarts[0] &* channels
        let last = (hStarts[horizontal.outputSize &- 1] &+ horizontal.taps) &* channels
        let gathered = channels == 1 && horizontal.taps <= ResamplePlan.gatheredTapLimit
        let avx2 = allowingAVX2 && VerticalPassAVX2.cpuHasAVX2 && VerticalPassAVX2.handles(In.self, Map.self)
        let avx512Bytes = allowingAVX2 && gathered && Out.self == UInt8.self && HorizontalPassAVX512.available
        vertical.weights.withUnsafeBufferPointer { vw in
            (gathered ? horizontal.gatheredWeights : horizontal.laneWeights).withUnsafeBufferPointer { hw in
                hStarts.withUnsafeBufferPointer { hs in
                    for oy in 0..<vertical.outputSize {
                        if avx2 {
                            VerticalPassAVX2.run(
                                source, In.self, map, rowStride: sourceRowStride, firstRow: vStarts[oy],
                                weights: vw.base + oy &* vertical.taps, taps: vertical.taps,
                                columns: first..<last, into: row)
                        } else {
                            verticalPass(
                                source, In.self, map, rowStride: sourceRowStride, firstRow: vStarts[oy],
                                weights: vw.base + oy &* vertical.taps, taps: vertical.taps,
                                columns: first..<last, into: row)
                        }
                        let out = destination + oy &* destinationRowStride &* MemoryLayout<Out>.stride
                        if gathered {
                            horizontal.weights.withUnsafeBufferPointer { plain in
                                if avx512Bytes {
                                    HorizontalPassAVX512.run(
                                        row, rowCount: rowCount &+ 8, starts: hs.base, groupWeights: hw.base,
                                        weights: plain.base, taps: horizontal.taps, count: horizontal.outputSize,
                                        into: out)
                                } else {
                                    horizontalPassGathered(
                                        row, starts: hs.base, groupWeights: hw.base, weights: plain.base,
                                        taps: horizontal.taps, count: horizontal.outputSize, into: out, Out.self)
                                }
                            }
                        } else if channels == 1 {
                            horizontalPass1(
                                row, starts: hs.base, weights: hw.base,
                                lanes: horizontal.laneTaps, count: horizontal.outputSize, into: out, Out.self)
                        } else {
                            horizontalPassN(
                                row, channels: channels, starts: hs.base,
                                weights: hw.base, lanes: horizontal.laneTaps,
                                taps: horizontal.taps, count: horizontal.outputSize, into: out, Out.self)
                        }
                    }
                }
            }
        }
    }

    /// Floats of scratch that ``resample(_:as:sourceRowStride:into:as:destinationRowStride:channels:horizontal:vertical:scratch:)`` needs.
    static func scratchCount(inputWidth: Int, channels: Int) -> Int { inputWidth * channels + 8 }

    @inline(__always)
    static func verticalPass<In: KernelSample, Map: SourceMap>(
        _ source: UnsafeRawPointer, _: In.Type, _ map: Map, rowStride: Int, firstRow: Int,
        weights: UnsafePointer<Float>, taps: Int, columns: Range<Int>, into row: UnsafeMutableRawPointer
    ) {
        var x = columns.lowerBound
        let end = columns.upperBound
        let base = firstRow &* rowStride
        while x &+ 32 <= end {
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
            var k = 0, index = base &+ x
            while k < taps {
                let w = SIMD8<Float>(repeating: weights[k])
                a0 += map(In.load8(source, index)) * w
                a1 += map(In.load8(source, index &+ 8)) * w
                a2 += map(In.load8(source, index &+ 16)) * w
                a3 += map(In.load8(source, index &+ 24)) * w
                k &+= 1
                index &+= rowStride
            }
            row.storeBytes(of: a0, toByteOffset: x &* 4, as: SIMD8<Float>.self)
            row.storeBytes(of: a1, toByteOffset: (x &+ 8) &* 4, as: SIMD8<Float>.self)
            row.storeBytes(of: a2, toByteOffset: (x &+ 16) &* 4, as: SIMD8<Float>.self)
            row.storeBytes(of: a3, toByteOffset: (x &+ 24) &* 4, as: SIMD8<Float>.self)
            x &+= 32
        }
        while x &+ 8 <= end {
            var a0 = SIMD8<Float>()
            var k = 0, index = base &+ x
            while k < taps {
                a0 += map(In.load8(source, index)) * SIMD8<Float>(repeating: weights[k])
                k &+= 1
                index &+= rowStride
            }
            row.storeBytes(of: a0, toByteOffset: x &* 4, as: SIMD8<Float>.self)
            x &+= 8
        }
        while x < end {
            var a: Float = 0
            var k = 0, index = base &+ x
            while k < taps {
                a += map(In.load1(source, index)) * weights[k]
                k &+= 1
                index &+= rowStride
            }
            row.storeBytes(of: a, toByteOffset: x &* 4, as: Float.self)
            x &+= 1
        }
    }

    /// One channel: each output is a dot product of `lanes` (a multiple of 8) contiguous samples.
    @inline(__always)
    static func horizontalPass1<Out: KernelSample>(
        _ row: UnsafeMutableRawPointer, starts: UnsafePointer<Int>, weights: UnsafePointer<Float>, lanes: Int,
        count: Int, into out: UnsafeMutableRawPointer, _: Out.Type
    ) {
        let w = UnsafeRawPointer(weights)
        let r = UnsafeRawPointer(row)
        for ox in 0..<count {
            var acc = SIMD8<Float>()
            var k = 0
            let s = starts[ox] &* 4, wBase = ox &* lanes &* 4
            while k < lanes {
                acc +=
                    r.loadUnaligned(fromByteOffset: s &+ k &* 4, as: SIMD8<Float>.self)
                    * w.loadUnaligned(fromByteOffset: wBase &+ k &* 4, as: SIMD8<Float>.self)
                k &+= 8
            }
            Out.store1(horizontalSum(acc), out, ox)
        }
    }

    /// One channel, few taps: eight outputs per vector, tap by tap, each lane gathering its own input.
    ///
    /// Every output is `((0 + w0 x0) + w1 x1) + ...` in tap order, in the vector body and the scalar
    /// tail alike.
    @inline(__always)
    static func horizontalPassGathered<Out: KernelSample>(
        _ row: UnsafeMutableRawPointer, starts: UnsafePointer<Int>, groupWeights: UnsafePointer<Float>,
        weights: UnsafePointer<Float>, taps: Int, count: Int, into out: UnsafeMutableRawPointer, _: Out.Type
    ) {
        let r = UnsafePointer(row.assumingMemoryBound(to: Float.self))
        let w = UnsafeRawPointer(groupWeights)
        var ox = 0
        var group = 0
        while ox &+ 8 <= count {
            let s0 = starts[ox], s1 = starts[ox &+ 1], s2 = starts[ox &+ 2], s3 = starts[ox &+ 3]
            let s4 = starts[ox &+ 4], s5 = starts[ox &+ 5], s6 = starts[ox &+ 6], s7 = starts[ox &+ 7]
            var acc = SIMD8<Float>()
            var k = 0
            let wBase = group &* taps &* 32
            while k < taps {
                let v = SIMD8<Float>(
                    r[s0 &+ k], r[s1 &+ k], r[s2 &+ k], r[s3 &+ k], r[s4 &+ k], r[s5 &+ k], r[s6 &+ k], r[s7 &+ k])
                acc += v * w.loadUnaligned(fromByteOffset: wBase &+ k &* 32, as: SIMD8<Float>.self)
                k &+= 1
            }
            Out.store8(acc, out, ox)
            ox &+= 8
            group &+= 1
        }
        while ox < count {
            var acc: Float = 0
            let s = starts[ox], wRow = weights + ox &* taps
            for k in 0..<taps { acc += r[s &+ k] * wRow[k] }
            Out.store1(acc, out, ox)
            ox &+= 1
        }
    }

    /// Interleaved channels: scalar sums per channel over the plan's real taps.
    @inline(__always)
    static func horizontalPassN<Out: KernelSample>(
        _ row: UnsafeMutableRawPointer, channels: Int, starts: UnsafePointer<Int>, weights: UnsafePointer<Float>,
        lanes: Int, taps: Int, count: Int, into out: UnsafeMutableRawPointer, _: Out.Type
    ) {
        let r = row.assumingMemoryBound(to: Float.self)
        for ox in 0..<count {
            let s = starts[ox] &* channels, wBase = weights + ox &* lanes
            for c in 0..<channels {
                var acc: Float = 0
                var k = 0
                while k < taps {
                    acc += r[s &+ k &* channels &+ c] * wBase[k]
                    k &+= 1
                }
                Out.store1(acc, out, ox &* channels &+ c)
            }
        }
    }

    /// A fixed pairwise reduction (not `sum()`, whose order is unspecified).
    @inline(__always)
    static func horizontalSum(_ v: SIMD8<Float>) -> Float {
        let h = v.lowHalf + v.highHalf
        let q = h.lowHalf + h.highHalf
        return q[0] + q[1]
    }
}

/// A per-sample function the resize kernels apply to the input as they read it.
///
/// The lane and scalar forms must compute the same values with the same operations, so that the
/// vector body and the scalar tail agree.
protocol SourceMap {
    func callAsFunction(_ v: SIMD8<Float>) -> SIMD8<Float>
    func callAsFunction(_ v: Float) -> Float
}

/// Samples as they are.
struct UnmappedSource: SourceMap {
    @inline(__always) func callAsFunction(_ v: SIMD8<Float>) -> SIMD8<Float> { v }
    @inline(__always) func callAsFunction(_ v: Float) -> Float { v }
}

/// `x * scale + offset` quantized to 8 bits exactly as ``WindowKernel`` and `UInt8.store8` do (clamp
/// to `0...255`, round half to even through the `0x1.8p23` bias), kept as a `Float`: resizing with
/// it gives the bytes of windowing to 8 bits first and resizing that.
struct QuantizedWindow: SourceMap {
    let scale: Float
    let offset: Float

    @inline(__always) func callAsFunction(_ v: SIMD8<Float>) -> SIMD8<Float> {
        var x = v * SIMD8<Float>(repeating: scale) + SIMD8<Float>(repeating: offset)
        x.replace(with: 0, where: x .< 0)
        x.replace(with: 255, where: x .> 255)
        let bias = SIMD8<Float>(repeating: quantizationBias)
        return (x + bias) - bias
    }

    @inline(__always) func callAsFunction(_ v: Float) -> Float {
        var x = v * scale + offset
        if x < 0 { x = 0 }
        if x > 255 { x = 255 }
        return (x + quantizationBias) - quantizationBias
    }
}
