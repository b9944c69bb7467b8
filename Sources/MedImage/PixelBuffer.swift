/// A two-dimensional image of interleaved samples, stored row by row with no padding.
///
/// The sample at column `x`, row `y`, channel `c` lives at index `(y * width + x) * channels + c`.
/// `channels` is 1 (gray) or 3 (RGB); other counts are allowed but no decoder produces them.
/// The buffer has value semantics (copy on write through its array) and knows nothing about what
/// the samples mean: see ``DecodedImage`` for stored, modality and presentation values.
public struct PixelBuffer<Sample: BitwiseCopyable & Sendable>: Sendable {
    /// Width in pixels; at least 1.
    public let width: Int
    /// Height in pixels; at least 1.
    public let height: Int
    /// Interleaved samples per pixel: 1 for gray, 3 for RGB.
    public let channels: Int
    /// `width * height * channels` samples, row-major, channels interleaved.
    public var samples: [Sample]

    /// Wraps existing samples.
    ///
    /// - Precondition: `samples.count == width * height * channels`, all dimensions positive.
    public init(width: Int, height: Int, channels: Int = 1, samples: [Sample]) {
        precondition(width > 0 && height > 0 && channels > 0, "pixel buffer dimensions must be positive")
        precondition(samples.count == width * height * channels,
                     "pixel buffer of \(width)x\(height)x\(channels) needs \(width * height * channels) samples, got \(samples.count)")
        self.width = width
        self.height = height
        self.channels = channels
        self.samples = samples
    }

    /// A buffer filled with one value.
    ///
    /// All-zero values (the common case: an output about to be overwritten) are filled with one
    /// `memset`; `Array(repeating:count:)` in a generic context that callers do not specialize
    /// copied sample by sample through the value witness (11 ms for a 2048x2500 byte image).
    public init(width: Int, height: Int, channels: Int = 1, repeating value: Sample) {
        let count = width * height * channels
        let zero = withUnsafeBytes(of: value) { bytes in bytes.allSatisfy { $0 == 0 } }
        let samples = [Sample](unsafeUninitializedCapacity: count) { buffer, initialized in
            if zero {
                UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0)
            } else {
                buffer.initialize(repeating: value)
            }
            initialized = count
        }
        self.init(width: width, height: height, channels: channels, samples: samples)
    }

    /// Number of pixels (`width * height`).
    public var pixelCount: Int { width * height }

    /// Samples per row (`width * channels`).
    public var rowLength: Int { width * channels }

    /// The sample at column `x`, row `y`, channel `channel`.
    public subscript(x: Int, y: Int, channel: Int = 0) -> Sample {
        get { samples[(y * width + x) * channels + channel] }
        set { samples[(y * width + x) * channels + channel] = newValue }
    }

    /// Calls `body` with the samples as a contiguous buffer.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Sample>) throws -> R) rethrows -> R {
        try samples.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the samples as a contiguous mutable buffer.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Sample>) throws -> R
    ) rethrows -> R {
        try samples.withUnsafeMutableBufferPointer(body)
    }
}

extension PixelBuffer: Equatable where Sample: Equatable {}

/// A pixel buffer whose sample type is known only at run time: what a decoder returns.
///
/// DICOM stored values of up to 8 bits come back as `uint8`, 9 to 16 bits as `uint16` or, when
/// Pixel Representation is 1, sign-extended `int16`. PNG and JPEG give `uint8` or `uint16`.
public enum AnyPixelBuffer: Sendable, Equatable {
    case uint8(PixelBuffer<UInt8>)
    case uint16(PixelBuffer<UInt16>)
    case int16(PixelBuffer<Int16>)
    case float32(PixelBuffer<Float>)
    /// 32-bit integer stored values of 2^24 or more in magnitude (exact in `Double`, not in `Float`)
    /// and Double Float Pixel Data (7FE0,0009).
    case float64(PixelBuffer<Double>)

    /// Width in pixels.
    public var width: Int {
        switch self {
        case .uint8(let b): b.width
        case .uint16(let b): b.width
        case .int16(let b): b.width
        case .float32(let b): b.width
        case .float64(let b): b.width
        }
    }

    /// Height in pixels.
    public var height: Int {
        switch self {
        case .uint8(let b): b.height
        case .uint16(let b): b.height
        case .int16(let b): b.height
        case .float32(let b): b.height
        case .float64(let b): b.height
        }
    }

    /// Interleaved samples per pixel.
    public var channels: Int {
        switch self {
        case .uint8(let b): b.channels
        case .uint16(let b): b.channels
        case .int16(let b): b.channels
        case .float32(let b): b.channels
        case .float64(let b): b.channels
        }
    }

    /// Every sample converted to `Double`, in storage order. Meant for statistics and tests, not hot paths.
    public var doubleSamples: [Double] {
        switch self {
        case .uint8(let b): b.samples.map(Double.init)
        case .uint16(let b): b.samples.map(Double.init)
        case .int16(let b): b.samples.map(Double.init)
        case .float32(let b): b.samples.map(Double.init)
        case .float64(let b): b.samples
        }
    }
}
