/// How the kernels lay a ``KernelSample`` out in memory: 8-bit or 16-bit unsigned integers, or
/// 32-bit floats.
///
/// Only MedKernels makes values (``KernelSample`` conformances are `UInt8`, `UInt16` and `Float`),
/// so the raw-pointer loads and stores below stay internal: no standard-library type gains public
/// unsafe API.
public struct KernelLayout: Sendable, Hashable {
    enum Lanes: Sendable, Hashable { case uint8, uint16, float32 }
    let lanes: Lanes

    static var uint8: KernelLayout { KernelLayout(lanes: .uint8) }
    static var uint16: KernelLayout { KernelLayout(lanes: .uint16) }
    static var float32: KernelLayout { KernelLayout(lanes: .float32) }
}

/// `0x1.8p23`: adding it to a value in `0..<2^22` leaves the value rounded half to even in the low
/// mantissa bits (the FPU's default rounding), which is how integer outputs are quantized.
@usableFromInline let quantizationBias: Float = 0x1.8p23

// The lane-by-lane constructions below compile to punpck/cvtdq2ps and pack instructions. The
// standard library's generic `SIMD8<Float>(_:)` and `init(truncatingIfNeeded:)` stayed out-of-line
// calls inside the kernels' loops with Swift 6.3.1 (seen in objdump); re-check on toolchain bumps.
@inline(__always)
func widened<T: FixedWidthInteger & SIMDScalar>(_ v: SIMD8<T>) -> SIMD8<Float> {
    SIMD8<Float>(Float(v[0]), Float(v[1]), Float(v[2]), Float(v[3]), Float(v[4]), Float(v[5]), Float(v[6]), Float(v[7]))
}

@inline(__always)
func narrowed8(_ b: SIMD8<UInt32>) -> SIMD8<UInt8> {
    SIMD8<UInt8>(
        UInt8(truncatingIfNeeded: b[0]), UInt8(truncatingIfNeeded: b[1]), UInt8(truncatingIfNeeded: b[2]),
        UInt8(truncatingIfNeeded: b[3]), UInt8(truncatingIfNeeded: b[4]), UInt8(truncatingIfNeeded: b[5]),
        UInt8(truncatingIfNeeded: b[6]), UInt8(truncatingIfNeeded: b[7]))
}

@inline(__always)
func narrowed16(_ b: SIMD8<UInt32>) -> SIMD8<UInt16> {
    SIMD8<UInt16>(
        UInt16(truncatingIfNeeded: b[0]), UInt16(truncatingIfNeeded: b[1]), UInt16(truncatingIfNeeded: b[2]),
        UInt16(truncatingIfNeeded: b[3]), UInt16(truncatingIfNeeded: b[4]), UInt16(truncatingIfNeeded: b[5]),
        UInt16(truncatingIfNeeded: b[6]), UInt16(truncatingIfNeeded: b[7]))
}

// Each switch is on a constant once a kernel is specialized for its sample type (every caller is in
// this module, built whole-module), so it folds away and the loops keep the packed instructions
// they had when these were protocol requirements.
extension KernelSample {
    /// Eight samples from `base + index`, widened to `Float`.
    @inline(__always) static func load8(_ base: UnsafeRawPointer, _ index: Int) -> SIMD8<Float> {
        switch kernelLayout.lanes {
        case .uint8: widened(base.loadUnaligned(fromByteOffset: index, as: SIMD8<UInt8>.self))
        case .uint16: widened(base.loadUnaligned(fromByteOffset: index &* 2, as: SIMD8<UInt16>.self))
        case .float32: base.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self)
        }
    }

    /// One sample from `base + index`, widened to `Float`.
    @inline(__always) static func load1(_ base: UnsafeRawPointer, _ index: Int) -> Float {
        switch kernelLayout.lanes {
        case .uint8: Float(base.load(fromByteOffset: index, as: UInt8.self))
        case .uint16: Float(base.loadUnaligned(fromByteOffset: index &* 2, as: UInt16.self))
        case .float32: base.loadUnaligned(fromByteOffset: index &* 4, as: Float.self)
        }
    }

    /// Stores eight values, rounded half to even and clamped for integer types.
    @inline(__always) static func store8(_ v: SIMD8<Float>, _ base: UnsafeMutableRawPointer, _ index: Int) {
        switch kernelLayout.lanes {
        case .uint8:
            var x = v
            x.replace(with: 0, where: x .< 0)  // also maps NaN-free negatives; not .clamped: that one is a call
            x.replace(with: 255, where: x .> 255)
            let bits = unsafeBitCast(x + SIMD8<Float>(repeating: quantizationBias), to: SIMD8<UInt32>.self)
            base.storeBytes(of: narrowed8(bits), toByteOffset: index, as: SIMD8<UInt8>.self)
        case .uint16:
            var x = v
            x.replace(with: 0, where: x .< 0)
            x.replace(with: 65535, where: x .> 65535)
            let bits = unsafeBitCast(x + SIMD8<Float>(repeating: quantizationBias), to: SIMD8<UInt32>.self)
            base.storeBytes(of: narrowed16(bits), toByteOffset: index &* 2, as: SIMD8<UInt16>.self)
        case .float32:
            base.storeBytes(of: v, toByteOffset: index &* 4, as: SIMD8<Float>.self)
        }
    }

    /// Stores one value with the same operations, in the same order, as ``store8(_:_:_:)``.
    @inline(__always) static func store1(_ v: Float, _ base: UnsafeMutableRawPointer, _ index: Int) {
        switch kernelLayout.lanes {
        case .uint8:
            var x = v
            if x < 0 { x = 0 }
            if x > 255 { x = 255 }
            base.storeBytes(
                of: UInt8(truncatingIfNeeded: (x + quantizationBias).bitPattern), toByteOffset: index, as: UInt8.self)
        case .uint16:
            var x = v
            if x < 0 { x = 0 }
            if x > 65535 { x = 65535 }
            base.storeBytes(
                of: UInt16(truncatingIfNeeded: (x + quantizationBias).bitPattern), toByteOffset: index &* 2,
                as: UInt16.self)
        case .float32:
            base.storeBytes(of: v, toByteOffset: index &* 4, as: Float.self)
        }
    }
}
