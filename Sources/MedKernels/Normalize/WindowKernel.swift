/// Linear windowing of 16-bit stored values straight to 8 bits, in packed `Float` arithmetic.
///
/// `y = x * scale + offset`, clamped to `0...255`, rounded half to even by the `0x1.8p23` bias.
/// `Float` arithmetic can round a value that lies within ~1e-5 of a half differently from the
/// `Double` formula, so ``NormalizationTable`` only uses this kernel after running it over all
/// 65536 inputs and finding every result equal to its exact table; otherwise it keeps the table.
/// Exact by verification, and faster than the table lookup because it needs no gather.
enum WindowKernel {
    /// Maps `source` into `destination`.
    ///
    /// - Complexity: O(n); no allocation.
    static func apply(
        _ source: UnsafeBufferPointer<UInt16>, scale: Float, offset: Float,
        into destination: UnsafeMutableBufferPointer<UInt8>
    ) {
        precondition(source.count == destination.count, "source and destination differ in length")
        guard let s = source.baseAddress, let d = destination.baseAddress else { return }
        let src = UnsafeRawPointer(s), dst = UnsafeMutableRawPointer(d)
        let scaleV = SIMD8<Float>(repeating: scale), offsetV = SIMD8<Float>(repeating: offset)
        let n = source.count
        var i = 0
        while i &+ 16 <= n {
            let a = SIMD8<Float>(src.loadUnaligned(fromByteOffset: i &* 2, as: SIMD8<UInt16>.self)) * scaleV + offsetV
            let b =
                SIMD8<Float>(src.loadUnaligned(fromByteOffset: i &* 2 &+ 16, as: SIMD8<UInt16>.self)) * scaleV + offsetV
            UInt8.store8(a, dst, i)
            UInt8.store8(b, dst, i &+ 8)
            i &+= 16
        }
        while i < n {  // same operations in the same order as the lanes
            UInt8.store1(Float(s[i]) * scale + offset, dst, i)
            i &+= 1
        }
    }

    /// Every `UInt16`, ascending: the verification input.
    static let allInputs: [UInt16] = (0...65535).map { UInt16($0) }
}
