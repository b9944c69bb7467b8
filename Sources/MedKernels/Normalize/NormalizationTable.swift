import MedImage

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

extension UInt8: StoredSample {
    public static var domainSize: Int { 256 }
    public static func storedValue(atIndex index: Int) -> Double { Double(index) }
}

extension UInt16: StoredSample {
    public static var domainSize: Int { 65536 }
    public static func storedValue(atIndex index: Int) -> Double { Double(index) }
}

extension Int16: StoredSample {
    public static var domainSize: Int { 65536 }
    public static func storedValue(atIndex index: Int) -> Double { Double(Int16(bitPattern: UInt16(index))) }
}

/// A lookup table from every stored value to an output sample, built from an ``IntensityMapping``.
///
/// Keep one per worker and call ``update(mapping:)`` per image: the table is rebuilt only when
/// the mapping changes (a fixed window over a whole dataset builds it once).
public struct NormalizationTable<In: StoredSample, Out: NormalizedSample>: Sendable {
    /// The mapping the entries were built from.
    public private(set) var mapping: IntensityMapping?
    /// `In.domainSize` entries, indexed by stored value (bit pattern for `Int16`).
    public private(set) var entries: [Out] = []
    /// The continuous values before quantization; kept so rebuilding does not allocate.
    private var values: [Double] = []
    /// `(scale, offset)` when the packed ``WindowKernel`` reproduces every entry (16 to 8 bits, linear chains).
    public private(set) var linearKernel: (scale: Float, offset: Float)?
    /// The verification output of the packed kernel.
    private var check: [UInt8] = []

    /// An empty table; call ``update(mapping:)`` before use.
    public init() {}

    /// A table for `mapping`.
    public init(mapping: IntensityMapping) { update(mapping: mapping) }

    /// Rebuilds the entries unless `mapping` is the one they were built from.
    ///
    /// - Complexity: O(`In.domainSize`) evaluations of the mapping in `Double`; no allocation after the first.
    public mutating func update(mapping: IntensityMapping) {
        if self.mapping == mapping, !entries.isEmpty { return }
        self.mapping = mapping
        let n = In.domainSize
        if entries.count != n { entries = [Out](repeating: Out.quantized(0), count: n) }
        if values.count != n { values = [Double](repeating: 0, count: n) }
        values.withUnsafeMutableBufferPointer { v in
            mapping.fill(
                v, signed: In.storedValue(atIndex: n - 1) < 0, ymax: Out.rangeMaximum,
                floatOutput: Out.isFloatingPoint)
        }
        values.withUnsafeBufferPointer { v in
            entries.withUnsafeMutableBytes { e in Self.quantize(v, into: e) }
        }
        linearKernel = nil
        if In.self == UInt16.self, Out.self == UInt8.self,
            let (a, b, clamp) = mapping.linearCoefficients(ymax: 255, floatOutput: false), clamp
        {
            let coefficients = (scale: Float(a), offset: Float(b))
            if check.count != 65536 { check = [UInt8](repeating: 0, count: 65536) }
            WindowKernel.allInputs.withUnsafeBufferPointer { src in
                check.withUnsafeMutableBufferPointer { dst in
                    WindowKernel.apply(src, scale: coefficients.scale, offset: coefficients.offset, into: dst)
                }
            }
            let same = entries.withUnsafeBytes { e in check.withUnsafeBytes { c in e.elementsEqual(c) } }
            if same { linearKernel = coefficients }
        }
    }

    /// Converts with a concrete loop per output type (this generic context is not specialized by callers).
    private static func quantize(_ v: UnsafeBufferPointer<Double>, into e: UnsafeMutableRawBufferPointer) {
        if Out.self == UInt8.self {
            for i in v.indices { e.storeBytes(of: UInt8.quantized(v[i]), toByteOffset: i, as: UInt8.self) }
        } else if Out.self == UInt16.self {
            for i in v.indices { e.storeBytes(of: UInt16.quantized(v[i]), toByteOffset: i &* 2, as: UInt16.self) }
        } else if Out.self == Float.self {
            for i in v.indices { e.storeBytes(of: Float.quantized(v[i]), toByteOffset: i &* 4, as: Float.self) }
        } else if Out.self == Float16.self {
            for i in v.indices { e.storeBytes(of: Float16.quantized(v[i]), toByteOffset: i &* 2, as: Float16.self) }
        } else {
            for i in v.indices {
                e.storeBytes(of: Out.quantized(v[i]), toByteOffset: i &* MemoryLayout<Out>.stride, as: Out.self)
            }
        }
    }

    /// Maps `input` into `output` (resized to match when needed) in one pass over memory.
    ///
    /// - Complexity: O(pixels); no allocation when `output` already has the input's size.
    public func apply(_ input: PixelBuffer<In>, into output: inout PixelBuffer<Out>) {
        precondition(entries.count == In.domainSize, "normalization table used before update(mapping:)")
        if output.width != input.width || output.height != input.height || output.channels != input.channels {
            output = PixelBuffer<Out>(
                width: input.width, height: input.height, channels: input.channels,
                repeating: Out.quantized(0))
        }
        if let (scale, offset) = linearKernel {
            input.withUnsafeBufferPointer { src in
                output.withUnsafeMutableBufferPointer { dst in
                    let s = UnsafeRawBufferPointer(src).assumingMemoryBound(to: UInt16.self)
                    let d = UnsafeMutableRawBufferPointer(dst).assumingMemoryBound(to: UInt8.self)
                    WindowKernel.apply(s, scale: scale, offset: offset, into: d)
                }
            }
            return
        }
        input.withUnsafeBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                entries.withUnsafeBufferPointer { table in
                    Self.dispatch(
                        UnsafeRawBufferPointer(src), table: UnsafeRawPointer(table.base),
                        into: UnsafeMutableRawBufferPointer(dst))
                }
            }
        }
    }

    private static func dispatch(
        _ src: UnsafeRawBufferPointer, table: UnsafeRawPointer,
        into dst: UnsafeMutableRawBufferPointer
    ) {
        LookupTableKernel.apply(
            src, inputWidth: MemoryLayout<In>.size, table: table,
            into: dst, outputWidth: MemoryLayout<Out>.size)
    }
}

