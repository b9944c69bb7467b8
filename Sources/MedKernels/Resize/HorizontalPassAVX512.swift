internal import CKernels

/// ``ResizeKernel``'s gathered horizontal pass into 8-bit samples through CKernels' AVX-512 build,
/// on CPUs that have AVX-512 F and VL.
///
/// The Swift pass assembles each tap's eight inputs from eight scalar loads; the C pass loads the
/// sixteen inputs eight outputs share once and permutes them (`vpermt2ps`), with the same
/// operations per output, so the same bytes (`HorizontalPassAVX512Tests`).
enum HorizontalPassAVX512 {
    /// Whether this CPU runs the AVX-512 build (asked once).
    static let available = CKernels_has_avx512vl() != 0

    /// Computes what ``ResizeKernel/horizontalPassGathered(_:starts:groupWeights:weights:taps:count:into:_:)``
    /// computes into `UInt8` outputs.
    ///
    /// - Parameter rowCount: Floats of `row` that may be read (the kernel reads up to sixteen past
    ///   an output's first input, never past this).
    /// - Precondition: ``available``.
    @inline(__always)
    static func run(
        _ row: UnsafeMutableRawPointer, rowCount: Int, starts: UnsafePointer<Int>, groupWeights: UnsafePointer<Float>,
        weights: UnsafePointer<Float>, taps: Int, count: Int, into out: UnsafeMutableRawPointer
    ) {
        assert(available, "no AVX-512 horizontal pass on this CPU")
        CKernels_horizontal_gathered_u8(
            row.assumingMemoryBound(to: Float.self), rowCount, starts, groupWeights, weights, taps, count,
            out.assumingMemoryBound(to: UInt8.self))
    }
}
