import Foundation
import MedImage

/// What a sampler reads outside the input.
public enum BorderMode: Sendable, Hashable, Codable {
    /// A constant, in sample units (e.g. 0 for black).
    case constant(Double)
    /// The nearest edge sample (OpenCV `BORDER_REPLICATE`).
    case edge
    /// Mirror without repeating the edge, `dcb|abcd|cba` (OpenCV `BORDER_REFLECT_101`, numpy `reflect`).
    case reflect
}

/// Parameters of an affine augmentation about the image center.
///
/// The forward map is `translate(center + t) · rotate · shearX · scale · translate(-center)`,
/// with pixel centers at integer coordinates (OpenCV's convention) and `center = (size - 1) / 2`.
public struct AffineParameters: Sendable, Hashable, Codable {
    /// Counterclockwise rotation as displayed (y down), in degrees.
    public var rotation: Double
    /// Isotropic scale factor, above 0.
    public var scale: Double
    /// Translation in output pixels.
    public var translationX: Double, translationY: Double
    /// Horizontal shear angle in degrees.
    public var shear: Double

    /// Creates parameters; the defaults are the identity.
    public init(
        rotation: Double = 0, scale: Double = 1, translationX: Double = 0, translationY: Double = 0,
        shear: Double = 0
    ) {
        precondition(scale > 0, "affine scale \(scale) must be positive")
        self.rotation = rotation
        self.scale = scale
        self.translationX = translationX
        self.translationY = translationY
        self.shear = shear
    }

    /// The 2x3 matrix mapping output `(x, y)` to input coordinates for a `width` x `height` image,
    /// row-major `[a, b, c, d, e, f]`: `xin = a x + b y + c`, `yin = d x + e y + f`.
    public func inverseMatrix(width: Int, height: Int) -> [Double] {
        let cx = Double(width - 1) / 2, cy = Double(height - 1) / 2
        let a = rotation * .pi / 180, s = shear * .pi / 180
        // linear = R · Sh · scale
        let r00 = cos(a), r01 = -sin(a), r10 = sin(a), r11 = cos(a)
        let t = tan(s)
        let l00 = r00 * scale, l01 = (r00 * t + r01) * scale
        let l10 = r10 * scale, l11 = (r10 * t + r11) * scale
        let tx = cx + translationX - (l00 * cx + l01 * cy), ty = cy + translationY - (l10 * cx + l11 * cy)
        let det = l00 * l11 - l01 * l10
        let i00 = l11 / det, i01 = -l01 / det, i10 = -l10 / det, i11 = l00 / det
        return [i00, i01, -(i00 * tx + i01 * ty), i10, i11, -(i10 * tx + i11 * ty)]
    }
}

