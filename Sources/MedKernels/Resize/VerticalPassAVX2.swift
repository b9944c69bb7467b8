internal import CKernels

/// ``ResizeKernel``'s vertical pass through CKernels' AVX2 build, on CPUs that have AVX2.
///
/// The vertical pass is where a reduction spends its time (every input sample, every tap). Swift
/// compiles it for the baseline x86-64 target, SSE2; CKernels holds the same loops compiled for
/// AVX2, chosen at run time, giving the same bits. 8- and 16-bit samples as they are, and 16-bit
/// samples through ``QuantizedWindow``, have an AVX2 build; everything else (`Float` input, as after
/// an integer pre-shrink) keeps the Swift loop.
enum VerticalPassAVX2 {
    /// Whether this CPU runs AVX2 code (asked once).
    static let cpuHasAVX2 = CKernels_has_avx2() != 0

    /// Whether ``run(_:_:_:rowStride:firstRow:weights:taps:columns:into:)`` handles `In` and `Map`.
    @inline(__always)
    static func handles<In: KernelSample, Map: SourceMap>(_: In.Type, _: Map.Type) -> Bool {
        if Map.self == UnmappedSource.self { return In.self == UInt8.self || In.self == UInt16.self }
        return Map.self == QuantizedWindow.self && (In.self == UInt8.self || In.self == UInt16.self)
    }

    /// Computes what ``ResizeKernel/verticalPass(_:_:_:rowStride:firstRow:weights:taps:columns:into:)``
    /// computes, with AVX2.
    ///
    /// - Precondition: ``cpuHasAVX2`` and ``handles(_:_:)``.
    @inline(__always)
    static func run<In: KernelSample, Map: SourceMap>(
        _ source: UnsafeRawPointer, _: In.Type, _ map: Map, rowStride: Int, firstRow: Int,
        weights: UnsafePointer<Float>, taps: Int, columns: Range<Int>, into row: UnsafeMutableRawPointer
    ) {
        assert(cpuHasAVX2 && handles(In.self, Map.self), "no AVX2 vertical pass for \(In.self) through \(Map.self)")
        let out = row.assumingMemoryBound(to: Float.self)
        if let window = map as? QuantizedWindow, In.self == UInt8.self {
            CKernels_vertical_u8_window(
                source.assumingMemoryBound(to: UInt8.self), rowStride, firstRow, weights, taps, columns.lowerBound,
                columns.upperBound, window.scale, window.offset, out)
        } else if let window = map as? QuantizedWindow {
            CKernels_vertical_u16_window(
                source, rowStride, firstRow, weights, taps, columns.lowerBound, columns.upperBound,
                window.scale, window.offset, out)
        } else if In.self == UInt8.self {
            CKernels_vertical_u8(
                source.assumingMemoryBound(to: UInt8.self), rowStride, firstRow, weights, taps,
                columns.lowerBound, columns.upperBound, out)
        } else {
            CKernels_vertical_u16(
                source, rowStride, firstRow, weights, taps, columns.lowerBound, columns.upperBound, out)
        }
    }
}