extension UnsafeRawBufferPointer {
    func assumingMemoryBound<T>(to _: T.Type) -> UnsafeBufferPointer<T> {
        UnsafeBufferPointer(start: baseAddress?.assumingMemoryBound(to: T.self), count: count / MemoryLayout<T>.stride)
    }
}

extension UnsafeMutableRawBufferPointer {
    func assumingMemoryBound<T>(to _: T.Type) -> UnsafeMutableBufferPointer<T> {
        UnsafeMutableBufferPointer(
            start: baseAddress?.assumingMemoryBound(to: T.self),
            count: count / MemoryLayout<T>.stride)
    }
}

extension StoredSample {
    /// The histogram of modality values of `image`, in O(pixels + 65536): one bin per stored value
    /// (``MeasurableSample``'s requirement for the integer types).
    public static func valueHistogram(of image: PixelBuffer<Self>, modality: ModalityLUT) -> ValueHistogram {
        let bins = domainSize
        var counts = [Int](repeating: 0, count: bins), scratch = [Int](repeating: 0, count: bins)
        image.withUnsafeBufferPointer { src in
            counts.withUnsafeMutableBufferPointer { c in
                scratch.withUnsafeMutableBufferPointer { s in
                    let raw = UnsafeRawBufferPointer(src)
                    if bins == 256 {
                        HistogramKernel.count(raw.assumingMemoryBound(to: UInt8.self), into: c, scratch: s)
                    } else {
                        HistogramKernel.count(raw.assumingMemoryBound(to: UInt16.self), into: c, scratch: s)
                    }
                }
            }
        }
        var pairs: [(value: Double, count: Int)] = []
        for (i, c) in counts.enumerated() where c > 0 {
            pairs.append((modality(storedValue(atIndex: i)), c))
        }
        return ValueHistogram(pairs: pairs)
    }
}

/// A sample type whose images have a ``ValueHistogram``: the integer ``StoredSample`` types and `Float`.
public protocol MeasurableSample: BitwiseCopyable, Sendable {
    /// The histogram of `image`'s modality values.
    static func valueHistogram(of image: PixelBuffer<Self>, modality: ModalityLUT) -> ValueHistogram
}

extension PixelBuffer where Sample: MeasurableSample {
    /// The histogram of modality values of this image (see each sample type for the binning).
    ///
    /// - Parameter modality: Stored value to modality value.
    public func valueHistogram(modality: ModalityLUT = .identity) -> ValueHistogram {
        Sample.valueHistogram(of: self, modality: modality)
    }

    /// Resolves `normalization` for this image (statistics are computed only when needed).
    ///
    /// - Parameters:
    ///   - normalization: What to do.
    ///   - modality: The image's modality LUT (PS3.3 C.11.1).
    ///   - fileWindow: The file's first VOI window, for ``Normalization/fileWindow(fallback:)``.
    ///   - invert: `true` for MONOCHROME1 (applied after VOI, PS3.3 C.7.6.3.1.2).
    public func intensityMapping(
        _ normalization: Normalization, modality: ModalityLUT = .identity,
        fileWindow: VOIWindow? = nil, fileVOILUT: LookupTable? = nil,
        invert: Bool = false
    ) -> IntensityMapping {
        IntensityMapping.resolve(
            normalization, modality: modality, fileWindow: fileWindow, fileVOILUT: fileVOILUT,
            invert: invert
        ) {
            valueHistogram(modality: modality)
        }
    }
}

extension PixelBuffer where Sample: StoredSample {
    /// This image normalized to `Out`: stored value → modality → curve → inversion → quantization in one pass.
    ///
    /// Integer outputs equal `Out.quantized(mapping.value(...))` exactly: for a window, the
    /// standard's formula (PS3.3 C.11.2.1.2) rounded half to even.
    /// - Complexity: O(pixels + 65536); allocates the output and a table. Use
    ///   ``NormalizationTable`` for the allocation-free form.
    public func normalized<Out: NormalizedSample>(
        _ normalization: Normalization, modality: ModalityLUT = .identity,
        fileWindow: VOIWindow? = nil, invert: Bool = false,
        as _: Out.Type = Out.self
    ) -> PixelBuffer<Out> {
        let mapping = intensityMapping(normalization, modality: modality, fileWindow: fileWindow, invert: invert)
        let table = NormalizationTable<Sample, Out>(mapping: mapping)
        var output = PixelBuffer<Out>(width: width, height: height, channels: channels, repeating: Out.quantized(0))
        table.apply(self, into: &output)
        return output
    }

    /// This image through a VOI window onto `Out` (``normalized(_:modality:fileWindow:invert:as:)`` with `.window`).
    public func windowed<Out: NormalizedSample>(
        by window: VOIWindow, modality: ModalityLUT = .identity,
        invert: Bool = false, as _: Out.Type = Out.self
    ) -> PixelBuffer<Out> {
        normalized(.window(window), modality: modality, invert: invert, as: Out.self)
    }
}
