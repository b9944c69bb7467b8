import MedImage

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
    /// `(scale, offset)` when the packed ``WindowKernel`` reproduces every entry (16 or 8 to 8 bits,
    /// linear chains): the window that ``Resizer/resize(_:windowedBy:into:scratch:padValue:)`` applies.
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
        if In.self == UInt16.self || In.self == UInt8.self, Out.self == UInt8.self,
            let (a, b, clamp) = mapping.linearCoefficients(ymax: 255, floatOutput: false), clamp
        {
            let coefficients = (scale: Float(a), offset: Float(b))
            if check.count != n { check = [UInt8](repeating: 0, count: n) }
            // Stored values 0..<n as UInt16 (an 8-bit value converts to the same Float either way).
            WindowKernel.allInputs.withUnsafeBufferPointer { all in
                check.withUnsafeMutableBufferPointer { dst in
                    let src = UnsafeBufferPointer(rebasing: all[0..<n])
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
        input.withUnsafeBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in map(src, into: UnsafeMutableRawBufferPointer(dst)) }
        }
    }

    /// `input` mapped into a new buffer, each sample written once (no zero fill first).
    ///
    /// - Complexity: O(pixels); allocates the output.
    public func applied(_ input: PixelBuffer<In>) -> PixelBuffer<Out> {
        precondition(entries.count == In.domainSize, "normalization table used before update(mapping:)")
        let count = input.width * input.height * input.channels
        let samples = [Out](unsafeUninitializedCapacity: count) { dst, initialized in
            input.withUnsafeBufferPointer { src in map(src, into: UnsafeMutableRawBufferPointer(dst)) }
            initialized = count
        }
        return PixelBuffer(width: input.width, height: input.height, channels: input.channels, samples: samples)
    }

    /// Writes every sample of `dst` (as long as `src`, possibly uninitialized) from `src`.
    private func map(_ src: UnsafeBufferPointer<In>, into dst: UnsafeMutableRawBufferPointer) {
        if In.self == UInt16.self, let (scale, offset) = linearKernel {
            let s = UnsafeRawBufferPointer(src).assumingMemoryBound(to: UInt16.self)
            let d = dst.assumingMemoryBound(to: UInt8.self)
            WindowKernel.apply(s, scale: scale, offset: offset, into: d)
            return
        }
        entries.withUnsafeBufferPointer { table in
            Self.dispatch(UnsafeRawBufferPointer(src), table: UnsafeRawPointer(table.base), into: dst)
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
