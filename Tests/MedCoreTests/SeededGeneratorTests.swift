import MedCore
import Testing

/// The one generator contract, against draws computed outside Swift.
@Suite("SeededGenerator: one counter-based SplitMix64 stream")
struct SeededGeneratorTests {
    @Test("init(seed:) draws the sequential SplitMix64 of Vigna's splitmix64.c (seed 0 and 2026)")
    func sequentialSplitMix() {
        // splitmix64.c with x = 0: 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F; seed
        // 2026 computed with a Python transcription of the same C code.
        var zero = SeededGenerator(seed: 0)
        let zeroDraws = [zero.next(), zero.next(), zero.next()]
        #expect(zeroDraws == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
        var year = SeededGenerator(seed: 2026)
        let yearDraws = [year.next(), year.next(), year.next()]
        #expect(yearDraws == [0xDB9C_5598_9194_8D23, 0x78BC_927D_ED35_455D, 0xAAD7_1E75_CDE2_B88E])
    }

    @Test("init(seed:sampleKey:) is mix(seed ^ mix(FNV-1a(key))), then the same counter stream")
    func keyedStream() {
        // Python: mix(7 ^ mix(fnv1a64(b"train/p001_0001"))) and its first two draws.
        var rng = SeededGenerator(seed: 7, sampleKey: "train/p001_0001")
        #expect(rng.stream == 0x4DD0_D9D4_273F_C17E)
        let first = rng.next(), second = rng.next()
        #expect(first == 0xA681_1B5A_749B_235A)
        #expect(second == 0x5FEE_F055_1BA9_B0C2)
        #expect(rng.counter == 2)
        #expect(SeededGenerator.value(stream: rng.stream, counter: 1) == 0x5FEE_F055_1BA9_B0C2)
    }
}

@Suite("StableHash")
struct StableHashFamilyTests {
    @Test("FNV-1a 64 matches the published test vectors (\"\", \"a\", \"foobar\")")
    func fnv1a() {
        #expect(StableHash.fnv1a64(Array("".utf8)) == 0xCBF2_9CE4_8422_2325)
        #expect(StableHash.fnv1a64(Array("a".utf8)) == 0xAF63_DC4C_8601_EC8C)
        #expect(StableHash.fnv1a64("foobar".utf8) == 0x8594_4171_F739_67E8)
    }
}

@Suite("Hex")
struct HexTests {
    @Test("lowercase matches Python's bytes.hex()")
    func lowercase() {
        #expect(Hex.lowercase([0x00, 0x01, 0xAB, 0xFF, 0x10]) == "0001abff10")
        #expect(Hex.lowercase([UInt8]()) == "")
    }

    @Test("uppercase pads to the width and never truncates, as PS3.5 writes tags")
    func uppercase() {
        #expect(Hex.uppercase(UInt16(0x28), width: 4) == "0028")
        #expect(Hex.uppercase(UInt8(0x0A), width: 2) == "0A")
        #expect(Hex.uppercase(0x12345, width: 4) == "12345")
    }
}
