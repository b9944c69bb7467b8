import MedImage

// Which sample types the kernels take, and for what: every conformance of the package is in this file.
//
// | type      | KernelSample | StoredSample | MeasurableSample       | NormalizedSample |
// | --------- | ------------ | ------------ | ---------------------- | ---------------- |
// | `UInt8`   | yes          | yes          | yes (via StoredSample) | yes              |
// | `UInt16`  | yes          | yes          | yes (via StoredSample) | yes              |
// | `Int16`   |              | yes          | yes (via StoredSample) |                  |
// | `Float`   | yes          |              | yes                    | yes              |
// | `Float16` |              |              |                        | yes              |
// | `Double`  |              |              | yes                    |                  |
//
// KernelSample: resize, augmentation and LUT outputs (Samples/KernelSample+Lanes.swift holds the
// internal loads and stores). StoredSample: inputs of the normalization table. MeasurableSample:
// images with a value histogram. NormalizedSample: outputs of normalization.

/// A sample type the resize, augmentation and quantization kernels read and write: `UInt8`, `UInt16` or `Float`.
///
/// The kernels load and store eight lanes at a time through unaligned raw pointers; how is decided
/// by ``kernelLayout``, whose values only MedKernels makes, so no other type conforms. Integer
/// stores round half to even through the `0x1.8p23` bias and clamp to the type's range; `Float`
/// stores are exact.
public protocol KernelSample: BitwiseCopyable, Sendable, Comparable, Numeric {
    /// The largest value of a normalized presentation sample (255, 65535 or 1).
    static var presentationMaximum: Float { get }
    /// How the kernels lay this type out in memory.
    static var kernelLayout: KernelLayout { get }
}

/// An integer stored sample that indexes a lookup table: `UInt8`, `UInt16` or `Int16` (by bit pattern).
///
/// Covers 8-, 12- and 16-bit data, signed or not: decoders mask Bits Stored and sign-extend, so a
/// 12-bit signed image arrives as `Int16` in `-2048...2047`.
public protocol StoredSample: MeasurableSample, BitwiseCopyable {
    /// Number of table entries: 256 or 65536.
    static var domainSize: Int { get }
    /// The stored value that table entry `index` stands for.
    static func storedValue(atIndex index: Int) -> Double
}

/// A sample type whose images have a ``ValueHistogram``: the integer ``StoredSample`` types, `Float` and `Double`.
public protocol MeasurableSample: BitwiseCopyable, Sendable {
    /// The histogram of `image`'s modality values.
    static func valueHistogram(of image: PixelBuffer<Self>, modality: ModalityLUT) -> ValueHistogram
}

/// An output sample of normalization: `UInt8`, `UInt16`, `Float16` or `Float`.
///
/// Integer types quantize by rounding half to even and clamping; float types convert from the
/// `Double` value with the default rounding.
public protocol NormalizedSample: BitwiseCopyable, Sendable {
    /// The output range's top (255, 65535, or 1 for floats).
    static var rangeMaximum: Double { get }
    /// Whether unbounded values (z-scores, raw modality values) are kept as they are.
    static var isFloatingPoint: Bool { get }
    /// The sample for a continuous value, rounded half to even and clamped for integer types.
    static func quantized(_ value: Double) -> Self
}

extension UInt8: KernelSample, StoredSample, NormalizedSample {
    public static var presentationMaximum: Float { 255 }
    public static var kernelLayout: KernelLayout { .uint8 }
    public static var domainSize: Int { 256 }
    public static func storedValue(atIndex index: Int) -> Double { Double(index) }
    public static var rangeMaximum: Double { 255 }
    public static var isFloatingPoint: Bool { false }
    public static func quantized(_ value: Double) -> UInt8 {
        // NaN (from a degenerate window or rescale) maps to 0 instead of trapping in the conversion.
        value.isNaN ? 0 : UInt8(Swift.min(Swift.max(value, 0), 255).rounded(.toNearestOrEven))
    }
}

extension UInt16: KernelSample, StoredSample, NormalizedSample {
    public static var presentationMaximum: Float { 65535 }
    public static var kernelLayout: KernelLayout { .uint16 }
    public static var domainSize: Int { 65536 }
    public static func storedValue(atIndex index: Int) -> Double { Double(index) }
    public static var rangeMaximum: Double { 65535 }
    public static var isFloatingPoint: Bool { false }
    public static func quantized(_ value: Double) -> UInt16 {
        // NaN (from a degenerate window or rescale) maps to 0 instead of trapping in the conversion.
        value.isNaN ? 0 : UInt16(Swift.min(Swift.max(value, 0), 65535).rounded(.toNearestOrEven))
    }
}

extension Int16: StoredSample {
    public static var domainSize: Int { 65536 }
    public static func storedValue(atIndex index: Int) -> Double { Double(Int16(bitPattern: UInt16(index))) }
}

extension Float: KernelSample, MeasurableSample, NormalizedSample {
    public static var presentationMaximum: Float { 1 }
    public static var kernelLayout: KernelLayout { .float32 }
    /// The histogram of modality values, from 65536 equal bins between the minimum and maximum.
    ///
    /// Values within one bin (1/65535 of the range) merge at the bin's center, so percentiles and
    /// equalization of float images are exact to that resolution; min, max, mean and standard
    /// deviation are those of the bin centers. NaN and infinite samples (a modality value past
    /// Float's range, from a rescale slope of 1e300) are ignored: no bin holds them.
    public static func valueHistogram(of image: PixelBuffer<Float>, modality: ModalityLUT) -> ValueHistogram {
        ValueHistogram.binned(image, modality: modality)
    }
    public static var rangeMaximum: Double { 1 }
    public static var isFloatingPoint: Bool { true }
    public static func quantized(_ value: Double) -> Float { Float(value) }
}

extension Float16: NormalizedSample {
    public static var rangeMaximum: Double { 1 }
    public static var isFloatingPoint: Bool { true }
    public static func quantized(_ value: Double) -> Float16 { Float16(Float(value)) }
}

extension Double: MeasurableSample {
    /// The histogram of modality values, binned as `Float`'s (65536 equal bins between the minimum
    /// and maximum; NaN and infinite samples ignored).
    public static func valueHistogram(of image: PixelBuffer<Double>, modality: ModalityLUT) -> ValueHistogram {
        ValueHistogram.binned(image, modality: modality)
    }
}
