import CLosslessJPEG
import Foundation
import MedTestSupport
import Testing

@testable import MedImage

/// CLosslessJPEG on cut and damaged codestreams: a status with an offset inside the data, and no
/// write past the output (checked with guard samples; ASan/UBSan and valgrind runs are in
/// Tests/lossless/README.md).
@Suite("Lossless JPEG decoder robustness")
struct LosslessJPEGRobustnessTests {
    /// Frame 0's codestream of a generated fixture.
    static func codestream(_ name: String) throws -> [UInt8] {
        let bytes = try Fixtures.fixtureBytes("lossless/\(name)")
        return try DICOMDataSet.withParsed(bytes) { parsed throws -> [UInt8] in
            try #require(try parsed.get().fragment(1))
        }
    }

    struct Outcome {
        var status: Int32
        var offset: Int
        var samples: [UInt16]
        var guardIntact: Bool
    }

    /// Decodes into a buffer of exactly `capacity` samples followed by guard samples.
    static func decode(_ bytes: [UInt8], capacity: Int) -> Outcome {
        let guardCount = 64
        var output = [UInt16](repeating: 0xA5A5, count: capacity + guardCount)
        var info = CLosslessJPEG_Info()
        var status = CLosslessJPEG_Status()
        let result = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer {
                CLosslessJPEG_decode(input.baseAddress, input.count, $0.baseAddress, capacity, &info, &status)
            }
        }
        return Outcome(
            status: result, offset: status.offset, samples: Array(output[0..<capacity]),
            guardIntact: output[capacity...].allSatisfy { $0 == 0xA5A5 })
    }

    @Test(
        "A codestream cut at every byte fails with an offset inside what is left, or decodes the whole image",
        arguments: ["ours_p12_sv1_restart2.dcm", "ours_rgb8_planes_sv6_restart4.dcm", "dcmtk_b16_sv7_pt2.dcm"])
    func cutEverywhere(name: String) throws {
        let whole = try Self.codestream(name)
        var info = CLosslessJPEG_Info()
        var status = CLosslessJPEG_Status()
        #expect(CLosslessJPEG_read_info(whole, whole.count, &info, &status) == CLosslessJPEG_OK)
        let capacity = Int(info.width * info.height * info.components)
        let full = Self.decode(whole, capacity: capacity)
        #expect(full.status == CLosslessJPEG_OK)
        var failures = 0
        for length in 0..<whole.count {
            let cut = Array(whole.prefix(length))
            let outcome = Self.decode(cut, capacity: capacity)
            #expect(outcome.guardIntact, "cut at \(length)")
            if outcome.status == CLosslessJPEG_OK {
                // Only the end of the last scan (padding, EOI) may be missing.
                #expect(outcome.samples == full.samples, "cut at \(length)")
                #expect(length >= whole.count - 4, "cut at \(length) decoded")
            } else {
                failures += 1
                #expect(
                    [CLosslessJPEG_TRUNCATED, CLosslessJPEG_MALFORMED].contains(Int(outcome.status)), "cut at \(length)"
                )
                #expect(outcome.offset <= length, "cut at \(length): offset \(outcome.offset)")
            }
        }
        #expect(failures >= whole.count - 4)
    }

    @Test("Random byte damage never writes past the output and always reports a known status")
    func randomDamage() throws {
        var generator = SplitMix64(seed: 18)
        for name in [
            "ours_p16_sv2_pt3_restart3.dcm", "ours_rgb16_interleaved_sv5_restart4.dcm", "ours_p16_long_codes_sv1.dcm",
        ] {
            let whole = try Self.codestream(name)
            var info = CLosslessJPEG_Info()
            var status = CLosslessJPEG_Status()
            #expect(CLosslessJPEG_read_info(whole, whole.count, &info, &status) == CLosslessJPEG_OK)
            let capacity = Int(info.width * info.height * info.components)
            var failed = 0
            for _ in 0..<300 {
                var damaged = whole
                for _ in 0..<Int(generator.next() % 4 + 1) {
                    let at = Int(generator.next() % UInt64(damaged.count))
                    damaged[at] = UInt8(truncatingIfNeeded: generator.next())
                }
                let outcome = Self.decode(damaged, capacity: capacity)
                #expect(outcome.guardIntact, "\(name)")
                #expect((0...3).contains(outcome.status))
                #expect(outcome.offset <= damaged.count)
                if outcome.status != CLosslessJPEG_OK { failed += 1 }
            }
            #expect(failed > 0, "\(name): some damage must be detected")
        }
    }

    @Test("An output buffer smaller than the frame is refused before anything is written")
    func smallOutput() throws {
        let whole = try Self.codestream("dcmtk_b12_sv1_pt0.dcm")
        let outcome = Self.decode(whole, capacity: 41 * 29 - 1)
        #expect(outcome.status == CLosslessJPEG_UNSUPPORTED)
        #expect(outcome.guardIntact && outcome.samples.allSatisfy { $0 == 0xA5A5 })
    }
}

/// A small seeded generator (SplitMix64), so that the damage is the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
