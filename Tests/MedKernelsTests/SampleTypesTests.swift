import Testing

@testable import MedKernels

/// The internal lane loads and stores of each ``KernelSample``, against values fixed by IEEE 754
/// (round half to even) and the types' ranges.
@Suite("Sample types: lane loads and stores")
struct SampleTypesTests {
    /// Values around every rounding and clamping edge, and their expected 8-bit and 16-bit stores.
    static let values: [Float] = [-1, 0.5, 1.5, 2.5, 254.5, 255.5, 300, 65534.5]
    static let asUInt8: [UInt8] = [0, 0, 2, 2, 254, 255, 255, 255]
    static let asUInt16: [UInt16] = [0, 0, 2, 2, 254, 256, 300, 65534]

    @Test("eight-lane and one-lane stores round half to even and clamp alike")
    func stores() {
        func stored<T: KernelSample>(_: T.Type, lanes: Bool) -> [T] {
            var out = [T](repeating: .zero, count: 8)
            out.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                if lanes {
                    T.store8(SIMD8<Float>(Self.values), base, 0)
                } else {
                    for i in 0..<8 { T.store1(Self.values[i], base, i) }
                }
            }
            return out
        }
        #expect(stored(UInt8.self, lanes: true) == Self.asUInt8)
        #expect(stored(UInt8.self, lanes: false) == Self.asUInt8)
        #expect(stored(UInt16.self, lanes: true) == Self.asUInt16)
        #expect(stored(UInt16.self, lanes: false) == Self.asUInt16)
        #expect(stored(Float.self, lanes: true) == Self.values)
        #expect(stored(Float.self, lanes: false) == Self.values)
    }

    @Test("loads widen each type's bytes at its own width, from any index")
    func loads() {
        func loaded<T: KernelSample>(_ samples: [T]) -> ([Float], [Float]) {
            samples.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return ([], []) }
                let eight = T.load8(base, 1)
                return ((0..<8).map { eight[$0] }, (0..<9).map { T.load1(base, $0) })
            }
        }
        let bytes: [UInt8] = [9, 0, 1, 2, 127, 128, 200, 254, 255]
        let words: [UInt16] = [9, 0, 1, 256, 4095, 32768, 40000, 65534, 65535]
        let floats: [Float] = [9, 0, -1.5, 0.25, 1e-8, 3, 65536.5, -0, 1]
        #expect(loaded(bytes) == (bytes.dropFirst().map(Float.init), bytes.map(Float.init)))
        #expect(loaded(words) == (words.dropFirst().map(Float.init), words.map(Float.init)))
        #expect(loaded(floats) == (Array(floats.dropFirst()), floats))
    }
}