/// Bilinear resampling through an inverse affine map, with a border mode.
enum AffineKernel {
    /// Fills `destination` (`outWidth` x `outHeight`) from `source` through `matrix` (output → input).
    ///
    /// Each row starts from `b*y + c` (and `e*y + f`) in `Double`, then steps in 32.32 fixed
    /// point; interpolation is in `Float`, two lerps across then one down. Pixels whose four taps are all
    /// inside take a branch-free path; the others go through the border mode.
    /// - Complexity: O(output pixels * channels); no allocation.
    static func warp<S: KernelSample>(
        _ source: UnsafeRawPointer, _: S.Type, width: Int, height: Int, channels: Int, matrix m: [Double],
        border: BorderMode, into destination: UnsafeMutableRawPointer, outWidth: Int, outHeight: Int
    ) {
        precondition(m.count == 6, "an affine matrix has 6 entries")
        let (a, b, c, d, e, f) = (m[0], m[1], m[2], m[3], m[4], m[5])
        let fill: Float
        let mode: Int
        switch border {
        case .constant(let v): (fill, mode) = (Float(v), 0)
        case .edge: (fill, mode) = (0, 1)
        case .reflect: (fill, mode) = (0, 2)
        }
        @inline(__always) func index(_ i: Int, _ n: Int) -> Int {  // -1: outside with a constant border
            if i >= 0 && i < n { return i }
            if mode == 0 { return -1 }
            if mode == 1 { return i < 0 ? 0 : n &- 1 }
            if n == 1 { return 0 }
            let period = 2 &* (n &- 1)
            var j = i % period
            if j < 0 { j &+= period }
            return j < n ? j : period &- j
        }
        // Source coordinates step along a row in 32.32 fixed point: one integer add per axis per
        // pixel, exact and order-independent, instead of a Double multiply-add and a floor (a libm
        // call on baseline x86_64). Each row restarts from the Double value, so the drift is at
        // most width * 2^-33 pixels (< 1e-6 for 4096 columns).
        let one = 4_294_967_296.0
        let stepX = Int64((a * one).rounded()), stepY = Int64((d * one).rounded())
        let lastX = Int64(width &- 1), lastY = Int64(height &- 1)
        for oy in 0..<outHeight {
            let rowX = b * Double(oy) + c, rowY = e * Double(oy) + f
            guard abs(rowX) < 1e9 && abs(rowY) < 1e9 && abs(a) < 1e5 && abs(d) < 1e5 else {
                for i in 0..<(outWidth &* channels) { S.store1(fill, destination, oy &* outWidth &* channels &+ i) }
                continue
            }
            var fx = Int64((rowX * one).rounded(.down)), fy = Int64((rowY * one).rounded(.down))
            var ox = 0
            if channels == 1 {
                // Four pixels at a time when all their taps are inside: scalar gathers, packed lerps,
                // the same operations in the same order as `pixel` below.
                let rowBase = oy &* outWidth
                let sx1 = stepX, sx2 = stepX &* 2, sx3 = stepX &* 3
                let sy1 = stepY, sy2 = stepY &* 2, sy3 = stepY &* 3
                while ox &+ 4 <= outWidth {
                    let xs = SIMD4<Int64>(fx, fx &+ sx1, fx &+ sx2, fx &+ sx3)
                    let ys = SIMD4<Int64>(fy, fy &+ sy1, fy &+ sy2, fy &+ sy3)
                    let x0 = xs &>> 32, y0 = ys &>> 32
                    let inside = (x0 .>= 0) .& (y0 .>= 0) .& (x0 .< lastX) .& (y0 .< lastY)
                    guard all(inside) else {
                        for _ in 0..<4 {
                            pixel(fx, fy, (rowBase &+ ox) &* channels); fx &+= stepX; fy &+= stepY; ox &+= 1
                        }
                        continue
                    }
                    let i0 = Int(y0[0]) &* width &+ Int(x0[0]), i1 = Int(y0[1]) &* width &+ Int(x0[1])
                    let i2 = Int(y0[2]) &* width &+ Int(x0[2]), i3 = Int(y0[3]) &* width &+ Int(x0[3])
                    let p00 = SIMD4<Float>(
                        S.load1(source, i0), S.load1(source, i1), S.load1(source, i2), S.load1(source, i3))
                    let p01 = SIMD4<Float>(
                        S.load1(source, i0 &+ 1), S.load1(source, i1 &+ 1),
                        S.load1(source, i2 &+ 1), S.load1(source, i3 &+ 1))
                    let j0 = i0 &+ width, j1 = i1 &+ width, j2 = i2 &+ width, j3 = i3 &+ width
                    let p10 = SIMD4<Float>(
                        S.load1(source, j0), S.load1(source, j1), S.load1(source, j2), S.load1(source, j3))
                    let p11 = SIMD4<Float>(
                        S.load1(source, j0 &+ 1), S.load1(source, j1 &+ 1),
                        S.load1(source, j2 &+ 1), S.load1(source, j3 &+ 1))
                    let fxm = xs & 0xFFFF_FFFF, fym = ys & 0xFFFF_FFFF
                    let tx = SIMD4<Float>(Float(fxm[0]), Float(fxm[1]), Float(fxm[2]), Float(fxm[3])) * 0x1p-32
                    let ty = SIMD4<Float>(Float(fym[0]), Float(fym[1]), Float(fym[2]), Float(fym[3])) * 0x1p-32
                    let top = p00 + (p01 - p00) * tx, bottom = p10 + (p11 - p10) * tx
                    let v = top + (bottom - top) * ty
                    let out = rowBase &+ ox
                    S.store1(v[0], destination, out)
                    S.store1(v[1], destination, out &+ 1)
                    S.store1(v[2], destination, out &+ 2)
                    S.store1(v[3], destination, out &+ 3)
                    fx &+= stepX &* 4
                    fy &+= stepY &* 4
                    ox &+= 4
                }
            }
            while ox < outWidth {
                pixel(fx, fy, (oy &* outWidth &+ ox) &* channels)
                fx &+= stepX
                fy &+= stepY
                ox &+= 1
            }
        }

        /// One output pixel from its 32.32 source coordinates.
        @inline(__always) func pixel(_ fx: Int64, _ fy: Int64, _ out: Int) {
            let x0 = fx >> 32, y0 = fy >> 32  // arithmetic shift: floor, also for negatives
            let tx = Float(fx & 0xFFFF_FFFF) * 0x1p-32, ty = Float(fy & 0xFFFF_FFFF) * 0x1p-32
            if x0 >= 0 && y0 >= 0 && x0 < lastX && y0 < lastY {
                let i00 = (Int(y0) &* width &+ Int(x0)) &* channels, i10 = i00 &+ width &* channels
                for ch in 0..<channels {
                    let p00 = S.load1(source, i00 &+ ch), p01 = S.load1(source, i00 &+ channels &+ ch)
                    let p10 = S.load1(source, i10 &+ ch), p11 = S.load1(source, i10 &+ channels &+ ch)
                    let top = p00 + (p01 - p00) * tx, bottom = p10 + (p11 - p10) * tx
                    S.store1(top + (bottom - top) * ty, destination, out &+ ch)
                }
                return
            }
            let xa = index(Int(x0), width), xb = index(Int(x0) &+ 1, width)
            let ya = index(Int(y0), height), yb = index(Int(y0) &+ 1, height)
            for ch in 0..<channels {
                @inline(__always) func tap(_ x: Int, _ y: Int) -> Float {
                    (x < 0 || y < 0) ? fill : S.load1(source, (y &* width &+ x) &* channels &+ ch)
                }
                let p00 = tap(xa, ya), p01 = tap(xb, ya), p10 = tap(xa, yb), p11 = tap(xb, yb)
                let top = p00 + (p01 - p00) * tx, bottom = p10 + (p11 - p10) * tx
                S.store1(top + (bottom - top) * ty, destination, out &+ ch)
            }
        }
    }
}

