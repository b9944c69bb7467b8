/// The package's one seeded generator: counter-based SplitMix64, where draw `i` of a stream is a
/// pure function of (stream, i): `mix(stream + (i + 1) × 0x9E3779B97F4A7C15)`.
///
/// Two ways to pick a stream, one contract:
/// - ``init(seed:sampleKey:)`` for everything that feeds shard bytes (augmentation): the stream
///   comes from (run seed, sample key) through FNV-1a (``StableHash/fnv1a64(_:)``) and the
///   SplitMix64 finalizer, so a sample's draws never depend on thread count, worker count or the
///   order samples are processed in.
/// - ``init(seed:)`` for one reproducible sequence (simulations, generated test data): the stream is
///   the seed itself, which makes the draws exactly those of the classic sequential SplitMix64
///   (Steele, Lea and Flood 2014) seeded with `seed`.
///
/// Swift's `Hasher` is not used: it is seeded per process. The uniform and normal variates of this
/// type are computed here, not with the standard library's `random(in:using:)`, whose algorithm may
/// change between releases; nothing here calls libm, so they are identical on every platform.
/// Variates drawn with the standard library (`Double.random(in:using:)`) or with libm (MedGestures'
/// Box-Muller `nextGaussian()`) only promise the same sequence of 64-bit draws.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable, Codable {
    /// The stream identifier.
    public let stream: UInt64
    /// Index of the next draw.
    public private(set) var counter: UInt64

    /// The generator for one sample of one run.
    ///
    /// - Parameters:
    ///   - seed: The run seed (from the pipeline description).
    ///   - sampleKey: The sample's key, e.g. its shard key.
    public init(seed: UInt64, sampleKey: String) {
        self.init(stream: Self.mix(seed ^ Self.mix(StableHash.fnv1a64(sampleKey.utf8))))
    }

    /// The sequential SplitMix64 generator seeded with `seed`: the stream is `seed`, from draw 0.
    ///
    /// - Parameter seed: Any 64-bit seed.
    public init(seed: UInt64) {
        self.init(stream: seed, counter: 0)
    }

    /// A generator over an explicit stream, starting at draw `counter`.
    public init(stream: UInt64, counter: UInt64 = 0) {
        self.stream = stream
        self.counter = counter
    }

    /// Draw `counter` of `stream`, without state.
    ///
    /// Inlinable because MedKernels calls it once per pixel (intensity noise).
    @inlinable @inline(__always)
    public static func value(stream: UInt64, counter: UInt64) -> UInt64 {
        mix(stream &+ (counter &+ 1) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// The SplitMix64 finalizer (Stafford variant 13).
    @inlinable @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        defer { counter &+= 1 }
        return Self.value(stream: stream, counter: counter)
    }

    /// A uniform `Double` in `0..<1` with 53 random bits.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A uniform `Double` in `range`.
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUnit()
    }

    /// A uniform integer in `range`, by multiply-shift (bias below 2^-32 for ranges under 2^32).
    public mutating func integer(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: span).high)
    }

    /// `true` with probability `p`.
    public mutating func bernoulli(_ p: Double) -> Bool { nextUnit() < p }

    /// An approximately standard normal variate (see ``approximateNormal(_:)``).
    public mutating func normal() -> Double { Double(Self.approximateNormal(next())) }

    /// A standard normal approximation from one 64-bit draw.
    ///
    /// The Irwin-Hall sum of four 16-bit uniforms, centered and scaled to variance 1 (tails end
    /// at ±3.46). Exact integer arithmetic
    /// and one multiply, so it vectorizes and is bit-identical everywhere, unlike Box-Muller's libm calls.
    @inlinable @inline(__always)
    public static func approximateNormal(_ bits: UInt64) -> Float {
        let s = (bits & 0xFFFF) &+ ((bits >> 16) & 0xFFFF) &+ ((bits >> 32) & 0xFFFF) &+ (bits >> 48)
        // Sum of four U(0, 65536) has mean 131070 and standard deviation 65536 / sqrt(3).
        return (Float(Int32(truncatingIfNeeded: s)) - 131_070) * (1.732_050_8 / 65536)
    }
}
