import MedCore
import MedLabels
import Testing

@Suite("Stable hash")
struct StableHashTests {
    private let k0: UInt64 = 0x0706_0504_0302_0100
    private let k1: UInt64 = 0x0F0E_0D0C_0B0A_0908

    @Test("SipHash-2-4 matches the paper's reference vectors")
    func referenceVectors() {
        // Aumasson & Bernstein, "SipHash: a fast short-input PRF", appendix A, and vectors.h of the
        // reference implementation (entries 0, 8 and 15).
        #expect(StableHash.sipHash24([UInt8](), k0: k0, k1: k1) == 0x726F_DB47_DD0E_0E31)
        #expect(StableHash.sipHash24((0..<8).map { UInt8($0) }, k0: k0, k1: k1) == 0x93F5_F579_9A93_2462)
        #expect(StableHash.sipHash24((0..<15).map { UInt8($0) }, k0: k0, k1: k1) == 0xA129_CA61_49BE_45E5)
    }

    @Test("unit values are in [0, 1) and depend on the seed")
    func unitValues() {
        let a = StableHash.unitValue(patientID: "10000032", seed: 1)
        let b = StableHash.unitValue(patientID: "10000032", seed: 2)
        #expect(a >= 0 && a < 1 && b >= 0 && b < 1)
        #expect(a != b)
        #expect(a == StableHash.unitValue(patientID: "10000032", seed: 1))
    }
}