extension PixelBuffer where Sample: KernelSample {
    /// This image through an inverse affine `matrix` (output → input, see
    /// ``AffineParameters/inverseMatrix(width:height:)``), bilinear, same size.
    ///
    /// - Parameters:
    ///   - matrix: `[a, b, c, d, e, f]`: `xin = a x + b y + c`, `yin = d x + e y + f`.
    ///   - border: What is read outside the input.
    /// - Complexity: O(pixels * channels).
    public func warped(by matrix: [Double], border: BorderMode = .constant(0)) -> PixelBuffer<Sample> {
        var out = PixelBuffer(width: width, height: height, channels: channels, repeating: .zero)
        warp(by: matrix, border: border, into: &out)
        return out
    }

    /// Warps into a caller-owned output of the same size (no allocation when it already has it).
    public func warp(by matrix: [Double], border: BorderMode, into output: inout PixelBuffer<Sample>) {
        if output.width != width || output.height != height || output.channels != channels {
            output = PixelBuffer(width: width, height: height, channels: channels, repeating: .zero)
        }
        let (w, h, ch) = (width, height, channels)
        withUnsafeBufferPointer { s in
            output.withUnsafeMutableBufferPointer { d in
                let src = UnsafeRawPointer(s.base), dst = UnsafeMutableRawPointer(d.base)
                if Sample.self == UInt8.self {
                    AffineKernel.warp(
                        src, UInt8.self, width: w, height: h, channels: ch, matrix: matrix, border: border,
                        into: dst, outWidth: w, outHeight: h)
                } else if Sample.self == UInt16.self {
                    AffineKernel.warp(
                        src, UInt16.self, width: w, height: h, channels: ch, matrix: matrix, border: border,
                        into: dst, outWidth: w, outHeight: h)
                } else {
                    AffineKernel.warp(
                        src, Float.self, width: w, height: h, channels: ch, matrix: matrix, border: border,
                        into: dst, outWidth: w, outHeight: h)
                }
            }
        }
    }

    /// This image transformed by `parameters` about its center; see ``warped(by:border:)``.
    public func transformed(by parameters: AffineParameters, border: BorderMode = .constant(0)) -> PixelBuffer<Sample> {
        warped(by: parameters.inverseMatrix(width: width, height: height), border: border)
    }
}
